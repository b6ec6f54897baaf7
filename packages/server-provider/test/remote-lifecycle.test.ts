import type { EnvironmentDocument, TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import { OpenFeature, ProviderFatalError, ProviderStatus } from '@openfeature/server-sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  nextProviderEvent,
  ProviderEvents,
  recordingLogger,
  remoteProvider,
  requestsTo,
  resetOpenFeature,
  sleep,
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

/** The experiment environment with one flag's environment value changed. */
function withBannerText(text: string): EnvironmentDocument {
  const document = structuredClone(experimentEnvironment) as EnvironmentDocument;
  const state = document.feature_states.find(
    (candidate) => candidate.feature.name === 'banner_text',
  );
  if (state === undefined) throw new Error('the fixture has no banner_text');
  state.feature_state_value = text;
  return document;
}

describe('remote identity flags', () => {
  it('asks Flagsmith once for two evaluations of the same identity', async () => {
    await OpenFeature.setProviderAndWait(remoteProvider(server));
    const client = OpenFeature.getClient();
    const context = { targetingKey: 'vip_customer_7', plan: 'pro' };
    const first = await client.getNumberDetails('discount_rate', 0, context);
    const second = await client.getStringDetails('banner_text', '', context);
    expect(first.value).toBe(0.3);
    expect(second.value).toBe('Hello again! Your VIP discount is waiting');
    expect(requestsTo(server, 'identities/')).toHaveLength(1);
  });

  it('shares one request between concurrent evaluations of the same identity', async () => {
    await OpenFeature.setProviderAndWait(remoteProvider(server));
    const client = OpenFeature.getClient();
    server.injectFault({ path: 'identities/', delayMs: 100 });
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        client.getStringDetails('checkout_button', '', { targetingKey: 'qa_forced_green' }),
      ),
    );
    expect(results.map((details) => details.value)).toEqual(Array(5).fill('green'));
    expect(requestsTo(server, 'identities/')).toHaveLength(1);
  });

  it('asks again for another identity, other traits, or once the cache entry expires', async () => {
    await OpenFeature.setProviderAndWait(
      remoteProvider(server, { identityCache: { ttlMs: 100, maxEntries: 10 } }),
    );
    const client = OpenFeature.getClient();
    await client.getStringDetails('banner_text', '', { targetingKey: 'user_1' });
    await client.getStringDetails('banner_text', '', { targetingKey: 'user_2' });
    await client.getStringDetails('banner_text', '', { targetingKey: 'user_1', plan: 'pro' });
    expect(requestsTo(server, 'identities/')).toHaveLength(3);
    await sleep(150);
    await client.getStringDetails('banner_text', '', { targetingKey: 'user_1' });
    expect(requestsTo(server, 'identities/')).toHaveLength(4);
  });
});

describe('remote provider events (DESIGN §5.3)', () => {
  it('emits CONFIGURATION_CHANGED with the changed flags when a refresh changes them', async () => {
    await OpenFeature.setProviderAndWait(
      remoteProvider(server, { environmentRefreshIntervalMs: 30 }),
    );
    const client = OpenFeature.getClient();
    expect((await client.getStringDetails('banner_text', '')).value).toBe(
      'Spring sale: 15% off everything',
    );
    const changed = nextProviderEvent(ProviderEvents.ConfigurationChanged);
    server.setEnvironment(withBannerText('Summer sale'));
    const details = await changed;
    expect(details.flagsChanged).toEqual(['banner_text']);
    expect(await client.getStringDetails('banner_text', '')).toMatchObject({
      value: 'Summer sale',
      reason: 'STATIC',
    });
  });

  it('emits no CONFIGURATION_CHANGED while refreshes find the same flags', async () => {
    await OpenFeature.setProviderAndWait(
      remoteProvider(server, { environmentRefreshIntervalMs: 20 }),
    );
    let changes = 0;
    OpenFeature.addHandler(ProviderEvents.ConfigurationChanged, () => {
      changes++;
    });
    await sleep(120);
    expect(requestsTo(server, 'flags/').length).toBeGreaterThanOrEqual(3);
    expect(changes).toBe(0);
  });

  it('forgets cached identity flags when the environment changes', async () => {
    await OpenFeature.setProviderAndWait(
      remoteProvider(server, { environmentRefreshIntervalMs: 30 }),
    );
    const client = OpenFeature.getClient();
    const context = { targetingKey: 'user_9' };
    await client.getStringDetails('banner_text', '', context);
    const changed = nextProviderEvent(ProviderEvents.ConfigurationChanged);
    server.setEnvironment(withBannerText('Summer sale'));
    await changed;
    expect((await client.getStringDetails('banner_text', '', context)).value).toBe('Summer sale');
    expect(requestsTo(server, 'identities/')).toHaveLength(2);
  });

  it('emits STALE when a refresh fails, serves the last flags, and READY once it recovers', async () => {
    const provider = remoteProvider(server, { environmentRefreshIntervalMs: 30 });
    await OpenFeature.setProviderAndWait(provider);
    const client = OpenFeature.getClient();

    const stale = nextProviderEvent(ProviderEvents.Stale);
    server.injectFault({ path: 'flags/', status: 503, times: Number.POSITIVE_INFINITY });
    expect((await stale).message).toContain('503');
    expect(client.providerStatus).toBe(ProviderStatus.STALE);
    expect(await client.getStringDetails('banner_text', 'fallback')).toMatchObject({
      value: 'Spring sale: 15% off everything',
      reason: 'STATIC',
    });

    const ready = nextProviderEvent(ProviderEvents.Ready);
    server.clearFaults();
    await ready;
    expect(client.providerStatus).toBe(ProviderStatus.READY);
  });

  it('rejects initialization and serves defaults with ERROR until a retry loads the flags', async () => {
    server.injectFault({ path: 'flags/', status: 500 });
    const provider = remoteProvider(server, { environmentRefreshIntervalMs: 50 });
    const ready = nextProviderEvent(ProviderEvents.Ready);
    await expect(OpenFeature.setProviderAndWait(provider)).rejects.toThrow(/500/);
    const client = OpenFeature.getClient();
    expect(client.providerStatus).toBe(ProviderStatus.ERROR);
    expect(await client.getStringDetails('banner_text', 'fallback')).toMatchObject({
      value: 'fallback',
      reason: 'ERROR',
      errorCode: 'GENERAL',
      flagMetadata: { defaultServed: true },
    });

    await ready;
    expect(client.providerStatus).toBe(ProviderStatus.READY);
    expect((await client.getStringDetails('banner_text', 'fallback')).value).toBe(
      'Spring sale: 15% off everything',
    );
  });

  it('serves defaults and never throws when Flagsmith is never reachable', async () => {
    server.injectFault({ path: 'flags/', dropConnection: true, times: Number.POSITIVE_INFINITY });
    server.injectFault({ path: 'identities/', status: 502, times: Number.POSITIVE_INFINITY });
    const provider = remoteProvider(server, { environmentRefreshIntervalMs: 30 });
    await expect(OpenFeature.setProviderAndWait(provider)).rejects.toThrow();
    const client = OpenFeature.getClient();
    for (const context of [{}, { targetingKey: 'user_1' }]) {
      expect(await client.getBooleanDetails('new_navigation', false, context)).toMatchObject({
        value: false,
        reason: 'ERROR',
        errorCode: 'GENERAL',
        flagMetadata: { defaultServed: true },
      });
      expect(await client.getObjectDetails('checkout_config', { a: 1 }, context)).toMatchObject({
        value: { a: 1 },
        errorCode: 'GENERAL',
      });
    }
    await sleep(100);
    expect(client.providerStatus).toBe(ProviderStatus.ERROR);
    expect(requestsTo(server, 'flags/').length).toBeGreaterThanOrEqual(2);
  });

  it.each([401, 403])('goes FATAL when Flagsmith answers %i, and stops asking', async (status) => {
    server.injectFault({ path: 'flags/', status });
    const logger = recordingLogger();
    const provider = remoteProvider(server, { environmentRefreshIntervalMs: 20, logger });
    const failure = await OpenFeature.setProviderAndWait(provider).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderFatalError);
    const client = OpenFeature.getClient();
    expect(client.providerStatus).toBe(ProviderStatus.FATAL);
    expect(await client.getStringDetails('banner_text', 'fallback')).toMatchObject({
      value: 'fallback',
      reason: 'ERROR',
      errorCode: 'PROVIDER_FATAL',
    });
    await sleep(80);
    expect(requestsTo(server, 'flags/')).toHaveLength(1);
    expect(logger.at('error').join('\n')).toContain('environmentKey');
  });

  it('goes FATAL when a retry after a failed start is refused, and stops asking', async () => {
    server.injectFault({ path: 'flags/', status: 500 });
    server.injectFault({ path: 'flags/', status: 401 });
    const provider = remoteProvider(server, { environmentRefreshIntervalMs: 20 });
    const refused = nextProviderEvent(
      ProviderEvents.Error,
      (details) => details.errorCode === 'PROVIDER_FATAL',
    );
    await expect(OpenFeature.setProviderAndWait(provider)).rejects.toThrow(/500/);
    expect(OpenFeature.getClient().providerStatus).toBe(ProviderStatus.ERROR);
    expect((await refused).message).toContain('401');
    expect(OpenFeature.getClient().providerStatus).toBe(ProviderStatus.FATAL);
    await sleep(80);
    expect(requestsTo(server, 'flags/')).toHaveLength(2);
  });

  it('goes FATAL for a key the server does not know', async () => {
    const provider = remoteProvider(server, { environmentKey: 'UnknownKey' });
    await expect(OpenFeature.setProviderAndWait(provider)).rejects.toBeInstanceOf(
      ProviderFatalError,
    );
    expect(OpenFeature.getClient().providerStatus).toBe(ProviderStatus.FATAL);
  });

  it('stops refreshing once closed', async () => {
    await OpenFeature.setProviderAndWait(
      remoteProvider(server, { environmentRefreshIntervalMs: 20 }),
    );
    // Refreshing runs: a loaded machine may need longer than a few intervals for it.
    await vi.waitFor(() => expect(requestsTo(server, 'flags/').length).toBeGreaterThanOrEqual(2), {
      timeout: 5_000,
    });
    await OpenFeature.clearProviders();
    const count = requestsTo(server, 'flags/').length;
    await sleep(80);
    expect(requestsTo(server, 'flags/')).toHaveLength(count);
  });
});
