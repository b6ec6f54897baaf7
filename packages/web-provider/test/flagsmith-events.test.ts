import { EventProcessor } from '@flagsmith-openfeature/events';
import type { TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import { ExposureHook } from '@flagsmith-openfeature/web-provider';
import { OpenFeature } from '@openfeature/web-sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  eventsTo,
  fakePage,
  recordingLogger,
  resetOpenFeature,
  sleep,
  webProvider,
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
});

afterEach(async () => {
  await resetOpenFeature();
});

const client = () => OpenFeature.getClient();

describe('exposures and track() (DESIGN §7)', () => {
  it('delivers the exposure and the purchase when the page is left, with no explicit flush', async () => {
    const page = fakePage();
    const provider = webProvider(server, { ...eventsTo(server), pageLifecycle: page.targets });
    await OpenFeature.setProviderAndWait(provider, {
      targetingKey: 'qa_forced_green',
      plan: 'pro',
    });
    OpenFeature.addHooks(new ExposureHook({ eventProcessor: provider.eventProcessor }));

    expect(client().getStringValue('checkout_button', 'blue')).toBe('green');
    client().track('purchase', { value: 99.5, currency: 'EUR' });
    await sleep(50);
    expect(server.events).toHaveLength(0);

    page.leave();
    const events = await server.waitForEvents(2);
    expect(events).toEqual([
      expect.objectContaining({
        event: '$flag_exposure',
        feature_name: 'checkout_button',
        identifier: 'qa_forced_green',
        value: 'green',
        traits: { plan: 'pro' },
        metadata: expect.objectContaining({ reason: 'TARGETING_MATCH' }),
      }),
      expect.objectContaining({
        event: 'purchase',
        feature_name: null,
        identifier: 'qa_forced_green',
        value: 99.5,
        traits: { plan: 'pro' },
        metadata: expect.objectContaining({ currency: 'EUR' }),
      }),
    ]);
  });

  it('flushes when the page becomes hidden', async () => {
    const page = fakePage();
    const provider = webProvider(server, { ...eventsTo(server), pageLifecycle: page.targets });
    await OpenFeature.setProviderAndWait(provider, { targetingKey: 'u1' });
    client().track('signup');
    page.document.hide();
    expect(await server.waitForEvents(1)).toEqual([
      expect.objectContaining({ event: 'signup', identifier: 'u1', value: null }),
    ]);
  });

  it('records no exposure for a default-served value', async () => {
    const page = fakePage();
    const provider = webProvider(server, {
      ...eventsTo(server),
      pageLifecycle: page.targets,
      defaultFlags: { checkout_button: { enabled: true, value: 'blue' } },
    });
    server.injectFault({ path: 'identities/', status: 500 });
    OpenFeature.setLogger(recordingLogger());
    await OpenFeature.setProviderAndWait(provider, { targetingKey: 'u2' }).catch(() => {});
    OpenFeature.addHooks(new ExposureHook({ eventProcessor: provider.eventProcessor }));
    expect(client().getStringDetails('checkout_button', 'x')).toMatchObject({
      value: 'blue',
      reason: 'DEFAULT',
    });
    client().track('purchase', { value: 1 });
    page.leave();
    expect(await server.waitForEvents(1)).toEqual([expect.objectContaining({ event: 'purchase' })]);
    await sleep(30);
    expect(server.events).toHaveLength(1);
  });

  it('closes its own processor on close, delivering what it holds', async () => {
    const provider = webProvider(server, {
      ...eventsTo(server),
      pageLifecycle: fakePage().targets,
    });
    await OpenFeature.setProviderAndWait(provider, { targetingKey: 'u3' });
    client().track('signup');
    await OpenFeature.clearProviders();
    expect(await server.waitForEvents(1)).toHaveLength(1);
    expect(() => provider.eventProcessor.trackEvent('late')).toThrow(/closed/);
  });

  it('stops listening to the page once closed', async () => {
    const page = fakePage();
    const shared = new EventProcessor({
      environmentKey: server.clientKey,
      eventsApiUrl: server.eventsApiUrl,
      flushIntervalMs: 600_000,
    });
    const provider = webProvider(server, { eventProcessor: shared, pageLifecycle: page.targets });
    await OpenFeature.setProviderAndWait(provider, { targetingKey: 'u6' });
    await OpenFeature.clearProviders();
    shared.trackEvent('after-close', { identifier: 'u6' });
    page.leave();
    page.document.hide();
    await sleep(50);
    expect(server.events).toHaveLength(0);
    await shared.close();
    expect(server.events).toHaveLength(1);
  });

  it('flushes but does not close a shared processor on close', async () => {
    const shared = new EventProcessor({
      environmentKey: server.clientKey,
      eventsApiUrl: server.eventsApiUrl,
      flushIntervalMs: 600_000,
    });
    const provider = webProvider(server, { eventProcessor: shared, pageLifecycle: false });
    await OpenFeature.setProviderAndWait(provider, { targetingKey: 'u4' });
    client().track('signup');
    await OpenFeature.clearProviders();
    expect(await server.waitForEvents(1)).toHaveLength(1);
    shared.trackEvent('still-open', { identifier: 'u4' });
    await shared.close();
    expect(server.events.map((event) => event.event)).toEqual(['signup', 'still-open']);
  });

  it('logs a clear error for track() with events off', async () => {
    const logger = recordingLogger();
    await OpenFeature.setProviderAndWait(webProvider(server, { logger }), { targetingKey: 'u5' });
    client().track('purchase', { value: 5 });
    expect(logger.at('error')).toEqual([
      expect.stringMatching(
        /track\("purchase"\) was not recorded: .*events are off; set enableEvents: true/,
      ),
    ]);
  });
});
