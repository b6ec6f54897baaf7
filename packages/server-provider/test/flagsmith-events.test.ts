import { EventProcessor, FLAG_EXPOSURE_EVENT } from '@flagsmith-openfeature/events';
import { ExposureHook, FlagsmithServerProvider } from '@flagsmith-openfeature/server-provider';
import type { TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import { OpenFeature } from '@openfeature/server-sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordingLogger, remoteProvider, resetOpenFeature } from './support/helpers';

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

afterEach(async () => {
  await resetOpenFeature();
});

describe('the events gate', () => {
  it('throws a TypeError for eventProcessorConfig without enableEvents', () => {
    expect(() =>
      remoteProvider(server, { eventProcessorConfig: { flushIntervalMs: 1_000 } }),
    ).toThrow(/enableEvents: true/);
    expect(() =>
      remoteProvider(server, {
        enableEvents: false,
        eventProcessorConfig: { flushIntervalMs: 1_000 },
      }),
    ).toThrow(TypeError);
  });

  it('throws a clear error from the eventProcessor getter when events are off', () => {
    const provider = remoteProvider(server);
    expect(() => provider.eventProcessor).toThrow(/events are off; set enableEvents: true/);
  });

  it('logs an error for track() with events off, and sends nothing', async () => {
    const logger = recordingLogger();
    await OpenFeature.setProviderAndWait(remoteProvider(server, { logger }));
    OpenFeature.getClient().track('purchase', { targetingKey: 'user_42' }, { value: 1 });
    expect(logger.at('error').join('\n')).toMatch(/track\("purchase"\).*enableEvents: true/);
    await OpenFeature.close();
    expect(server.events).toEqual([]);
  });

  it('creates a processor with the provider key, fetch and the eventProcessorConfig', () => {
    const provider = remoteProvider(server, {
      enableEvents: true,
      eventProcessorConfig: { eventsApiUrl: server.eventsApiUrl, maxBatchItems: 7 },
    });
    expect(provider.eventProcessor).toBeInstanceOf(EventProcessor);
    expect(provider.eventProcessor.options).toMatchObject({
      environmentKey: server.clientKey,
      eventsApiUrl: server.eventsApiUrl,
      maxBatchItems: 7,
    });
  });

  it('shares a given processor, flushing but not closing it on close', async () => {
    const shared = new EventProcessor({
      environmentKey: server.clientKey,
      eventsApiUrl: server.eventsApiUrl,
    });
    const provider = remoteProvider(server, { eventProcessor: shared });
    expect(provider.eventProcessor).toBe(shared);
    await OpenFeature.setProviderAndWait(provider);
    OpenFeature.getClient().track('signup', { targetingKey: 'user_1' }, {});
    await OpenFeature.close();
    expect(server.events.map((event) => event.event)).toEqual(['signup']);
    // Still open: its owner closes it.
    shared.trackEvent('after_close', { identifier: 'user_1' });
    await shared.close();
    expect(server.events.map((event) => event.event)).toEqual(['signup', 'after_close']);
  });

  it('throws a TypeError for a shared processor together with enableEvents: false', () => {
    const shared = new EventProcessor({ environmentKey: server.clientKey });
    expect(() => remoteProvider(server, { eventProcessor: shared, enableEvents: false })).toThrow(
      TypeError,
    );
    void shared.close(0);
  });
});

describe('exposures and track() through the provider', () => {
  it('records an exposure for an identity evaluation, none for defaults, and track() events on close', async () => {
    const provider = remoteProvider(server, {
      enableEvents: true,
      eventProcessorConfig: { eventsApiUrl: server.eventsApiUrl },
    });
    OpenFeature.addHooks(new ExposureHook({ eventProcessor: provider.eventProcessor }));
    await OpenFeature.setProviderAndWait(provider);
    const client = OpenFeature.getClient();

    const context = { targetingKey: 'qa_forced_green', plan: 'premium' };
    expect((await client.getStringDetails('checkout_button', 'blue', context)).value).toBe('green');
    await client.getStringDetails('no_such_flag', 'x', context); // FLAG_NOT_FOUND
    await client.getStringDetails('legacy_search', 'x', context); // disabled: default served
    await client.getStringDetails('new_navigation', 'x', context); // no value: default served
    await client.getStringDetails('banner_text', 'x'); // no targetingKey
    client.track('purchase', { targetingKey: 'user_42' }, { value: 99.5, currency: 'EUR' });

    await OpenFeature.close();

    const exposures = server.events.filter((event) => event.event === FLAG_EXPOSURE_EVENT);
    expect(exposures).toEqual([
      expect.objectContaining({
        feature_name: 'checkout_button',
        identifier: 'qa_forced_green',
        value: 'green',
        traits: { plan: 'premium' },
        metadata: expect.objectContaining({ reason: 'TARGETING_MATCH' }),
      }),
    ]);
    const purchases = server.events.filter((event) => event.event === 'purchase');
    expect(purchases).toEqual([
      expect.objectContaining({
        feature_name: null,
        identifier: 'user_42',
        value: 99.5,
        metadata: expect.objectContaining({ currency: 'EUR' }),
      }),
    ]);
  });

  it('records an exposure by hand with track("$flag_exposure")', async () => {
    const logger = recordingLogger();
    const provider = remoteProvider(server, {
      logger,
      enableEvents: true,
      eventProcessorConfig: { eventsApiUrl: server.eventsApiUrl },
    });
    await OpenFeature.setProviderAndWait(provider);
    const client = OpenFeature.getClient();
    client.track(
      FLAG_EXPOSURE_EVENT,
      { targetingKey: 'user_7', plan: 'free' },
      { flagKey: 'checkout_button', variant: 'orange', source: 'email' },
    );
    client.track(FLAG_EXPOSURE_EVENT, { targetingKey: 'user_7' }, { variant: 'orange' });
    await OpenFeature.close();
    expect(server.events).toEqual([
      expect.objectContaining({
        event: FLAG_EXPOSURE_EVENT,
        feature_name: 'checkout_button',
        identifier: 'user_7',
        value: 'orange',
        traits: { plan: 'free' },
        metadata: expect.objectContaining({ source: 'email' }),
      }),
    ]);
    expect(logger.at('error').join('\n')).toContain('details need flagKey');
  });

  it('records exposures of offline evaluations, with the variant when Flagsmith names one', async () => {
    const provider = new FlagsmithServerProvider({
      environment: experimentEnvironment,
      enableEvents: true,
      eventProcessorConfig: { eventsApiUrl: server.eventsApiUrl },
      logger: recordingLogger(),
    });
    OpenFeature.addHooks(new ExposureHook({ eventProcessor: provider.eventProcessor }));
    await OpenFeature.setProviderAndWait(provider);
    const client = OpenFeature.getClient();
    const served = new Map<string, string | undefined>();
    for (let n = 0; n < 10; n++) {
      const details = await client.getStringDetails('checkout_button', '', {
        targetingKey: `shopper_${n}`,
      });
      served.set(`shopper_${n}`, details.variant ?? String(details.value));
    }
    await OpenFeature.close();

    const exposures = server.events.filter((event) => event.event === FLAG_EXPOSURE_EVENT);
    expect(exposures).toHaveLength(10);
    for (const exposure of exposures) {
      expect(exposure.value).toBe(served.get(exposure.identifier ?? ''));
      expect(exposure.metadata.reason).toBe('SPLIT');
    }
    expect(exposures.some((exposure) => exposure.value === 'control')).toBe(true);
    // Offline mode sends events with the document's client-side key.
    expect(
      server.requests.filter((request) => request.path === '/v1/events')[0]?.headers[
        'x-environment-key'
      ],
    ).toBe(experimentEnvironment.api_key);
  });
});
