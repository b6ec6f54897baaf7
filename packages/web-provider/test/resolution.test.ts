import type { TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import { OpenFeature } from '@openfeature/web-sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetOpenFeature, webProvider } from './support/helpers';

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

describe('resolution from memory (DESIGN §5.3)', () => {
  it('serves the environment flags without a targetingKey, synchronously, as STATIC', async () => {
    await OpenFeature.setProviderAndWait(webProvider(server), {});
    const details = client().getStringDetails('banner_text', 'fallback');
    expect(details).toMatchObject({
      value: 'Spring sale: 15% off everything',
      reason: 'STATIC',
      flagMetadata: { featureId: 102, enabled: true, defaultServed: false },
    });
    expect(details.errorCode).toBeUndefined();
    expect(client().getNumberValue('max_cart_items', 0)).toBe(25);
    expect(client().getNumberValue('discount_rate', 0)).toBe(0.15);
    expect(client().getBooleanValue('dark_mode', false)).toBe(true);
    expect(requestsTo('flags/')).toBe(1);
    expect(requestsTo('identities/')).toBe(0);
  });

  it("serves an identity's flags with its traits; an override is TARGETING_MATCH", async () => {
    await OpenFeature.setProviderAndWait(webProvider(server), {
      targetingKey: 'qa_forced_green',
      plan: 'premium',
    });
    expect(client().getStringDetails('checkout_button', 'blue')).toMatchObject({
      value: 'green',
      reason: 'TARGETING_MATCH',
      flagMetadata: { featureId: 107, enabled: true, defaultServed: false },
    });
    const [request] = server.requests.filter((r) => r.path === '/api/v1/identities/');
    expect(request?.body).toEqual({
      identifier: 'qa_forced_green',
      traits: [{ trait_key: 'plan', trait_value: 'premium' }],
    });
  });

  it('serves a multivariate allocation as SPLIT with its variant and experiment metadata', async () => {
    server.injectFault({
      path: 'identities/',
      status: 200,
      body: {
        identifier: 'user_7',
        traits: [],
        flags: [
          {
            feature: { id: 107, name: 'checkout_button', type: 'MULTIVARIATE' },
            enabled: true,
            feature_state_value: 'orange',
            variant: 'orange',
            reason: 'SPLIT; weight=30',
            metadata: { experiment_id: 'exp_1', in_experiment: true },
          },
          {
            feature: { id: 102, name: 'banner_text', type: 'STANDARD' },
            enabled: true,
            feature_state_value: 'Hi',
            reason: 'DEFAULT',
          },
        ],
      },
    });
    await OpenFeature.setProviderAndWait(webProvider(server), { targetingKey: 'user_7' });
    expect(client().getStringDetails('checkout_button', 'blue')).toMatchObject({
      value: 'orange',
      variant: 'orange',
      reason: 'SPLIT',
      flagMetadata: {
        flagsmithReason: 'SPLIT; weight=30',
        experimentId: 'exp_1',
        inExperiment: true,
        defaultServed: false,
      },
    });
    expect(client().getStringDetails('banner_text', '')).toMatchObject({
      value: 'Hi',
      reason: 'STATIC',
    });
  });

  it('reports a missing flag as FLAG_NOT_FOUND, or serves defaultFlagHandler and defaultFlags as DEFAULT', async () => {
    await OpenFeature.setProviderAndWait(
      webProvider(server, {
        defaultFlagHandler: (key) => (key === 'handled' ? { enabled: true, value: 7 } : undefined),
        defaultFlags: { listed: { enabled: true, value: 'from defaultFlags' } },
      }),
      {},
    );
    expect(client().getStringDetails('nope', 'fallback')).toMatchObject({
      value: 'fallback',
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
      flagMetadata: { defaultServed: true },
    });
    expect(client().getNumberDetails('handled', 0)).toMatchObject({
      value: 7,
      reason: 'DEFAULT',
      flagMetadata: { defaultServed: true },
    });
    expect(client().getStringDetails('listed', '')).toMatchObject({
      value: 'from defaultFlags',
      reason: 'DEFAULT',
      flagMetadata: { defaultServed: true },
    });
  });

  it('resolves booleans from enabled, and disabled or null values as the rules say', async () => {
    await OpenFeature.setProviderAndWait(webProvider(server), {});
    expect(client().getBooleanDetails('legacy_search', true)).toMatchObject({
      value: false,
      reason: 'DISABLED',
      flagMetadata: { defaultServed: false },
    });
    expect(client().getStringDetails('legacy_search', 'fallback')).toMatchObject({
      value: 'fallback',
      reason: 'DISABLED',
      flagMetadata: { defaultServed: true },
    });
    expect(client().getStringDetails('new_navigation', 'fallback')).toMatchObject({
      value: 'fallback',
      reason: 'DEFAULT',
      flagMetadata: { defaultServed: true },
    });
  });

  it('honours returnValueForDisabledFlags and useBooleanConfigValue', async () => {
    await OpenFeature.setProviderAndWait(
      webProvider(server, { returnValueForDisabledFlags: true, useBooleanConfigValue: true }),
      {},
    );
    expect(client().getStringDetails('legacy_search', 'fallback')).toMatchObject({
      value: 'v1',
      reason: 'DISABLED',
    });
    expect(client().getBooleanDetails('dark_mode', false)).toMatchObject({
      value: true,
      reason: 'STATIC',
    });
  });

  it('coerces values, and reports TYPE_MISMATCH and PARSE_ERROR with the default', async () => {
    await OpenFeature.setProviderAndWait(webProvider(server), {});
    expect(client().getObjectValue('checkout_config', {})).toMatchObject({ layout: 'single_page' });
    expect(client().getStringValue('max_cart_items', '')).toBe('25');
    expect(client().getNumberDetails('banner_text', 1)).toMatchObject({
      value: 1,
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
      flagMetadata: { defaultServed: true },
    });
    expect(client().getObjectDetails('banner_text', { a: 1 })).toMatchObject({
      value: { a: 1 },
      errorCode: 'PARSE_ERROR',
    });
  });

  it('serves the default with GENERAL, never throwing, when a defaultFlagHandler throws', async () => {
    await OpenFeature.setProviderAndWait(
      webProvider(server, {
        defaultFlagHandler: () => {
          throw new Error('boom');
        },
      }),
      {},
    );
    expect(client().getStringDetails('nope', 'fallback')).toMatchObject({
      value: 'fallback',
      reason: 'ERROR',
      errorCode: 'GENERAL',
      flagMetadata: {},
    });
  });
});

function requestsTo(path: string): number {
  return server.requests.filter((request) => request.path === `/api/v1/${path}`).length;
}
