import type { TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import { OpenFeature, ProviderFatalError, ProviderStatus } from '@openfeature/web-sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  nextProviderEvent,
  ProviderEvents,
  recordingLogger,
  recordProviderEvents,
  requestsTo,
  resetOpenFeature,
  sleep,
  webProvider,
  withBannerText,
} from './support/helpers';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ environment: experimentEnvironment });
  // The SDK logs failed initializations; this file causes some on purpose.
  OpenFeature.setLogger(recordingLogger());
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

describe('polling (DESIGN §5.2)', () => {
  it('emits CONFIGURATION_CHANGED with flagsChanged when a poll changes flags', async () => {
    await OpenFeature.setProviderAndWait(webProvider(server, { pollingIntervalMs: 30 }), {});
    expect(client().getStringValue('banner_text', '')).toBe('Spring sale: 15% off everything');
    const changed = nextProviderEvent(ProviderEvents.ConfigurationChanged);
    server.setEnvironment(withBannerText('Summer sale'));
    expect((await changed).flagsChanged).toEqual(['banner_text']);
    expect(client().getStringValue('banner_text', '')).toBe('Summer sale');
  });

  it("polls the current identity's flags, and stays quiet while nothing changes", async () => {
    await OpenFeature.setProviderAndWait(webProvider(server, { pollingIntervalMs: 20 }), {
      targetingKey: 'vip_customer_7',
    });
    const events = recordProviderEvents(ProviderEvents.ConfigurationChanged, ProviderEvents.Stale);
    await sleep(120);
    expect(requestsTo(server, 'identities/').length).toBeGreaterThanOrEqual(3);
    expect(requestsTo(server, 'flags/')).toHaveLength(0);
    expect(events).toEqual([]);
  });

  it('stops polling the old context when a CONFIGURATION_CHANGED handler switches context', async () => {
    await OpenFeature.setProviderAndWait(webProvider(server, { pollingIntervalMs: 20 }), {});
    const switched = new Promise<void>((resolve) => {
      const handler = () => {
        OpenFeature.removeHandler(ProviderEvents.ConfigurationChanged, handler);
        void OpenFeature.setContext({ targetingKey: 'vip_customer_7' }).then(resolve);
      };
      OpenFeature.addHandler(ProviderEvents.ConfigurationChanged, handler);
    });
    server.setEnvironment(withBannerText('Summer sale'));
    await switched;
    const environmentPolls = requestsTo(server, 'flags/').length;
    await sleep(100);
    expect(requestsTo(server, 'flags/')).toHaveLength(environmentPolls);
    expect(requestsTo(server, 'identities/').length).toBeGreaterThanOrEqual(3);
  });

  it('polls nothing by default', async () => {
    await OpenFeature.setProviderAndWait(webProvider(server), {});
    await sleep(100);
    expect(requestsTo(server, 'flags/')).toHaveLength(1);
  });
});

describe('provider events on failure (DESIGN §5.3)', () => {
  it('emits STALE when a poll fails, serves the last flags, and READY once it recovers', async () => {
    await OpenFeature.setProviderAndWait(
      webProvider(server, { pollingIntervalMs: 30, retryIntervalMs: 30 }),
      { targetingKey: 'vip_customer_7' },
    );
    const stale = nextProviderEvent(ProviderEvents.Stale);
    server.injectFault({ path: 'identities/', status: 503, times: Number.POSITIVE_INFINITY });
    expect((await stale).message).toContain('503');
    expect(client().providerStatus).toBe(ProviderStatus.STALE);
    expect(client().getStringDetails('banner_text', 'fallback')).toMatchObject({
      value: 'Hello again! Your VIP discount is waiting',
      reason: 'TARGETING_MATCH',
    });

    const ready = nextProviderEvent(ProviderEvents.Ready);
    server.clearFaults();
    await ready;
    expect(client().providerStatus).toBe(ProviderStatus.READY);
  });

  it('rejects initialization and serves defaults with ERROR until a retry loads the flags', async () => {
    server.injectFault({ path: 'flags/', status: 500 });
    const provider = webProvider(server, { retryIntervalMs: 50 });
    await expect(OpenFeature.setProviderAndWait(provider, {})).rejects.toThrow(/500/);
    expect(client().providerStatus).toBe(ProviderStatus.ERROR);
    expect(client().getStringDetails('banner_text', 'fallback')).toMatchObject({
      value: 'fallback',
      reason: 'ERROR',
      errorCode: 'GENERAL',
      flagMetadata: { defaultServed: true },
    });
    expect(client().getStringDetails('banner_text', 'fallback').errorMessage).toMatch(/500/);

    await nextProviderEvent(ProviderEvents.Ready);
    expect(client().providerStatus).toBe(ProviderStatus.READY);
    expect(client().getStringValue('banner_text', 'fallback')).toBe(
      'Spring sale: 15% off everything',
    );
  });

  it('serves defaultFlags while the flags cannot be loaded', async () => {
    server.injectFault({ path: 'flags/', status: 502, times: Number.POSITIVE_INFINITY });
    const provider = webProvider(server, {
      defaultFlags: { banner_text: { enabled: true, value: 'Welcome' } },
    });
    await expect(OpenFeature.setProviderAndWait(provider, {})).rejects.toThrow();
    expect(client().getStringDetails('banner_text', '')).toMatchObject({
      value: 'Welcome',
      reason: 'DEFAULT',
      flagMetadata: { defaultServed: true, enabled: true },
    });
    expect(client().getStringDetails('max_cart_items', 'x')).toMatchObject({
      value: 'x',
      errorCode: 'GENERAL',
    });
  });

  it.each([401, 403])('goes FATAL when Flagsmith answers %i, and stops asking', async (status) => {
    server.injectFault({ path: 'identities/', status });
    const logger = recordingLogger();
    const provider = webProvider(server, { retryIntervalMs: 20, pollingIntervalMs: 20, logger });
    const failure = await OpenFeature.setProviderAndWait(provider, { targetingKey: 'u1' }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ProviderFatalError);
    expect(client().providerStatus).toBe(ProviderStatus.FATAL);
    await sleep(100);
    expect(requestsTo(server, 'identities/')).toHaveLength(1);
    expect(logger.at('error')).toEqual([expect.stringMatching(/Check environmentKey/)]);
  });
});

describe('closing', () => {
  it('stops polling on close', async () => {
    await OpenFeature.setProviderAndWait(webProvider(server, { pollingIntervalMs: 20 }), {});
    await OpenFeature.clearProviders();
    const after = requestsTo(server, 'flags/').length;
    await sleep(80);
    expect(requestsTo(server, 'flags/')).toHaveLength(after);
  });
});
