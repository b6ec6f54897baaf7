import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FlagsmithClientOptions, Logger } from '@flagsmith-openfeature/core';
import {
  DEFAULT_FLAGSMITH_CLIENT_OPTIONS,
  FlagsmithAuthenticationError,
  FlagsmithClient,
  FlagsmithError,
  FlagsmithHttpError,
  FlagsmithNetworkError,
  FlagsmithResponseError,
  FlagsmithTimeoutError,
  resolveFlagsmithClientOptions,
} from '@flagsmith-openfeature/core';
import type { TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startScriptedServer } from './support/scripted-server';

const SERVER_KEY = 'ser.core-tests';
const fastRetries = { retryBackoff: { baseMs: 1, maxMs: 5 } } as const;

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    error() {},
    warn: (message: unknown) => warnings.push(String(message)),
    info() {},
    debug() {},
  };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('FlagsmithClient against the test server', () => {
  let server: TestServer;

  const client = (options: Partial<FlagsmithClientOptions> = {}) =>
    new FlagsmithClient({
      environmentKey: SERVER_KEY,
      apiUrl: server.apiUrl,
      ...fastRetries,
      ...options,
    });

  const requestsTo = (path: string) =>
    server.requests.filter((request) => request.path === `/api/v1/${path}`);

  beforeAll(async () => {
    server = await startTestServer({ environment: experimentEnvironment, serverKey: SERVER_KEY });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
  });

  describe('getEnvironmentFlags', () => {
    it('returns the environment flags keyed by feature name', async () => {
      const flags = await client().getEnvironmentFlags();
      const expected = experimentEnvironment.feature_states;
      expect([...flags.keys()].sort()).toStrictEqual(
        expected.map((state) => state.feature.name).sort(),
      );
      for (const state of expected) {
        expect(flags.get(state.feature.name)).toMatchObject({
          featureId: state.feature.id,
          featureName: state.feature.name,
          enabled: state.enabled,
          value: state.feature_state_value ?? null,
        });
      }
    });

    it('sends the environment key, Accept and the custom headers', async () => {
      const logger = recordingLogger();
      await client({
        customHeaders: { 'X-Proxy-Token': 'abc', 'X-Environment-Key': 'ignored' },
        logger,
      }).getEnvironmentFlags();
      expect(logger.warnings).toStrictEqual([
        "FlagsmithClient: customHeaders' X-Environment-Key is ignored",
      ]);
      const [request] = requestsTo('flags/');
      expect(request?.method).toBe('GET');
      expect(request?.headers).toMatchObject({
        'x-environment-key': SERVER_KEY,
        accept: 'application/json',
        'x-proxy-token': 'abc',
      });
    });

    it('accepts the client-side key', async () => {
      const flags = await client({ environmentKey: server.clientKey }).getEnvironmentFlags();
      expect(flags.size).toBeGreaterThan(0);
    });
  });

  describe('getIdentityFlags', () => {
    it('posts the identifier and the traits sorted by key, without transient', async () => {
      await client().getIdentityFlags('user_42', {
        plan: 'pro',
        age: 31,
        beta: true,
        gone: null,
        skipped: undefined,
      });
      const [request] = requestsTo('identities/');
      expect(request?.method).toBe('POST');
      expect(request?.headers['content-type']).toMatch(/^application\/json/);
      expect(request?.headers['x-environment-key']).toBe(SERVER_KEY);
      expect(request?.body).toStrictEqual({
        identifier: 'user_42',
        traits: [
          { trait_key: 'age', trait_value: 31 },
          { trait_key: 'beta', trait_value: true },
          { trait_key: 'gone', trait_value: null },
          { trait_key: 'plan', trait_value: 'pro' },
        ],
      });
    });

    it('sends transient: true only when the lookup is transient', async () => {
      await client().getIdentityFlags('user_42', {}, { transient: true });
      await client().getIdentityFlags('user_42', {}, { transient: false });
      const [transient, persistent] = requestsTo('identities/');
      expect(transient?.body).toStrictEqual({ identifier: 'user_42', traits: [], transient: true });
      expect(persistent?.body).toStrictEqual({ identifier: 'user_42', traits: [] });
    });

    it("returns the identity's overridden flags", async () => {
      const override = experimentEnvironment.identity_overrides?.[0];
      const state = override?.identity_features?.[0];
      if (override === undefined || state === undefined)
        throw new Error('the fixture has no identity override');
      const flags = await client().getIdentityFlags(override.identifier);
      expect(flags.get(state.feature.name)).toMatchObject({
        featureId: state.feature.id,
        enabled: state.enabled,
        value: state.feature_state_value,
      });
    });

    it('refuses an empty identifier and unsendable traits with a TypeError, sending nothing', async () => {
      await expect(client().getIdentityFlags('')).rejects.toThrow(TypeError);
      await expect(
        client().getIdentityFlags('user_42', { signedUp: new Date() as unknown as string }),
      ).rejects.toThrow(/trait "signedUp" must be a string, a finite number, a boolean or null/);
      await expect(client().getIdentityFlags('user_42', { score: Number.NaN })).rejects.toThrow(
        TypeError,
      );
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('getEnvironmentDocument', () => {
    it('returns the environment document', async () => {
      const document = await client().getEnvironmentDocument();
      expect(document.api_key).toBe(experimentEnvironment.api_key);
      expect(document.feature_states).toStrictEqual(
        JSON.parse(JSON.stringify(experimentEnvironment.feature_states)),
      );
      expect(document.identity_overrides.map((override) => override.identifier)).toStrictEqual(
        experimentEnvironment.identity_overrides?.map((override) => override.identifier),
      );
      expect(requestsTo('environment-document/')[0]?.headers['x-environment-key']).toBe(SERVER_KEY);
    });

    it('rejects a client-side key with an authentication error that asks for a server-side key', async () => {
      const error = await rejectionOf(
        client({ environmentKey: server.clientKey }).getEnvironmentDocument(),
      );
      expect(error).toBeInstanceOf(FlagsmithAuthenticationError);
      expect((error as FlagsmithAuthenticationError).status).toBeOneOf([401, 403]);
      expect((error as Error).message).toMatch(
        /server-side key \(one starting with "ser\."\), and the key given is not one/,
      );
      expect(requestsTo('environment-document/')).toHaveLength(1);
    });
  });

  describe('getEnvironmentDocument with pages', () => {
    let paged: TestServer;

    beforeAll(async () => {
      paged = await startTestServer({
        environment: experimentEnvironment,
        serverKey: SERVER_KEY,
        environmentDocumentPageSize: 1,
      });
    });
    afterAll(async () => {
      await paged.close();
    });

    it('follows Link rel="next" and concatenates every page\'s identity_overrides', async () => {
      const overrides = experimentEnvironment.identity_overrides ?? [];
      expect(overrides.length).toBeGreaterThan(1);
      const document = await new FlagsmithClient({
        environmentKey: SERVER_KEY,
        apiUrl: paged.apiUrl,
      }).getEnvironmentDocument();
      expect(document.identity_overrides.map((override) => override.identifier)).toStrictEqual(
        overrides.map((override) => override.identifier),
      );
      const pages = paged.requests.filter(
        (request) => request.path === '/api/v1/environment-document/',
      );
      expect(pages).toHaveLength(overrides.length);
    });
  });

  describe('retries', () => {
    it('retries 503 twice and then returns the flags', async () => {
      server.injectFault({ path: 'flags/', status: 503, times: 2 });
      const debug: string[] = [];
      const logger = {
        ...recordingLogger(),
        debug: (message: unknown) => debug.push(String(message)),
      };
      const flags = await client({ logger }).getEnvironmentFlags();
      expect(flags.size).toBe(experimentEnvironment.feature_states.length);
      expect(requestsTo('flags/').map((request) => request.status)).toStrictEqual([503, 503, 200]);
      expect(debug).toHaveLength(2);
      expect(debug[0]).toMatch(
        /^FlagsmithClient: GET .*flags\/: HTTP 503; retry 1 of 3 in \d+ ms$/,
      );
      expect(debug[1]).toMatch(
        /^FlagsmithClient: GET .*flags\/ \(2 attempts\): HTTP 503; retry 2 of 3/,
      );
    });

    it('retries identity lookups on 429 and 408 too', async () => {
      server.injectFault({ path: 'identities/', status: 429, times: 1 });
      server.injectFault({ path: 'identities/', status: 408, times: 1 });
      await client().getIdentityFlags('user_42');
      expect(requestsTo('identities/').map((request) => request.status)).toStrictEqual([
        429, 408, 200,
      ]);
    });

    it('waits as long as Retry-After asks before retrying', async () => {
      server.injectFault({ path: 'flags/', status: 429, retryAfterSeconds: 1, times: 1 });
      const started = Date.now();
      await client().getEnvironmentFlags();
      const [limited, retried] = requestsTo('flags/');
      expect(retried?.status).toBe(200);
      expect((retried?.receivedAt ?? 0) - (limited?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    });

    it('gives up at once when Retry-After asks for longer than maxRetryAfterMs', async () => {
      server.injectFault({ path: 'flags/', status: 503, retryAfterSeconds: 120, times: 1 });
      const error = await rejectionOf(client().getEnvironmentFlags());
      expect(error).toBeInstanceOf(FlagsmithHttpError);
      expect((error as FlagsmithHttpError).status).toBe(503);
      expect((error as Error).message).toMatch(
        /^GET .*flags\/: HTTP 503; Retry-After \(120000 ms\) exceeds maxRetryAfterMs$/,
      );
      expect(requestsTo('flags/')).toHaveLength(1);
    });

    it('rejects with the last HTTP error once the retries are spent', async () => {
      server.injectFault({ path: 'flags/', status: 500, times: Number.POSITIVE_INFINITY });
      const error = await rejectionOf(client({ retries: 2 }).getEnvironmentFlags());
      expect(error).toBeInstanceOf(FlagsmithHttpError);
      expect(error).not.toBeInstanceOf(FlagsmithAuthenticationError);
      expect(error).toMatchObject({ status: 500, method: 'GET', url: `${server.apiUrl}flags/` });
      expect((error as Error).message).toMatch(/^GET .*flags\/ \(3 attempts\): HTTP 500$/);
      expect(requestsTo('flags/')).toHaveLength(3);
    });

    it.each([400, 404, 422])('never retries HTTP %i', async (status) => {
      server.injectFault({
        path: 'flags/',
        status,
        times: Number.POSITIVE_INFINITY,
        body: { detail: 'nope' },
      });
      const error = await rejectionOf(client().getEnvironmentFlags());
      expect(error).toBeInstanceOf(FlagsmithHttpError);
      expect(error).toMatchObject({ status });
      expect((error as FlagsmithHttpError).body).toContain('nope');
      expect((error as Error).message).toBe(
        status === 404
          ? `GET ${server.apiUrl}flags/: HTTP 404. Check apiUrl.`
          : `GET ${server.apiUrl}flags/: HTTP ${status}: ${(error as FlagsmithHttpError).body}`,
      );
      expect(requestsTo('flags/')).toHaveLength(1);
    });

    it('retries a dropped connection and then reports a network error', async () => {
      server.injectFault({ path: 'flags/', dropConnection: true, times: Number.POSITIVE_INFINITY });
      const error = await rejectionOf(client({ retries: 1 }).getEnvironmentFlags());
      expect(error).toBeInstanceOf(FlagsmithNetworkError);
      expect(error).not.toBeInstanceOf(FlagsmithTimeoutError);
      expect((error as FlagsmithNetworkError).cause).toBeDefined();
      expect(requestsTo('flags/')).toHaveLength(2);
    });

    it('does not retry when retries is 0', async () => {
      server.injectFault({ path: 'flags/', status: 503, times: 1 });
      await expect(client({ retries: 0 }).getEnvironmentFlags()).rejects.toThrow(
        FlagsmithHttpError,
      );
      expect(requestsTo('flags/')).toHaveLength(1);
    });
  });

  describe('timeouts', () => {
    it('rejects with FlagsmithTimeoutError when an attempt outlasts requestTimeoutMs', async () => {
      server.injectFault({ path: 'flags/', delayMs: 2_000, times: 1 });
      const started = Date.now();
      const error = await rejectionOf(
        client({ requestTimeoutMs: 100, retries: 0 }).getEnvironmentFlags(),
      );
      expect(error).toBeInstanceOf(FlagsmithTimeoutError);
      expect(error).toBeInstanceOf(FlagsmithNetworkError);
      expect((error as FlagsmithTimeoutError).timeoutMs).toBe(100);
      expect(Date.now() - started).toBeLessThan(1_500);
    });

    it('retries an attempt that timed out', async () => {
      server.injectFault({ path: 'flags/', delayMs: 1_000, times: 1 });
      const flags = await client({ requestTimeoutMs: 200, retries: 1 }).getEnvironmentFlags();
      expect(flags.size).toBeGreaterThan(0);
      expect(requestsTo('flags/')).toHaveLength(2);
    });
  });

  describe('authentication', () => {
    it('rejects an unknown key with a FlagsmithAuthenticationError, unretried', async () => {
      const error = await rejectionOf(
        client({ environmentKey: 'not-a-key' }).getEnvironmentFlags(),
      );
      expect(error).toBeInstanceOf(FlagsmithAuthenticationError);
      expect(error).toBeInstanceOf(FlagsmithHttpError);
      expect((error as FlagsmithAuthenticationError).status).toBeOneOf([401, 403]);
      expect((error as Error).message).toMatch(
        /^GET .*flags\/: HTTP 40[13]\. Check environmentKey\.$/,
      );
      expect((error as Error).message).not.toContain('not-a-key');
      expect(requestsTo('flags/')).toHaveLength(1);
    });

    it.each([401, 403])('tells HTTP %i apart as an authentication error', async (status) => {
      server.injectFault({ path: 'identities/', status, times: Number.POSITIVE_INFINITY });
      const error = await rejectionOf(client().getIdentityFlags('user_42'));
      expect(error).toBeInstanceOf(FlagsmithAuthenticationError);
      expect(error).toMatchObject({ status, method: 'POST', url: `${server.apiUrl}identities/` });
      expect(requestsTo('identities/')).toHaveLength(1);
    });
  });

  describe('bodies that are not what the API returns', () => {
    it('rejects malformed JSON with FlagsmithResponseError', async () => {
      server.injectFault({ path: 'flags/', status: 200, body: '[{"feature": ' });
      const error = await rejectionOf(client().getEnvironmentFlags());
      expect(error).toBeInstanceOf(FlagsmithResponseError);
      expect(error).toMatchObject({ status: 200, body: '[{"feature": ' });
      expect((error as Error).message).toBe(
        `GET ${server.apiUrl}flags/: unusable HTTP 200 answer: the body is not JSON. Check apiUrl.`,
      );
      expect(requestsTo('flags/')).toHaveLength(1);
    });

    it.each([
      ['flags/', { flags: [] }, /the body must be an array of flags/],
      [
        'flags/',
        [{ feature: { id: 1 }, enabled: true }],
        /the body\[0\]\.feature\.name must be a non-empty string/,
      ],
      ['identities/', { identifier: 'user_42', traits: [] }, /flags must be an array/],
      ['identities/', 'null', /the body must be an object, got null/],
      ['environment-document/', { api_key: 'x', project: {} }, /feature_states must be an array/],
    ] as const)(
      'rejects a %s body of the wrong shape with FlagsmithResponseError',
      async (path, body, message) => {
        server.injectFault({ path, status: 200, body });
        const c = client();
        const call =
          path === 'flags/'
            ? c.getEnvironmentFlags()
            : path === 'identities/'
              ? c.getIdentityFlags('user_42')
              : c.getEnvironmentDocument();
        const error = await rejectionOf(call);
        expect(error).toBeInstanceOf(FlagsmithResponseError);
        expect((error as Error).message).toMatch(message);
      },
    );
  });
});

describe('FlagsmithClient without the test server', () => {
  it('wraps a refused connection in FlagsmithNetworkError, never a ky or fetch error', async () => {
    const scripted = await startScriptedServer(() => ({}));
    const { apiUrl } = scripted;
    await scripted.close();
    const error = await rejectionOf(
      new FlagsmithClient({
        environmentKey: 'key',
        apiUrl,
        retries: 1,
        ...fastRetries,
      }).getEnvironmentFlags(),
    );
    expect(error).toBeInstanceOf(FlagsmithNetworkError);
    expect(error).toBeInstanceOf(FlagsmithError);
    expect((error as Error).name).toBe('FlagsmithNetworkError');
    expect((error as Error).message).toMatch(/^GET .*flags\/ \(2 attempts\): fetch failed \(.+\)$/);
  });

  it('counts reading the body against requestTimeoutMs', async () => {
    const stalling = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('[');
    });
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    const { port } = stalling.address() as AddressInfo;
    try {
      const error = await rejectionOf(
        new FlagsmithClient({
          environmentKey: 'key',
          apiUrl: `http://127.0.0.1:${port}/api/v1/`,
          requestTimeoutMs: 150,
          retries: 0,
        }).getEnvironmentFlags(),
      );
      expect(error).toBeInstanceOf(FlagsmithTimeoutError);
    } finally {
      stalling.closeAllConnections();
      await new Promise((resolve) => stalling.close(resolve));
    }
  });

  it('throws a TypeError, sending nothing, when the runtime has no fetch', async () => {
    vi.stubGlobal('fetch', undefined);
    try {
      const request = new FlagsmithClient({ environmentKey: 'key' }).getEnvironmentFlags();
      await expect(request).rejects.toThrow(/no fetch is available.*pass one as the fetch option/);
      await expect(request).rejects.toBeInstanceOf(TypeError);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('uses the fetch it is given', async () => {
    const scripted = await startScriptedServer(() => ({ body: [] }));
    try {
      const fetchSpy = vi.fn((input: string | URL | Request, init?: RequestInit) =>
        fetch(input, init),
      );
      const flags = await new FlagsmithClient({
        environmentKey: 'key',
        apiUrl: scripted.apiUrl,
        fetch: fetchSpy,
      }).getEnvironmentFlags();
      expect(flags.size).toBe(0);
      expect(fetchSpy).toHaveBeenCalledTimes(1);
    } finally {
      await scripted.close();
    }
  });

  describe('environment document pagination', () => {
    const page = (overrides: string[]) => ({
      api_key: 'client-key',
      feature_states: [],
      project: { segments: [] },
      identity_overrides: overrides.map((identifier) => ({ identifier })),
    });

    it('resolves relative next links against the page that gave them', async () => {
      const scripted = await startScriptedServer((request) => {
        if (request.url === '/api/v1/environment-document/') {
          return { body: page(['a']), headers: { link: '<?page=2>; rel="next"' } };
        }
        if (request.url === '/api/v1/environment-document/?page=2') {
          return {
            body: { identity_overrides: [{ identifier: 'b' }] },
            headers: { link: '</api/v1/third/>; rel="next"' },
          };
        }
        return { body: { identity_overrides: [{ identifier: 'c' }] } };
      });
      try {
        const document = await new FlagsmithClient({
          environmentKey: 'ser.key',
          apiUrl: scripted.apiUrl,
        }).getEnvironmentDocument();
        expect(document.identity_overrides).toStrictEqual([
          { identifier: 'a' },
          { identifier: 'b' },
          { identifier: 'c' },
        ]);
        expect(scripted.requests).toStrictEqual([
          '/api/v1/environment-document/',
          '/api/v1/environment-document/?page=2',
          '/api/v1/third/',
        ]);
      } finally {
        await scripted.close();
      }
    });

    it('rejects a next link that loops back to a page already read', async () => {
      const scripted = await startScriptedServer((request) => ({
        body: page([request.url ?? '']),
        headers: {
          link: request.url?.includes('page=2')
            ? '</api/v1/environment-document/>; rel="next"'
            : '<?page=2>; rel="next"',
        },
      }));
      try {
        const error = await rejectionOf(
          new FlagsmithClient({
            environmentKey: 'ser.key',
            apiUrl: scripted.apiUrl,
          }).getEnvironmentDocument(),
        );
        expect(error).toBeInstanceOf(FlagsmithResponseError);
        expect((error as Error).message).toMatch(/a page already read/);
        expect(scripted.requests).toHaveLength(2);
      } finally {
        await scripted.close();
      }
    });

    it('refuses to send the environment key to another origin', async () => {
      const scripted = await startScriptedServer(() => ({
        body: page(['a']),
        headers: { link: '<http://localhost:1/api/v1/environment-document/?page=2>; rel="next"' },
      }));
      try {
        const error = await rejectionOf(
          new FlagsmithClient({
            environmentKey: 'ser.key',
            apiUrl: scripted.apiUrl,
          }).getEnvironmentDocument(),
        );
        expect(error).toBeInstanceOf(FlagsmithResponseError);
        expect((error as Error).message).toMatch(/another origin/);
        expect(scripted.requests).toHaveLength(1);
      } finally {
        await scripted.close();
      }
    });
  });
});

describe('resolveFlagsmithClientOptions', () => {
  it('fills in the documented defaults', () => {
    const options = resolveFlagsmithClientOptions({ environmentKey: 'key' });
    expect(options).toMatchObject({
      environmentKey: 'key',
      apiUrl: 'https://edge.api.flagsmith.com/api/v1/',
      requestTimeoutMs: 10_000,
      retries: 3,
      retryBackoff: { baseMs: 500, maxMs: 10_000 },
      maxRetryAfterMs: 60_000,
      customHeaders: {},
    });
    expect('fetch' in options).toBe(false);
    expect(Object.isFrozen(options)).toBe(true);
    expect(Object.isFrozen(DEFAULT_FLAGSMITH_CLIENT_OPTIONS)).toBe(true);
  });

  it('adds the missing trailing slash to apiUrl', () => {
    expect(
      resolveFlagsmithClientOptions({ environmentKey: 'k', apiUrl: 'https://flags.example/api/v1' })
        .apiUrl,
    ).toBe('https://flags.example/api/v1/');
    expect(
      resolveFlagsmithClientOptions({
        environmentKey: 'k',
        apiUrl: 'http://127.0.0.1:8000/api/v1/',
      }).apiUrl,
    ).toBe('http://127.0.0.1:8000/api/v1/');
  });

  it('treats undefined options as their defaults', () => {
    const options = resolveFlagsmithClientOptions({
      environmentKey: 'k',
      apiUrl: undefined,
      retries: undefined,
    });
    expect(options.retries).toBe(3);
  });

  it.each([
    ['a missing environment key', {}, /environmentKey is required/],
    [
      'an empty environment key',
      { environmentKey: '  ' },
      /environmentKey is required.*an empty string/,
    ],
    ['a numeric environment key', { environmentKey: 42 }, /environmentKey is required/],
    [
      'an apiUrl that is not a URL',
      { environmentKey: 'k', apiUrl: 'edge.api.flagsmith.com' },
      /apiUrl must be an absolute http\(s\) URL/,
    ],
    [
      'an apiUrl that is not http(s)',
      { environmentKey: 'k', apiUrl: 'ftp://flags.example/' },
      /apiUrl must be an absolute http\(s\) URL.*ftp:/,
    ],
    [
      'a fetch that is not a function',
      { environmentKey: 'k', fetch: 'fetch' },
      /fetch must be a function/,
    ],
    [
      'a timeout that is not a number',
      { environmentKey: 'k', requestTimeoutMs: '1000' },
      /requestTimeoutMs must be a number/,
    ],
    [
      'a header that is not a string',
      { environmentKey: 'k', customHeaders: { 'X-A': 1 } },
      /customHeaders\["X-A"\] must be a string/,
    ],
    ['a logger without methods', { environmentKey: 'k', logger: {} }, /logger must have/],
  ])('throws a TypeError for %s', (_, options, message) => {
    expect(() => new FlagsmithClient(options as unknown as FlagsmithClientOptions)).toThrow(
      TypeError,
    );
    expect(() =>
      resolveFlagsmithClientOptions(options as unknown as FlagsmithClientOptions),
    ).toThrow(message);
  });

  it('throws a TypeError when given no options object', () => {
    expect(() => new FlagsmithClient(undefined as unknown as FlagsmithClientOptions)).toThrow(
      /pass an options object/,
    );
  });

  it('warns about numbers out of range and uses the defaults', () => {
    const logger = recordingLogger();
    const options = resolveFlagsmithClientOptions({
      environmentKey: 'k',
      requestTimeoutMs: -5,
      retries: 1.5,
      retryBackoff: { baseMs: Number.NaN },
      logger,
    });
    expect(options).toMatchObject({
      requestTimeoutMs: 10_000,
      retries: 3,
      retryBackoff: { baseMs: 500, maxMs: 10_000 },
    });
    expect(logger.warnings).toHaveLength(3);
    expect(logger.warnings[0]).toMatch(
      /requestTimeoutMs must be a number of milliseconds from 1.*got -5, using the default 10000/,
    );
  });
});
