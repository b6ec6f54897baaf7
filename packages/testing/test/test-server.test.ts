import { afterEach, describe, expect, it } from 'vitest';
import type { ApiFlag, EnvironmentDocument, TestServer } from '../src/index';
import {
  DEFAULT_SERVER_KEY,
  EXPERIMENT_ENVIRONMENT_CLIENT_KEY,
  experimentEnvironment,
  MINIMAL_ENVIRONMENT_CLIENT_KEY,
  minimalEnvironment,
  startTestServer,
} from '../src/index';
import { customEvent, getApi, postApi, postEvents } from './helpers';

const servers: TestServer[] = [];

async function start(...args: Parameters<typeof startTestServer>): Promise<TestServer> {
  const server = await startTestServer(...args);
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function flagNames(server: TestServer): Promise<string[]> {
  const flags = (await (await getApi(server, 'flags/')).json()) as ApiFlag[];
  return flags.map((flag) => flag.feature.name);
}

describe('startTestServer', () => {
  it('listens on a free port of 127.0.0.1 and exposes the URLs clients need', async () => {
    const server = await start();
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.apiUrl).toBe(`${server.url}api/v1/`);
    expect(server.eventsApiUrl).toBe(server.url);
  });

  it('serves the experiment fixture with its api_key and the default server key', async () => {
    const server = await start();
    expect(server.clientKey).toBe(EXPERIMENT_ENVIRONMENT_CLIENT_KEY);
    expect(server.serverKey).toBe(DEFAULT_SERVER_KEY);
    expect(await flagNames(server)).toContain('checkout_button');
  });

  it('takes the client key from the environment and accepts custom keys', async () => {
    const minimal = await start({ environment: minimalEnvironment });
    expect(minimal.clientKey).toBe(MINIMAL_ENVIRONMENT_CLIENT_KEY);
    const custom = await start({ clientKey: 'my-client-key', serverKey: 'ser.my-server-key' });
    expect((await getApi(custom, 'flags/', 'my-client-key')).status).toBe(200);
    expect((await getApi(custom, 'environment-document/', 'ser.my-server-key')).status).toBe(200);
    expect((await getApi(custom, 'flags/', EXPERIMENT_ENVIRONMENT_CLIENT_KEY)).status).toBe(403);
    expect((await getApi(custom, 'flags/', DEFAULT_SERVER_KEY)).status).toBe(403);
  });

  it('serves its own copy of the environment', async () => {
    const document = structuredClone(minimalEnvironment);
    const server = await start({ environment: document });
    document.feature_states.pop();
    expect(await flagNames(server)).toEqual(['welcome_banner', 'greeting', 'maintenance_mode']);
  });

  it('rejects with the listen error when the port is taken', async () => {
    const first = await start();
    await expect(startTestServer({ port: first.port })).rejects.toThrow(/EADDRINUSE/);
  });

  it('refuses connections after close, and close can be called twice', async () => {
    const server = await startTestServer();
    await server.close();
    await server.close();
    await expect(getApi(server, 'flags/')).rejects.toThrow();
  });
});

describe('setEnvironment', () => {
  it('serves the new document from the next request on', async () => {
    const server = await start({ environment: minimalEnvironment });
    expect(await flagNames(server)).toHaveLength(3);
    server.setEnvironment(experimentEnvironment);
    expect(await flagNames(server)).toContain('checkout_button');
    expect(server.clientKey).toBe(MINIMAL_ENVIRONMENT_CLIENT_KEY);
  });

  it('throws a TypeError for something that is not an environment document', async () => {
    const server = await start();
    expect(() => server.setEnvironment({} as EnvironmentDocument)).toThrow(TypeError);
    expect(() =>
      server.setEnvironment({
        ...minimalEnvironment,
        feature_states: 'x',
      } as unknown as EnvironmentDocument),
    ).toThrow(/feature_states/);
  });
});

describe('requests', () => {
  it('records method, path, query, lower-case headers, parsed body, status and arrival time', async () => {
    const server = await start();
    const before = Date.now();
    await getApi(server, 'identities/?identifier=user_42&x=1');
    await postApi(server, 'identities/', { identifier: 'user_42', traits: [] });
    await fetch(`${server.eventsApiUrl}v1/events`, {
      method: 'POST',
      headers: { 'X-Environment-Key': server.clientKey, 'Content-Type': 'application/json' },
      body: 'not json',
    });
    const [get, post, events] = server.requests;
    expect(get).toMatchObject({
      method: 'GET',
      path: '/api/v1/identities/',
      query: { identifier: 'user_42', x: '1' },
      body: null,
      status: 200,
      dropped: false,
      faulted: false,
    });
    expect(get?.headers['x-environment-key']).toBe(server.clientKey);
    expect(get?.receivedAt).toBeGreaterThanOrEqual(before);
    expect(post).toMatchObject({ method: 'POST', body: { identifier: 'user_42', traits: [] } });
    expect(events).toMatchObject({ path: '/v1/events', body: 'not json', status: 400 });
    expect(events?.headers['content-type']).toBe('application/json');
  });
});

describe('reset', () => {
  it('forgets events, requests, faults, rejections and remembered traits but keeps the environment', async () => {
    const server = await start({ environment: minimalEnvironment });
    await postEvents(server, { events: [customEvent()] });
    await postApi(server, 'identities/', {
      identifier: 'u',
      traits: [{ trait_key: 'plan', trait_value: 'pro' }],
    });
    server.injectFault({ path: 'flags/', status: 500 });
    server.rejectEvents(() => true);
    server.setEnvironment(experimentEnvironment);

    server.reset();

    expect(server.events).toEqual([]);
    expect(server.requests).toEqual([]);
    expect((await getApi(server, 'flags/')).status).toBe(200);
    expect(await flagNames(server)).toContain('checkout_button');
    const identity = (await (await getApi(server, 'identities/?identifier=u')).json()) as {
      traits: unknown[];
    };
    expect(identity.traits).toEqual([]);
    expect(await (await postEvents(server, { events: [customEvent()] })).json()).toEqual({
      accepted: 1,
      rejected: [],
    });
  });
});

describe('waitForEvents', () => {
  it('resolves once enough events have arrived', async () => {
    const server = await start();
    const waiting = server.waitForEvents(2);
    await postEvents(server, { events: [customEvent()] });
    await postEvents(server, { events: [customEvent({ event: 'signup' })] });
    expect((await waiting).map((event) => event.event)).toEqual(['purchase', 'signup']);
  });

  it('rejects after the timeout, saying how many arrived', async () => {
    const server = await start();
    await postEvents(server, { events: [customEvent()] });
    await expect(server.waitForEvents(3, { timeoutMs: 50 })).rejects.toThrow(/1 of 3 events/);
  });
});

describe('CORS', () => {
  it('answers preflight requests without consuming faults', async () => {
    const server = await start();
    server.injectFault({ path: 'flags/', status: 500 });
    const preflight = await fetch(`${server.apiUrl}flags/`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-environment-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('x-environment-key');
    expect((await getApi(server, 'flags/')).status).toBe(500);
  });

  it('lets pages read responses and their Link and Retry-After headers', async () => {
    const server = await start();
    const response = await getApi(server, 'flags/');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toBe('Link, Retry-After');
  });
});
