import type {
  Flags,
  IdentityFlagsCacheOptions,
  IdentityFlagsLoader,
  Logger,
} from '@flagsmith-openfeature/core';
import {
  DEFAULT_IDENTITY_FLAGS_CACHE_OPTIONS,
  FlagsmithClient,
  FlagsmithHttpError,
  IdentityFlagsCache,
  resolveIdentityFlagsCacheOptions,
} from '@flagsmith-openfeature/core';
import type { TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

describe('IdentityFlagsCache', () => {
  let server: TestServer;
  let client: FlagsmithClient;
  const clock = { now: 1_000_000 };

  const cache = (options: IdentityFlagsCacheOptions = {}) =>
    new IdentityFlagsCache(client, { now: () => clock.now, ...options });
  const identityRequests = () =>
    server.requests.filter((request) => request.path === '/api/v1/identities/');

  beforeAll(async () => {
    server = await startTestServer({ environment: experimentEnvironment });
    client = new FlagsmithClient({
      environmentKey: server.clientKey,
      apiUrl: server.apiUrl,
      retries: 0,
    });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    clock.now = 1_000_000;
  });

  it('answers a repeated lookup from the cache', async () => {
    const identities = cache();
    const first = await identities.get('user_42', { plan: 'pro' });
    const second = await identities.get('user_42', { plan: 'pro' });
    expect(second).toBe(first);
    expect(first.size).toBeGreaterThan(0);
    expect(identityRequests()).toHaveLength(1);
  });

  it('treats traits given in another order as the same lookup', async () => {
    const identities = cache();
    await identities.get('user_42', { plan: 'pro', age: 31 });
    await identities.get('user_42', { age: 31, plan: 'pro', ignored: undefined });
    expect(identityRequests()).toHaveLength(1);
  });

  it('asks again for another identifier, other traits or a transient lookup', async () => {
    const identities = cache();
    await identities.get('user_42', { plan: 'pro' });
    await identities.get('user_43', { plan: 'pro' });
    await identities.get('user_42', { plan: 'free' });
    await identities.get('user_42', { plan: '1' });
    await identities.get('user_42', { plan: 1 });
    await identities.get('user_42', { plan: null });
    await identities.get('user_42', { plan: 'null' });
    await identities.get('user_42', { plan: true });
    await identities.get('user_42', { plan: 'true' });
    await identities.get('user_42', { 'plan=s3:pro': 'x' });
    await identities.get('user_42', { plan: 'pro' }, { transient: true });
    expect(identityRequests()).toHaveLength(11);
    expect(identityRequests()[10]?.body).toMatchObject({ transient: true });
  });

  it('asks again once the TTL has passed', async () => {
    const identities = cache({ ttlMs: 1_000 });
    await identities.get('user_42');
    clock.now += 999;
    await identities.get('user_42');
    expect(identityRequests()).toHaveLength(1);
    clock.now += 1;
    await identities.get('user_42');
    expect(identityRequests()).toHaveLength(2);
  });

  it('evicts the least recently used lookup past maxEntries', async () => {
    const identities = cache({ maxEntries: 2 });
    await identities.get('a');
    await identities.get('b');
    await identities.get('a');
    await identities.get('c');
    expect(identities.size).toBe(2);
    expect(identityRequests()).toHaveLength(3);
    await identities.get('a');
    expect(identityRequests()).toHaveLength(3);
    await identities.get('b');
    expect(identityRequests()).toHaveLength(4);
  });

  it('makes one request for 50 concurrent identical lookups', async () => {
    const identities = cache();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        identities.get(
          'user_42',
          index % 2 === 0 ? { plan: 'pro', age: 31 } : { age: 31, plan: 'pro' },
        ),
      ),
    );
    expect(identityRequests()).toHaveLength(1);
    expect(new Set(results).size).toBe(1);
  });

  it('shares one request between concurrent lookups even with ttlMs 0, and keeps nothing', async () => {
    const identities = cache({ ttlMs: 0 });
    await Promise.all([identities.get('user_42'), identities.get('user_42')]);
    expect(identityRequests()).toHaveLength(1);
    expect(identities.size).toBe(0);
    await identities.get('user_42');
    expect(identityRequests()).toHaveLength(2);
  });

  it('gives every waiter the error of a failed request and does not cache it', async () => {
    server.injectFault({ path: 'identities/', status: 500, times: 1 });
    const identities = cache();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () => identities.get('user_42')),
    );
    expect(identityRequests()).toHaveLength(1);
    const reasons = outcomes.map((outcome) =>
      outcome.status === 'rejected' ? outcome.reason : undefined,
    );
    expect(reasons[0]).toBeInstanceOf(FlagsmithHttpError);
    expect(new Set(reasons).size).toBe(1);
    const flags = await identities.get('user_42');
    expect(flags.size).toBeGreaterThan(0);
    expect(identityRequests()).toHaveLength(2);
  });

  it('serves the last flags of a lookup when fetching them again fails', async () => {
    const identities = cache();
    const fetched = await identities.get('user_42', { plan: 'pro' });
    clock.now += 60_000;
    server.injectFault({ path: 'identities/', status: 503, times: 1 });
    expect(await identities.get('user_42', { plan: 'pro' })).toBe(fetched);
    expect(identityRequests()).toHaveLength(2);
    // The failure cached nothing: the next lookup asks again, and gets fresh flags.
    const refetched = await identities.get('user_42', { plan: 'pro' });
    expect(refetched).not.toBe(fetched);
    expect(identityRequests()).toHaveLength(3);
  });

  it('fails an expired lookup whose refetch fails with staleIfError false', async () => {
    const identities = cache({ staleIfError: false });
    await identities.get('user_42');
    clock.now += 60_000;
    server.injectFault({ path: 'identities/', status: 503, times: 1 });
    await expect(identities.get('user_42')).rejects.toBeInstanceOf(FlagsmithHttpError);
  });

  it('answers peek() from memory only while the result is live', async () => {
    const identities = cache();
    expect(identities.peek('user_42', { plan: 'pro' })).toBeUndefined();
    const fetched = await identities.get('user_42', { plan: 'pro' });
    expect(identities.peek('user_42', { plan: 'pro' })).toBe(fetched);
    expect(identities.peek('user_42', { plan: 'free' })).toBeUndefined();
    clock.now += 10_000;
    expect(identities.peek('user_42', { plan: 'pro' })).toBeUndefined();
    expect(identityRequests()).toHaveLength(1);
  });

  it('forgets everything on clear(), including a request in flight', async () => {
    let release: (flags: Flags) => void = () => {};
    let calls = 0;
    const loader: IdentityFlagsLoader = () => {
      calls++;
      return new Promise<Flags>((resolve) => {
        release = resolve;
      });
    };
    const identities = new IdentityFlagsCache(loader);
    const inFlight = identities.get('user_42');
    identities.clear();
    release(new Map());
    await inFlight;
    expect(identities.size).toBe(0);
    const again = identities.get('user_42');
    release(new Map());
    await again;
    expect(calls).toBe(2);
    await identities.get('user_42');
    expect(calls).toBe(2);
    identities.clear();
    expect(identities.size).toBe(0);
  });

  it('passes normalised traits and transient to a loader function', async () => {
    const calls: unknown[][] = [];
    const identities = new IdentityFlagsCache(async (...args) => {
      calls.push(args);
      return new Map();
    });
    await identities.get('user_42', { b: 2, a: null, c: undefined }, { transient: true });
    await identities.get('user_43', { a: 1 }, { transient: false });
    expect(calls).toStrictEqual([
      ['user_42', { a: null, b: 2 }, { transient: true }],
      ['user_43', { a: 1 }, {}],
    ]);
  });

  it('refuses an empty identifier with a TypeError', async () => {
    await expect(cache().get('')).rejects.toThrow(TypeError);
  });
});

describe('resolveIdentityFlagsCacheOptions', () => {
  it('defaults to ten thousand entries for ten seconds', () => {
    expect(resolveIdentityFlagsCacheOptions()).toMatchObject({ ttlMs: 10_000, maxEntries: 10_000 });
    expect(DEFAULT_IDENTITY_FLAGS_CACHE_OPTIONS).toStrictEqual({
      ttlMs: 10_000,
      maxEntries: 10_000,
      staleIfError: true,
    });
  });

  it('throws a TypeError for options of the wrong type', () => {
    expect(() => resolveIdentityFlagsCacheOptions({ ttlMs: '10' as unknown as number })).toThrow(
      /ttlMs must be a number/,
    );
    expect(() => resolveIdentityFlagsCacheOptions({ now: 5 as unknown as () => number })).toThrow(
      TypeError,
    );
    expect(() => new IdentityFlagsCache({} as unknown as IdentityFlagsLoader)).toThrow(
      /pass a FlagsmithClient or a function/,
    );
  });

  it('warns about numbers out of range and uses the defaults', () => {
    const warnings: unknown[] = [];
    const logger: Logger = {
      error() {},
      warn: (message) => warnings.push(message),
      info() {},
      debug() {},
    };
    expect(resolveIdentityFlagsCacheOptions({ ttlMs: -1, maxEntries: 0.5, logger })).toMatchObject({
      ttlMs: 10_000,
      maxEntries: 10_000,
    });
    expect(warnings).toHaveLength(2);
  });
});
