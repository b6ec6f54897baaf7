/**
 * DESIGN §5.1's context mapping, through the OpenFeature SDK: what reaches Flagsmith as the
 * identity's traits (remote mode's `identities/` body, the engine in offline mode, and the
 * exposures the hook records).
 */
import { EventProcessor, FLAG_EXPOSURE_EVENT } from '@flagsmith-openfeature/events';
import { ExposureHook, FlagsmithServerProvider } from '@flagsmith-openfeature/server-provider';
import type { TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import type { EvaluationContext } from '@openfeature/server-sdk';
import { DefaultLogger, OpenFeature } from '@openfeature/server-sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordingLogger, remoteProvider, requestsTo, resetOpenFeature } from './support/helpers';

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
  OpenFeature.setContext({});
  OpenFeature.setLogger(new DefaultLogger());
});

/** A context with a value of every kind an EvaluationContext can hold. */
const EVERY_KIND: EvaluationContext = {
  targetingKey: 'user_42',
  name: 'Ada',
  orders: 3,
  ratio: 0.5,
  beta: false,
  nickname: null,
  signedUpAt: new Date('2025-01-02T03:04:05.000Z'),
  address: { city: 'Utrecht' },
  tags: ['early', 'loyal'],
  score: Number.NaN,
  limit: Number.POSITIVE_INFINITY,
  renewedAt: new Date('not a date'),
  traits: {
    country: 'NL',
    lastSeenAt: new Date('2025-02-03T04:05:06.000Z'),
    preferences: { darkMode: true },
    name: 'Ada Lovelace',
  },
};

/** The traits {@link EVERY_KIND} maps to. */
const EVERY_KIND_TRAITS = {
  beta: false,
  country: 'NL',
  lastSeenAt: '2025-02-03T04:05:06.000Z',
  name: 'Ada Lovelace',
  nickname: null,
  orders: 3,
  ratio: 0.5,
  signedUpAt: '2025-01-02T03:04:05.000Z',
};

/** The traits of the one `identities/` request the server received, as a record. */
function sentTraits(): Record<string, unknown> {
  const requests = requestsTo(server, 'identities/');
  expect(requests).toHaveLength(1);
  const body = requests[0]?.body as { traits: { trait_key: string; trait_value: unknown }[] };
  return Object.fromEntries(body.traits.map((trait) => [trait.trait_key, trait.trait_value]));
}

describe('context mapping through the SDK (DESIGN §5.1)', () => {
  it('sends the targetingKey as the identifier and every other attribute as a trait', async () => {
    await OpenFeature.setProviderAndWait(remoteProvider(server));
    await OpenFeature.getClient().getStringDetails('banner_text', '', EVERY_KIND);
    expect(requestsTo(server, 'identities/')[0]?.body).toMatchObject({ identifier: 'user_42' });
    expect(sentTraits()).toEqual(EVERY_KIND_TRAITS);
  });

  it('leaves out objects, arrays, non-finite numbers and invalid Dates, and says so at debug level', async () => {
    const sdkLogger = recordingLogger();
    OpenFeature.setLogger(sdkLogger);
    await OpenFeature.setProviderAndWait(remoteProvider(server));
    await OpenFeature.getClient().getStringDetails('banner_text', '', EVERY_KIND);
    const debug = sdkLogger.at('debug').join('\n');
    for (const key of ['address', 'tags', 'score', 'limit', 'renewedAt', 'preferences']) {
      expect(debug).toContain(`"${key}"`);
      expect(sentTraits()).not.toHaveProperty(key);
    }
    expect(debug).not.toContain('"country"');
  });

  it('merges the API, client and invocation contexts before mapping, nested traits winning', async () => {
    await OpenFeature.setProviderAndWait(remoteProvider(server));
    OpenFeature.setContext({ region: 'eu', plan: 'free' });
    const client = OpenFeature.getClient();
    client.setContext({ app: 'shop', plan: 'pro' });
    await client.getStringDetails('banner_text', '', {
      targetingKey: 'user_7',
      plan: 'premium',
      traits: { plan: 'business', age: 30 },
    });
    expect(sentTraits()).toEqual({ age: 30, app: 'shop', plan: 'business', region: 'eu' });
  });

  it('asks for environment flags, not an identity, without a targetingKey', async () => {
    await OpenFeature.setProviderAndWait(remoteProvider(server));
    const client = OpenFeature.getClient();
    for (const context of [{ plan: 'premium' }, { targetingKey: '', plan: 'premium' }]) {
      expect(await client.getNumberDetails('discount_rate', 0, context)).toMatchObject({
        value: 0.15,
        reason: 'STATIC',
      });
    }
    expect(requestsTo(server, 'identities/')).toEqual([]);
  });

  it('evaluates offline with the mapped traits: nested traits count, dropped values do not', async () => {
    await OpenFeature.setProviderAndWait(
      new FlagsmithServerProvider({
        environment: experimentEnvironment,
        logger: recordingLogger(),
      }),
    );
    const client = OpenFeature.getClient();
    expect(
      await client.getNumberDetails('discount_rate', 0, {
        targetingKey: 'user_1',
        traits: { plan: 'premium' },
      }),
    ).toMatchObject({ value: 0.25, reason: 'TARGETING_MATCH' });
    expect(
      await client.getNumberDetails('discount_rate', 0, {
        targetingKey: 'user_1',
        plan: { name: 'premium' },
      }),
    ).toMatchObject({ value: 0.15, reason: 'STATIC' });
  });

  it('gives exposures the traits the identity was evaluated with', async () => {
    const processor = new EventProcessor({
      environmentKey: server.clientKey,
      eventsApiUrl: server.eventsApiUrl,
    });
    await OpenFeature.setProviderAndWait(remoteProvider(server, { eventProcessor: processor }));
    OpenFeature.addHooks(new ExposureHook({ eventProcessor: processor }));
    await OpenFeature.getClient().getStringDetails('banner_text', '', EVERY_KIND);
    await OpenFeature.close();
    await processor.close();
    const exposures = server.events.filter((event) => event.event === FLAG_EXPOSURE_EVENT);
    expect(exposures).toHaveLength(1);
    expect(exposures[0]?.traits).toEqual(sentTraits());
  });
});
