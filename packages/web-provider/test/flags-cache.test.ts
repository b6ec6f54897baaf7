import type { TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import { OpenFeature, ProviderStatus } from '@openfeature/web-sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  identitiesAsked,
  MemoryStorage,
  nextProviderEvent,
  ProviderEvents,
  recordingLogger,
  recordProviderEvents,
  requestsTo,
  resetOpenFeature,
  sleep,
  until,
  webProvider,
  withBannerText,
} from './support/helpers';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ environment: experimentEnvironment });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
  server.setEnvironment(experimentEnvironment);
});

afterEach(async () => {
  await resetOpenFeature();
});

const client = () => OpenFeature.getClient();
const STORAGE_KEY = `flagsmith-openfeature:flags:${experimentEnvironment.api_key}`;

/** Loads the flags of `context` once with a caching provider, so `storage` holds them. */
async function warm(storage: MemoryStorage, context: Record<string, string>): Promise<void> {
  await OpenFeature.setProviderAndWait(
    webProvider(server, { cacheFlags: true, cacheStorage: storage }),
    context,
  );
  await OpenFeature.clearProviders();
}

describe('cacheFlags', () => {
  it('is ready at once from the cache, then refreshes and reports what changed', async () => {
    const storage = new MemoryStorage();
    await warm(storage, {});
    server.setEnvironment(withBannerText('Summer sale'));
    server.injectFault({ path: 'flags/', delayMs: 300 });

    const started = Date.now();
    const changed = nextProviderEvent(ProviderEvents.ConfigurationChanged);
    await OpenFeature.setProviderAndWait(
      webProvider(server, { cacheFlags: true, cacheStorage: storage }),
      {},
    );
    expect(Date.now() - started).toBeLessThan(250);
    expect(client().providerStatus).toBe(ProviderStatus.READY);
    expect(client().getStringDetails('banner_text', '')).toMatchObject({
      value: 'Spring sale: 15% off everything',
      reason: 'STATIC',
    });

    expect((await changed).flagsChanged).toEqual(['banner_text']);
    expect(client().getStringValue('banner_text', '')).toBe('Summer sale');
    expect(requestsTo(server, 'flags/')).toHaveLength(2);
    expect(storage.getItem(STORAGE_KEY)).toContain('Summer sale');
  });

  it('keys the cache by identity: another identity is not served from it', async () => {
    const storage = new MemoryStorage();
    await warm(storage, { targetingKey: 'vip_customer_7' });
    server.injectFault({ path: 'identities/', delayMs: 150 });
    const started = Date.now();
    await OpenFeature.setProviderAndWait(
      webProvider(server, { cacheFlags: true, cacheStorage: storage }),
      { targetingKey: 'qa_forced_green' },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(client().getStringValue('checkout_button', '')).toBe('green');
    expect(client().getStringValue('banner_text', '')).not.toBe(
      'Hello again! Your VIP discount is waiting',
    );
  });

  it('switches back to a recent identity at once, without RECONCILING', async () => {
    const storage = new MemoryStorage();
    const provider = webProvider(server, { cacheFlags: true, cacheStorage: storage });
    await OpenFeature.setProviderAndWait(provider, { targetingKey: 'vip_customer_7' });
    await OpenFeature.setContext({ targetingKey: 'qa_forced_green' });
    const events = recordProviderEvents(ProviderEvents.Reconciling, ProviderEvents.ContextChanged);
    server.injectFault({ path: 'identities/', delayMs: 200 });

    await OpenFeature.setContext({ targetingKey: 'vip_customer_7' });
    expect(client().getStringValue('banner_text', '')).toBe(
      'Hello again! Your VIP discount is waiting',
    );
    expect(events).toEqual([ProviderEvents.ContextChanged]);
    // The cached flags are refreshed in the background.
    await until(() => requestsTo(server, 'identities/')[2]?.status === 200);
    expect(identitiesAsked(server)).toEqual([
      'vip_customer_7',
      'qa_forced_green',
      'vip_customer_7',
    ]);
  });

  it('emits STALE when the refresh after a cache hit fails, serving the cached flags', async () => {
    const storage = new MemoryStorage();
    await warm(storage, {});
    server.injectFault({ path: 'flags/', status: 503, times: Number.POSITIVE_INFINITY });
    const stale = nextProviderEvent(ProviderEvents.Stale);
    await OpenFeature.setProviderAndWait(
      webProvider(server, { cacheFlags: true, cacheStorage: storage, retryIntervalMs: 10_000 }),
      {},
    );
    await stale;
    expect(client().providerStatus).toBe(ProviderStatus.STALE);
    expect(client().getStringValue('banner_text', '')).toBe('Spring sale: 15% off everything');
  });

  it('keeps the five most recent identities of an environment under one storage key', async () => {
    const storage = new MemoryStorage();
    const provider = webProvider(server, { cacheFlags: true, cacheStorage: storage });
    await OpenFeature.setProviderAndWait(provider, { targetingKey: 'u0' });
    for (const id of ['u1', 'u2', 'u3', 'u4', 'u5']) {
      await OpenFeature.setContext({ targetingKey: id });
    }
    expect([...storage.items.keys()]).toEqual([STORAGE_KEY]);
    const record = JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}') as {
      entries: { identifier: string }[];
    };
    expect(record.entries.map((entry) => entry.identifier)).toEqual(['u5', 'u4', 'u3', 'u2', 'u1']);
  });

  it('treats unreadable storage as a miss, and a failing one as no cache', async () => {
    const corrupt = new MemoryStorage();
    corrupt.setItem(STORAGE_KEY, '{"version":1,"entries":[{"identifier":null,"flags":[{"x":1}]}]}');
    await OpenFeature.setProviderAndWait(
      webProvider(server, { cacheFlags: true, cacheStorage: corrupt }),
      {},
    );
    expect(client().getStringValue('banner_text', '')).toBe('Spring sale: 15% off everything');
    expect(requestsTo(server, 'flags/')).toHaveLength(1);
    await OpenFeature.clearProviders();

    const logger = recordingLogger();
    const failing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    await OpenFeature.setProviderAndWait(
      webProvider(server, {
        cacheFlags: true,
        cacheStorage: failing,
        logger,
        pollingIntervalMs: 20,
      }),
      {},
    );
    await sleep(80);
    expect(client().getStringValue('banner_text', '')).toBe('Spring sale: 15% off everything');
    expect(logger.at('warn')).toEqual([expect.stringContaining('caching flags failed')]);
  });
});
