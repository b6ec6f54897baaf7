import type { TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SendHttpRequest } from '../../src/internal/http-request';
import { sendHttpRequest as overKy } from '../../src/internal/send-http-request';
import { sendHttpRequest as overFetch } from '../../src/internal/send-http-request.browser';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ environment: experimentEnvironment });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
});

/** What reached the server, without the headers that differ by client library. */
function lastRequest() {
  const request = server.requests.at(-1);
  if (request === undefined) throw new Error('no request arrived');
  const { 'content-type': contentType, 'x-environment-key': key, accept } = request.headers;
  return {
    method: request.method,
    path: request.path,
    body: request.body,
    headers: { contentType, key, accept },
  };
}

// The browser bundles' version must put on the wire exactly what the ky version does.
describe.each([
  ['ky', overKy],
  ['the browser fetch', overFetch],
] as [string, SendHttpRequest][])('sendHttpRequest over %s', (_name, send) => {
  it('sends JSON with its content type, and the given headers', async () => {
    const response = await send({
      method: 'POST',
      url: new URL('identities/', server.apiUrl),
      headers: { Accept: 'application/json', 'X-Environment-Key': server.clientKey },
      json: { identifier: 'u1', traits: [] },
      signal: new AbortController().signal,
      fetch: globalThis.fetch,
    });
    expect(response.status).toBe(200);
    expect(lastRequest()).toEqual({
      method: 'POST',
      path: '/api/v1/identities/',
      body: { identifier: 'u1', traits: [] },
      headers: {
        contentType: 'application/json',
        key: server.clientKey,
        accept: 'application/json',
      },
    });
  });

  it('sends a text body as it is, with keepalive, and resolves for an error status', async () => {
    server.injectFault({ path: 'v1/events', status: 503 });
    const body = JSON.stringify({ events: [] });
    const response = await send({
      method: 'POST',
      url: `${server.eventsApiUrl}v1/events`,
      headers: { 'content-type': 'application/json', 'x-environment-key': server.clientKey },
      body,
      keepalive: true,
      signal: new AbortController().signal,
      fetch: globalThis.fetch,
    });
    expect(response.status).toBe(503);
    expect(lastRequest()).toMatchObject({
      method: 'POST',
      path: '/v1/events',
      body: { events: [] },
    });
  });

  it('calls the given fetch unbound, and rejects when it rejects', async () => {
    const calls: unknown[] = [];
    const failing = function (this: unknown) {
      calls.push(this);
      return Promise.reject(new TypeError('network down'));
    };
    await expect(
      send({
        method: 'GET',
        url: new URL('flags/', server.apiUrl),
        headers: {},
        signal: new AbortController().signal,
        fetch: failing,
      }),
    ).rejects.toThrow('network down');
    expect(calls).toEqual([undefined]);
  });
});
