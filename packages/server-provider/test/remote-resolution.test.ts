import type { TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import { OpenFeature } from '@openfeature/server-sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { remoteProvider, requestsTo, resetOpenFeature } from './support/helpers';

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

describe('remote resolution (DESIGN §5.3)', () => {
  it('serves the caller default with FLAG_NOT_FOUND for a flag Flagsmith does not have', async () => {
    await OpenFeature.setProviderAndWait(remoteProvider(server));
    const details = await OpenFeature.getClient().getStringDetails('no_such_flag', 'fallback');
    expect(details).toMatchObject({
      value: 'fallback',
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
      flagMetadata: { defaultServed: true },
    });
  });

  it('serves the defaultFlagHandler value with DEFAULT for a flag Flagsmith does not have', async () => {
    const provider = remoteProvider(server, {
      defaultFlagHandler: (flagKey) =>
        flagKey === 'no_such_flag' ? { enabled: true, value: 'from handler' } : undefined,
    });
    await OpenFeature.setProviderAndWait(provider);
    const client = OpenFeature.getClient();
    const handled = await client.getStringDetails('no_such_flag', 'fallback');
    expect(handled).toMatchObject({
      value: 'from handler',
      reason: 'DEFAULT',
      flagMetadata: { enabled: true, defaultServed: true },
    });
    expect(handled.errorCode).toBeUndefined();
    const unhandled = await client.getStringDetails('other_missing_flag', 'fallback');
    expect(unhandled).toMatchObject({ value: 'fallback', errorCode: 'FLAG_NOT_FOUND' });
  });

  it('resolves booleans from the enabled state, a disabled flag being false with DISABLED', async () => {
    await OpenFeature.setProviderAndWait(remoteProvider(server));
    const client = OpenFeature.getClient();
    expect(await client.getBooleanDetails('new_navigation', false)).toMatchObject({
      value: true,
      reason: 'STATIC',
      flagMetadata: { featureId: 101, enabled: true, defaultServed: false },
    });
    expect(await client.getBooleanDetails('legacy_search', true)).toMatchObject({
      value: false,
      reason: 'DISABLED',
      flagMetadata: { featureId: 106, enabled: false, defaultServed: false },
    });
  });

  it('serves the caller default with DISABLED for a disabled non-boolean flag', async () => {
    await OpenFeature.setProviderAndWait(remoteProvider(server));
    const details = await OpenFeature.getClient().getStringDetails('legacy_search', 'fallback');
    expect(details).toMatchObject({
      value: 'fallback',
      reason: 'DISABLED',
      flagMetadata: { featureId: 106, enabled: false, defaultServed: true },
    });
  });

  it("serves a disabled flag's value with returnValueForDisabledFlags", async () => {
    await OpenFeature.setProviderAndWait(
      remoteProvider(server, { returnValueForDisabledFlags: true }),
    );
    const details = await OpenFeature.getClient().getStringDetails('legacy_search', 'fallback');
    expect(details).toMatchObject({
      value: 'v1',
      reason: 'DISABLED',
      flagMetadata: { featureId: 106, enabled: false, defaultServed: false },
    });
  });

  it('serves the caller default with DEFAULT for an enabled flag without a value', async () => {
    await OpenFeature.setProviderAndWait(remoteProvider(server));
    const details = await OpenFeature.getClient().getStringDetails('new_navigation', 'fallback');
    expect(details).toMatchObject({
      value: 'fallback',
      reason: 'DEFAULT',
      flagMetadata: { featureId: 101, enabled: true, defaultServed: true },
    });
  });

  it('resolves booleans from the value with useBooleanConfigValue', async () => {
    await OpenFeature.setProviderAndWait(remoteProvider(server, { useBooleanConfigValue: true }));
    const client = OpenFeature.getClient();
    expect(await client.getBooleanDetails('dark_mode', false)).toMatchObject({
      value: true,
      reason: 'STATIC',
      flagMetadata: { featureId: 109, defaultServed: false },
    });
    // An enabled flag whose value is not a boolean no longer reads as true.
    expect(await client.getBooleanDetails('banner_text', false)).toMatchObject({
      value: false,
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
      flagMetadata: { defaultServed: true },
    });
  });

  it('serves environment values with STATIC when the context has no targetingKey', async () => {
    await OpenFeature.setProviderAndWait(remoteProvider(server));
    const client = OpenFeature.getClient();
    expect(await client.getStringDetails('banner_text', 'fallback')).toMatchObject({
      value: 'Spring sale: 15% off everything',
      reason: 'STATIC',
      flagMetadata: { featureId: 102, enabled: true, defaultServed: false },
    });
    expect(await client.getNumberDetails('max_cart_items', 0)).toMatchObject({
      value: 25,
      reason: 'STATIC',
    });
    expect(await client.getNumberDetails('discount_rate', 0)).toMatchObject({ value: 0.15 });
    expect(await client.getObjectDetails('checkout_config', {})).toMatchObject({
      value: { layout: 'single_page', steps: ['cart', 'payment'], express: true },
      reason: 'STATIC',
    });
    expect(await client.getStringDetails('max_cart_items', 'fallback')).toMatchObject({
      value: '25',
      reason: 'STATIC',
    });
  });

  it('serves identity values with TARGETING_MATCH when the API gives no reason', async () => {
    await OpenFeature.setProviderAndWait(remoteProvider(server));
    const client = OpenFeature.getClient();
    const overridden = await client.getStringDetails('checkout_button', 'fallback', {
      targetingKey: 'qa_forced_green',
    });
    expect(overridden).toMatchObject({
      value: 'green',
      reason: 'TARGETING_MATCH',
      flagMetadata: { featureId: 107, enabled: true, defaultServed: false },
    });
    expect(overridden.flagMetadata.flagsmithReason).toBeUndefined();
    const plain = await client.getStringDetails('banner_text', 'fallback', {
      targetingKey: 'vip_customer_7',
    });
    expect(plain).toMatchObject({
      value: 'Hello again! Your VIP discount is waiting',
      reason: 'TARGETING_MATCH',
    });
  });

  it('serves the caller default with TYPE_MISMATCH or PARSE_ERROR for values of the wrong type', async () => {
    await OpenFeature.setProviderAndWait(remoteProvider(server));
    const client = OpenFeature.getClient();
    expect(await client.getNumberDetails('banner_text', 7)).toMatchObject({
      value: 7,
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
      flagMetadata: { featureId: 102, defaultServed: true },
    });
    expect(await client.getObjectDetails('banner_text', { fallback: true })).toMatchObject({
      value: { fallback: true },
      reason: 'ERROR',
      errorCode: 'PARSE_ERROR',
      flagMetadata: { featureId: 102, defaultServed: true },
    });
    expect(await client.getObjectDetails('max_cart_items', [])).toMatchObject({
      value: [],
      errorCode: 'TYPE_MISMATCH',
    });
  });

  it('sends the context attributes as traits and hides server-only flags from client keys', async () => {
    await OpenFeature.setProviderAndWait(remoteProvider(server));
    const client = OpenFeature.getClient();
    await client.getStringDetails('banner_text', 'fallback', {
      targetingKey: 'user_42',
      plan: 'premium',
      signedUpAt: new Date('2025-01-02T03:04:05.000Z'),
      traits: { age: 30 },
      ignored: { nested: true },
    });
    const [request] = requestsTo(server, 'identities/');
    expect(request?.body).toMatchObject({
      identifier: 'user_42',
      traits: [
        { trait_key: 'age', trait_value: 30 },
        { trait_key: 'plan', trait_value: 'premium' },
        { trait_key: 'signedUpAt', trait_value: '2025-01-02T03:04:05.000Z' },
      ],
    });
    expect(await client.getStringDetails('pricing_engine', 'fallback')).toMatchObject({
      errorCode: 'FLAG_NOT_FOUND',
    });
  });

  it('serves server-only flags to a server-side key', async () => {
    await OpenFeature.setProviderAndWait(
      remoteProvider(server, { environmentKey: server.serverKey }),
    );
    expect(await OpenFeature.getClient().getStringDetails('pricing_engine', 'v1')).toMatchObject({
      value: 'v2',
      reason: 'STATIC',
    });
  });

  it('serves defaults with ERROR GENERAL, without throwing, when an identity lookup fails', async () => {
    const provider = remoteProvider(server);
    await OpenFeature.setProviderAndWait(provider);
    server.injectFault({ path: 'identities/', status: 503 });
    const details = await OpenFeature.getClient().getStringDetails('banner_text', 'fallback', {
      targetingKey: 'user_42',
    });
    expect(details).toMatchObject({
      value: 'fallback',
      reason: 'ERROR',
      errorCode: 'GENERAL',
      flagMetadata: { defaultServed: true },
    });
    expect(details.errorMessage).toContain('user_42');
    const logger = provider.options.logger as unknown as { at(level: string): string[] };
    expect(logger.at('error').join('\n')).toContain('user_42');
  });
});
