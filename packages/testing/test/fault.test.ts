import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fault, TestServer } from '../src/index';
import { startTestServer } from '../src/index';
import { faultPathname } from '../src/internal/fault-queue';
import { customEvent, getApi, postEvents } from './helpers';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

async function statuses(count: number, path = 'flags/'): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < count; i += 1) result.push((await getApi(server, path)).status);
  return result;
}

describe('injectFault', () => {
  it('answers the status the given number of times, then serves normally', async () => {
    server.injectFault({ path: 'flags/', status: 503, times: 2 });
    const response = await getApi(server, 'flags/');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ detail: 'Injected fault: 503' });
    expect(await statuses(3)).toEqual([503, 200, 200]);
  });

  it('applies a fault once by default', async () => {
    server.injectFault({ path: 'flags/', status: 500 });
    expect(await statuses(2)).toEqual([500, 200]);
  });

  it('keeps an Infinity fault until clearFaults', async () => {
    server.injectFault({ path: 'flags/', status: 502, times: Number.POSITIVE_INFINITY });
    expect(await statuses(4)).toEqual([502, 502, 502, 502]);
    server.clearFaults();
    expect(await statuses(1)).toEqual([200]);
  });

  it('queues several faults on one path in order', async () => {
    server.injectFault({ path: '/api/v1/flags/', status: 500 });
    server.injectFault({ path: 'flags', status: 429, times: 2 });
    server.injectFault({ path: 'flags/', status: 408 });
    expect(await statuses(5)).toEqual([500, 429, 429, 408, 200]);
  });

  it('applies only to its own path', async () => {
    server.injectFault({ path: 'environment-document/', status: 500 });
    expect((await getApi(server, 'flags/')).status).toBe(200);
    expect((await getApi(server, 'environment-document/', server.serverKey)).status).toBe(500);
  });

  it('sends Retry-After in seconds or as a raw value', async () => {
    server.injectFault({ path: 'flags/', status: 429, retryAfterSeconds: 2 });
    server.injectFault({
      path: 'flags/',
      status: 503,
      retryAfter: 'Wed, 21 Oct 2065 07:28:00 GMT',
    });
    server.injectFault({ path: 'flags/', status: 500 });
    expect((await getApi(server, 'flags/')).headers.get('retry-after')).toBe('2');
    expect((await getApi(server, 'flags/')).headers.get('retry-after')).toBe(
      'Wed, 21 Oct 2065 07:28:00 GMT',
    );
    expect((await getApi(server, 'flags/')).headers.get('retry-after')).toBeNull();
  });

  it('sends a custom body, verbatim when it is a string', async () => {
    server.injectFault({ path: 'flags/', status: 200, body: 'not json' });
    server.injectFault({ path: 'flags/', status: 400, body: { detail: 'custom' } });
    expect(await (await getApi(server, 'flags/')).text()).toBe('not json');
    expect(await (await getApi(server, 'flags/')).json()).toEqual({ detail: 'custom' });
  });

  it('delays a request and then serves it normally when only delayMs is given', async () => {
    server.injectFault({ path: 'flags/', delayMs: 400 });
    await expect(
      fetch(`${server.apiUrl}flags/`, {
        headers: { 'x-environment-key': server.clientKey },
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow();

    server.injectFault({ path: 'flags/', delayMs: 150 });
    const started = performance.now();
    const response = await getApi(server, 'flags/');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.status).toBe(200);
    expect(Array.isArray(await response.json())).toBe(true);
  });

  it('delays before answering a status', async () => {
    server.injectFault({ path: 'flags/', delayMs: 400, status: 504 });
    await expect(
      fetch(`${server.apiUrl}flags/`, {
        headers: { 'x-environment-key': server.clientKey },
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow();
    expect(await statuses(1)).toEqual([200]);
  });

  it('drops the connection without a response', async () => {
    server.injectFault({ path: 'v1/events', dropConnection: true });
    await expect(postEvents(server, { events: [customEvent()] })).rejects.toThrow(TypeError);
    expect(server.events).toEqual([]);
    const [record] = server.requests;
    expect(record).toMatchObject({
      path: '/v1/events',
      dropped: true,
      faulted: true,
      status: null,
    });
    expect((await postEvents(server, { events: [customEvent()] })).status).toBe(202);
  });

  it('records faulted requests with their status', async () => {
    server.injectFault({ path: 'flags/', status: 503 });
    await statuses(2);
    expect(
      server.requests.map(({ status, faulted, dropped }) => ({ status, faulted, dropped })),
    ).toEqual([
      { status: 503, faulted: true, dropped: false },
      { status: 200, faulted: false, dropped: false },
    ]);
  });

  it('applies before the key check, so any caller sees it', async () => {
    server.injectFault({ path: 'flags/', status: 500 });
    expect((await getApi(server, 'flags/', 'wrong-key')).status).toBe(500);
  });

  it('lets close() end a delayed request instead of waiting for it', async () => {
    server.injectFault({ path: 'flags/', delayMs: 60_000 });
    const pending = getApi(server, 'flags/').then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    expect(await pending).toBe('failed');
  });

  it.each<[string, Fault]>([
    ['no path', { path: '', status: 500 }],
    ['a query string in the path', { path: 'flags/?page=2', status: 500 }],
    ['nothing to do', { path: 'flags/' }],
    ['an out-of-range status', { path: 'flags/', status: 99 }],
    ['zero times', { path: 'flags/', status: 500, times: 0 }],
    ['fractional times', { path: 'flags/', status: 500, times: 1.5 }],
    ['a negative delay', { path: 'flags/', delayMs: -1 }],
    ['a status with a dropped connection', { path: 'flags/', status: 500, dropConnection: true }],
    ['Retry-After without a status', { path: 'flags/', delayMs: 1, retryAfterSeconds: 1 }],
    [
      'both Retry-After forms',
      { path: 'flags/', status: 429, retryAfter: '1', retryAfterSeconds: 1 },
    ],
    ['a body without a status', { path: 'flags/', dropConnection: true, body: 'x' }],
  ])('throws a TypeError for %s', (_, fault) => {
    expect(() => server.injectFault(fault)).toThrow(TypeError);
  });
});

describe('faultPathname', () => {
  it.each([
    ['/api/v1/flags/', '/api/v1/flags/'],
    ['/v1/events', '/v1/events'],
    ['/anything', '/anything'],
    ['flags/', '/api/v1/flags/'],
    ['flags', '/api/v1/flags/'],
    ['identities/', '/api/v1/identities/'],
    ['environment-document/', '/api/v1/environment-document/'],
    ['v1/events', '/v1/events'],
  ])('resolves %s to %s', (path, pathname) => {
    expect(faultPathname(path)).toBe(pathname);
  });
});
