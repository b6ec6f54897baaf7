import { FlagsmithServerProvider } from '@flagsmith-openfeature/server-provider';
import type { EnvironmentDocument, TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import type { EvaluationDetails, FlagValue } from '@openfeature/server-sdk';
import { OpenFeature, ProviderFatalError, ProviderStatus } from '@openfeature/server-sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  nextProviderEvent,
  ProviderEvents,
  recordingLogger,
  remoteProvider,
  requestsTo,
  resetOpenFeature,
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

function offlineProvider(options: { returnValueForDisabledFlags?: boolean } = {}) {
  return new FlagsmithServerProvider({
    environment: experimentEnvironment,
    // Pointed at the test server only to prove that nothing is asked of it.
    apiUrl: server.apiUrl,
    logger: recordingLogger(),
    ...options,
  });
}

function localProvider(environmentRefreshIntervalMs = 60_000) {
  return remoteProvider(server, {
    environmentKey: server.serverKey,
    enableLocalEvaluation: true,
    environmentRefreshIntervalMs,
  });
}

describe('offline mode', () => {
  it('makes no requests at all, identities included', async () => {
    await OpenFeature.setProviderAndWait(offlineProvider());
    const client = OpenFeature.getClient();
    expect(await client.getStringDetails('banner_text', '')).toMatchObject({
      value: 'Spring sale: 15% off everything',
      reason: 'STATIC',
      flagMetadata: {
        featureId: 102,
        enabled: true,
        defaultServed: false,
        flagsmithReason: 'DEFAULT',
      },
    });
    expect(
      await client.getNumberDetails('discount_rate', 0, {
        targetingKey: 'user_1',
        plan: 'premium',
      }),
    ).toMatchObject({ value: 0.25, reason: 'TARGETING_MATCH' });
    expect(
      (await client.getStringDetails('checkout_button', '', { targetingKey: 'qa_forced_green' }))
        .value,
    ).toBe('green');
    await OpenFeature.clearProviders();
    expect(server.requests).toEqual([]);
  });

  it('resolves the §5.3 identity rows from the engine: STATIC, TARGETING_MATCH, SPLIT', async () => {
    await OpenFeature.setProviderAndWait(offlineProvider());
    const client = OpenFeature.getClient();
    expect(
      await client.getStringDetails('banner_text', '', { targetingKey: 'plain_user' }),
    ).toMatchObject({
      value: 'Spring sale: 15% off everything',
      reason: 'STATIC',
      flagMetadata: { featureId: 102, defaultServed: false, flagsmithReason: 'DEFAULT' },
    });
    const segment = await client.getNumberDetails('max_cart_items', 0, {
      targetingKey: 'someone',
      email: 'ops@acme.example',
    });
    expect(segment).toMatchObject({
      value: 100,
      reason: 'TARGETING_MATCH',
      flagMetadata: {
        featureId: 103,
        defaultServed: false,
        flagsmithReason: 'TARGETING_MATCH; segment=internal_staff',
      },
    });
    expect(segment.variant).toBeUndefined();
    const override = await client.getStringDetails('banner_text', '', {
      targetingKey: 'vip_customer_7',
    });
    expect(override).toMatchObject({
      value: 'Hello again! Your VIP discount is waiting',
      reason: 'TARGETING_MATCH',
      flagMetadata: { featureId: 102, defaultServed: false },
    });
  });

  it('reports multivariate allocations as SPLIT, the control group with variant control', async () => {
    await OpenFeature.setProviderAndWait(offlineProvider());
    const client = OpenFeature.getClient();
    const results: EvaluationDetails<FlagValue>[] = [];
    for (let n = 0; n < 40; n++) {
      results.push(
        await client.getStringDetails('checkout_button', '', { targetingKey: `shopper_${n}` }),
      );
    }
    expect(results.every((details) => details.reason === 'SPLIT')).toBe(true);
    expect(new Set(results.map((details) => details.value))).toEqual(
      new Set(['blue', 'green', 'orange']),
    );
    for (const details of results) {
      expect(details.flagMetadata).toMatchObject({ featureId: 107, defaultServed: false });
      if (details.value === 'blue') {
        expect(details.variant).toBe('control');
        expect(details.flagMetadata.flagsmithReason).toBe('DEFAULT');
      } else {
        expect(details.flagMetadata.flagsmithReason).toBe('SPLIT; weight=30');
      }
    }
    // The same identity always lands in the same bucket; no identity gets the environment value.
    const again = await client.getStringDetails('checkout_button', '', {
      targetingKey: 'shopper_0',
    });
    expect(again.value).toBe(results[0]?.value);
    expect(await client.getStringDetails('checkout_button', '')).toMatchObject({
      value: 'blue',
      reason: 'STATIC',
    });
  });

  it('applies the same disabled, missing and type rules as remote mode', async () => {
    await OpenFeature.setProviderAndWait(offlineProvider({ returnValueForDisabledFlags: true }));
    const client = OpenFeature.getClient();
    expect(await client.getStringDetails('legacy_search', '')).toMatchObject({
      value: 'v1',
      reason: 'DISABLED',
    });
    expect(await client.getStringDetails('missing', 'x')).toMatchObject({
      errorCode: 'FLAG_NOT_FOUND',
      flagMetadata: { defaultServed: true },
    });
    expect(await client.getNumberDetails('banner_text', 1)).toMatchObject({
      errorCode: 'TYPE_MISMATCH',
    });
  });

  it('rejects a document the engine cannot read at construction', () => {
    const broken = {
      ...structuredClone(experimentEnvironment),
      project: { segments: 'none' },
    } as unknown as EnvironmentDocument;
    expect(() => new FlagsmithServerProvider({ environment: broken })).toThrow(TypeError);
  });
});

describe('local evaluation', () => {
  it('fetches the document once and evaluates identities without asking Flagsmith', async () => {
    await OpenFeature.setProviderAndWait(localProvider());
    const client = OpenFeature.getClient();
    expect(
      await client.getNumberDetails('discount_rate', 0, { targetingKey: 'u', plan: 'business' }),
    ).toMatchObject({ value: 0.25, reason: 'TARGETING_MATCH' });
    expect(
      await client.getStringDetails('legacy_search', '', { targetingKey: 'staff_admin' }),
    ).toMatchObject({ value: 'v2', reason: 'TARGETING_MATCH' });
    expect(await client.getStringDetails('pricing_engine', '')).toMatchObject({
      value: 'v2',
      reason: 'STATIC',
    });
    for (let n = 0; n < 5; n++) {
      await client.getBooleanDetails('new_navigation', false, { targetingKey: `user_${n}` });
    }
    expect(requestsTo(server, 'environment-document/')).toHaveLength(1);
    expect(requestsTo(server, 'identities/')).toHaveLength(0);
    expect(requestsTo(server, 'flags/')).toHaveLength(0);
  });

  it('refreshes the document and emits CONFIGURATION_CHANGED with the changed flags', async () => {
    await OpenFeature.setProviderAndWait(localProvider(30));
    const client = OpenFeature.getClient();
    const document = structuredClone(experimentEnvironment) as EnvironmentDocument;
    const premium = document.project.segments.find(
      (segment) => segment.name === 'premium_customers',
    );
    const override = premium?.feature_states?.find(
      (state) => state.feature.name === 'discount_rate',
    );
    if (override === undefined)
      throw new Error('the fixture has no premium discount_rate override');
    override.feature_state_value = 0.4;

    const changed = nextProviderEvent(ProviderEvents.ConfigurationChanged);
    server.setEnvironment(document);
    expect((await changed).flagsChanged).toEqual(['discount_rate']);
    expect(
      (await client.getNumberDetails('discount_rate', 0, { targetingKey: 'u', plan: 'premium' }))
        .value,
    ).toBe(0.4);
    expect(requestsTo(server, 'environment-document/').length).toBeGreaterThanOrEqual(2);
  });

  it('emits STALE while the document cannot be refreshed, still evaluating the last one', async () => {
    await OpenFeature.setProviderAndWait(localProvider(30));
    const client = OpenFeature.getClient();
    const stale = nextProviderEvent(ProviderEvents.Stale);
    server.injectFault({
      path: 'environment-document/',
      status: 500,
      times: Number.POSITIVE_INFINITY,
    });
    await stale;
    expect(
      await client.getStringDetails('checkout_button', '', { targetingKey: 'qa_forced_green' }),
    ).toMatchObject({ value: 'green', reason: 'TARGETING_MATCH' });
    const ready = nextProviderEvent(ProviderEvents.Ready);
    server.clearFaults();
    await ready;
    expect(client.providerStatus).toBe(ProviderStatus.READY);
  });

  it('refuses a client-side key at construction', () => {
    expect(() =>
      remoteProvider(server, { environmentKey: server.clientKey, enableLocalEvaluation: true }),
    ).toThrow(/ser\./);
  });

  it('goes FATAL when Flagsmith refuses the key for the document', async () => {
    const provider = remoteProvider(server, {
      environmentKey: 'ser.not-this-one',
      enableLocalEvaluation: true,
    });
    await expect(OpenFeature.setProviderAndWait(provider)).rejects.toBeInstanceOf(
      ProviderFatalError,
    );
    expect(OpenFeature.getClient().providerStatus).toBe(ProviderStatus.FATAL);
  });
});
