import type { TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import { OpenFeature, ProviderStatus } from '@openfeature/web-sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  identitiesAsked,
  nextProviderEvent,
  ProviderEvents,
  recordingLogger,
  recordProviderEvents,
  requestsTo,
  resetOpenFeature,
  sleep,
  until,
  webProvider,
} from './support/helpers';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ environment: experimentEnvironment });
  // The SDK logs failed context changes; this file causes some on purpose.
  OpenFeature.setLogger(recordingLogger());
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
const VIP_BANNER = 'Hello again! Your VIP discount is waiting';

describe('context changes', () => {
  it("fetches the new identity's flags on a context change", async () => {
    await OpenFeature.setProviderAndWait(webProvider(server), { targetingKey: 'vip_customer_7' });
    expect(client().getStringValue('banner_text', '')).toBe(VIP_BANNER);
    await OpenFeature.setContext({ targetingKey: 'qa_forced_green' });
    expect(client().getStringValue('checkout_button', 'blue')).toBe('green');
    expect(client().getStringValue('banner_text', '')).toBe('Spring sale: 15% off everything');
    await OpenFeature.setContext({});
    expect(client().getStringDetails('checkout_button', '')).toMatchObject({
      value: 'blue',
      reason: 'STATIC',
    });
    expect(identitiesAsked(server)).toEqual(['vip_customer_7', 'qa_forced_green']);
    expect(requestsTo(server, 'flags/')).toHaveLength(1);
  });

  it('ignores a response for a context that is no longer current', async () => {
    await OpenFeature.setProviderAndWait(webProvider(server), { targetingKey: 'vip_customer_7' });
    server.injectFault({ path: 'identities/', delayMs: 300 });
    const slow = OpenFeature.setContext({ targetingKey: 'qa_forced_green' });
    await until(() => requestsTo(server, 'identities/').length === 2);

    // While the switch runs, the previous user's flags are not served to the new one.
    expect(client().getStringDetails('banner_text', 'fallback')).toMatchObject({
      value: 'fallback',
      reason: 'ERROR',
      errorCode: 'GENERAL',
      flagMetadata: { defaultServed: true },
    });

    await OpenFeature.setContext({ targetingKey: 'legacy_user_1' });
    expect(client().getBooleanValue('new_navigation', true)).toBe(false);
    const legacyButton = client().getStringValue('checkout_button', '');
    expect(legacyButton).not.toBe('green');

    await slow;
    await until(() => requestsTo(server, 'identities/')[1]?.status === 200);
    await sleep(20);
    // qa_forced_green's late answer (checkout_button green) changed nothing.
    expect(client().getStringValue('checkout_button', '')).toBe(legacyButton);
    expect(client().getBooleanValue('new_navigation', true)).toBe(false);
    expect(client().providerStatus).toBe(ProviderStatus.READY);
    expect(identitiesAsked(server)).toEqual(['vip_customer_7', 'qa_forced_green', 'legacy_user_1']);
  });

  it('keeps RECONCILING until the newest context is loaded, then reports one CONTEXT_CHANGED', async () => {
    await OpenFeature.setProviderAndWait(webProvider(server), { targetingKey: 'vip_customer_7' });
    const events = recordProviderEvents(ProviderEvents.Reconciling, ProviderEvents.ContextChanged);
    server.injectFault({ path: 'identities/', delayMs: 200, times: 2 });
    const first = OpenFeature.setContext({ targetingKey: 'qa_forced_green' });
    const second = OpenFeature.setContext({ targetingKey: 'legacy_user_1' });
    await Promise.all([first, second]);
    expect(client().providerStatus).toBe(ProviderStatus.READY);
    expect(client().getBooleanValue('new_navigation', true)).toBe(false);
    expect(events).toEqual([
      ProviderEvents.Reconciling,
      ProviderEvents.Reconciling,
      ProviderEvents.ContextChanged,
    ]);
  });

  it('asks nothing when the context changes but the identity and traits do not', async () => {
    const provider = webProvider(server);
    await OpenFeature.setProviderAndWait(provider, { targetingKey: 'u1', plan: 'pro', age: 30 });
    expect(
      provider.onContextChange({}, { age: 30, plan: 'pro', targetingKey: 'u1' }),
    ).toBeUndefined();
    await OpenFeature.setContext({ targetingKey: 'u1', plan: 'pro', age: 31 });
    expect(identitiesAsked(server)).toEqual(['u1', 'u1']);
    expect(requestsTo(server, 'identities/')[1]?.body).toMatchObject({
      traits: expect.arrayContaining([{ trait_key: 'age', trait_value: 31 }]),
    });
  });

  it('serves defaultFlags while a new context loads', async () => {
    await OpenFeature.setProviderAndWait(
      webProvider(server, { defaultFlags: { banner_text: { enabled: true, value: 'Welcome' } } }),
      { targetingKey: 'vip_customer_7' },
    );
    server.injectFault({ path: 'identities/', delayMs: 200 });
    const switching = OpenFeature.setContext({ targetingKey: 'someone_else' });
    await until(() => requestsTo(server, 'identities/').length === 2);
    expect(client().getStringDetails('banner_text', '')).toMatchObject({
      value: 'Welcome',
      reason: 'DEFAULT',
      flagMetadata: { defaultServed: true },
    });
    await switching;
    expect(client().getStringValue('banner_text', '')).toBe('Spring sale: 15% off everything');
  });

  it('rejects a context change whose flags cannot be loaded, then recovers with READY', async () => {
    await OpenFeature.setProviderAndWait(webProvider(server, { retryIntervalMs: 50 }), {
      targetingKey: 'vip_customer_7',
    });
    server.injectFault({ path: 'identities/', status: 500 });
    await OpenFeature.setContext({ targetingKey: 'qa_forced_green' });
    expect(client().providerStatus).toBe(ProviderStatus.ERROR);
    const ready = nextProviderEvent(ProviderEvents.Ready);
    expect(client().getStringDetails('checkout_button', 'blue')).toMatchObject({
      value: 'blue',
      errorCode: 'GENERAL',
    });
    await ready;
    expect(client().providerStatus).toBe(ProviderStatus.READY);
    expect(client().getStringValue('checkout_button', 'blue')).toBe('green');
  });
});
