import { EventProcessor, FLAG_EXPOSURE_EVENT } from '@flagsmith-openfeature/events';
import type { ExposureHookOptions } from '@flagsmith-openfeature/server-provider';
import { ExposureHook, FlagsmithServerProvider } from '@flagsmith-openfeature/server-provider';
import type { ReceivedEvent, TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import type {
  EvaluationContext,
  FlagValue,
  JsonValue,
  Provider,
  ResolutionDetails,
} from '@openfeature/server-sdk';
import { InMemoryProvider, OpenFeature } from '@openfeature/server-sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordingLogger, resetOpenFeature } from './support/helpers';

let server: TestServer;
let processor: EventProcessor;

beforeAll(async () => {
  server = await startTestServer({ environment: experimentEnvironment });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
  processor = new EventProcessor({
    environmentKey: server.clientKey,
    eventsApiUrl: server.eventsApiUrl,
    exposureDedupe: false,
  });
});

afterEach(async () => {
  await resetOpenFeature();
  await processor.close(1_000);
});

/** An offline Flagsmith provider over the experiment environment, with the hook registered. */
async function useFlagsmith(hookOptions: Omit<ExposureHookOptions, 'eventProcessor'> = {}) {
  OpenFeature.addHooks(new ExposureHook({ eventProcessor: processor, ...hookOptions }));
  await OpenFeature.setProviderAndWait(
    new FlagsmithServerProvider({ environment: experimentEnvironment, logger: recordingLogger() }),
  );
  return OpenFeature.getClient();
}

/** The exposures the events API received once the processor has flushed. */
async function exposures(): Promise<ReceivedEvent[]> {
  await processor.flush();
  return server.events.filter((event) => event.event === FLAG_EXPOSURE_EVENT);
}

/** A provider that answers each flag with fixed details, like a provider other than Flagsmith. */
class ScriptedProvider implements Provider {
  readonly metadata = { name: 'scripted' };
  readonly runsOn = 'server' as const;
  constructor(private readonly answers: Record<string, ResolutionDetails<FlagValue>>) {}
  #answer<T>(flagKey: string, defaultValue: T): Promise<ResolutionDetails<T>> {
    const answer = this.answers[flagKey];
    return Promise.resolve(
      (answer ?? {
        value: defaultValue,
        reason: 'ERROR',
        errorCode: 'FLAG_NOT_FOUND',
      }) as ResolutionDetails<T>,
    );
  }
  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean) {
    return this.#answer(flagKey, defaultValue);
  }
  resolveStringEvaluation(flagKey: string, defaultValue: string) {
    return this.#answer(flagKey, defaultValue);
  }
  resolveNumberEvaluation(flagKey: string, defaultValue: number) {
    return this.#answer(flagKey, defaultValue);
  }
  resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    _context: EvaluationContext,
  ) {
    return this.#answer(flagKey, defaultValue);
  }
}

describe('ExposureHook (DESIGN §7)', () => {
  it('records the served value with the identity, its traits and the reason', async () => {
    const client = await useFlagsmith();
    await client.getNumberDetails('discount_rate', 0, {
      targetingKey: 'user_1',
      plan: 'premium',
      traits: { country: 'NL' },
    });
    await client.getObjectDetails('checkout_config', {}, { targetingKey: 'user_1' });
    await client.getBooleanDetails('dark_mode', false, { targetingKey: 'user_1' });
    expect(await exposures()).toEqual([
      expect.objectContaining({
        feature_name: 'discount_rate',
        identifier: 'user_1',
        value: '0.25',
        traits: { plan: 'premium', country: 'NL' },
        metadata: expect.objectContaining({ reason: 'TARGETING_MATCH' }),
      }),
      expect.objectContaining({
        feature_name: 'checkout_config',
        value: '{"layout":"single_page","steps":["cart","payment"],"express":true}',
        metadata: expect.objectContaining({ reason: 'STATIC' }),
      }),
      expect.objectContaining({ feature_name: 'dark_mode', value: 'true' }),
    ]);
  });

  it('records the variant key rather than the value when there is one', async () => {
    const client = await useFlagsmith();
    let controlIdentity: string | undefined;
    for (let n = 0; n < 20 && controlIdentity === undefined; n++) {
      const details = await client.getStringDetails('checkout_button', '', {
        targetingKey: `shopper_${n}`,
      });
      if (details.variant === 'control') controlIdentity = `shopper_${n}`;
    }
    expect(controlIdentity).toBeDefined();
    const recorded = (await exposures()).find((event) => event.identifier === controlIdentity);
    expect(recorded?.value).toBe('control');
  });

  it('records nothing for errors, default-served values or a context without targetingKey', async () => {
    const client = await useFlagsmith();
    const who = { targetingKey: 'user_1' };
    await client.getStringDetails('no_such_flag', 'x', who); // FLAG_NOT_FOUND
    await client.getNumberDetails('banner_text', 0, who); // TYPE_MISMATCH
    await client.getStringDetails('legacy_search', 'x', who); // DISABLED, default served
    await client.getStringDetails('new_navigation', 'x', who); // DEFAULT, default served
    await client.getStringDetails('banner_text', 'x'); // no targetingKey
    await client.getStringDetails('banner_text', 'x', { targetingKey: '' });
    await client.getStringDetails('banner_text', 'x', who); // the one that counts
    expect((await exposures()).map((event) => event.feature_name)).toEqual(['banner_text']);
  });

  it('records only the listed flags, or those a predicate accepts', async () => {
    const client = await useFlagsmith({ flags: ['banner_text'] });
    OpenFeature.addHooks(
      new ExposureHook({
        eventProcessor: processor,
        flags: (flagKey) => flagKey.startsWith('max_'),
      }),
    );
    const who = { targetingKey: 'user_1' };
    await client.getStringDetails('banner_text', '', who);
    await client.getNumberDetails('max_cart_items', 0, who);
    await client.getNumberDetails('discount_rate', 0, who);
    expect((await exposures()).map((event) => event.feature_name).sort()).toEqual([
      'banner_text',
      'max_cart_items',
    ]);
  });

  it('records only evaluations in an experiment with onlyExperiments', async () => {
    OpenFeature.addHooks(new ExposureHook({ eventProcessor: processor, onlyExperiments: true }));
    const assigned = (inExperiment: boolean | undefined): ResolutionDetails<FlagValue> => ({
      value: 'green',
      reason: 'SPLIT',
      variant: 'green',
      flagMetadata: {
        defaultServed: false,
        ...(inExperiment === undefined ? {} : { inExperiment, experimentId: 9 }),
      },
    });
    await OpenFeature.setProviderAndWait(
      new ScriptedProvider({
        in_experiment: assigned(true),
        not_in_experiment: assigned(false),
        unknown: assigned(undefined),
      }),
    );
    const client = OpenFeature.getClient();
    for (const flagKey of ['in_experiment', 'not_in_experiment', 'unknown']) {
      await client.getStringDetails(flagKey, '', { targetingKey: 'user_1' });
    }
    expect((await exposures()).map((event) => event.feature_name)).toEqual(['in_experiment']);
  });

  it("judges another provider's evaluations by reason when there is no defaultServed marker", async () => {
    OpenFeature.addHooks(new ExposureHook({ eventProcessor: processor }));
    OpenFeature.setProvider(
      'in-memory',
      new InMemoryProvider({
        on: { variants: { yes: true, no: false }, defaultVariant: 'yes', disabled: false },
        off: { variants: { yes: true, no: false }, defaultVariant: 'yes', disabled: true },
      }),
    );
    await OpenFeature.setProviderAndWait(
      new ScriptedProvider({
        fallback: { value: 'x', reason: 'DEFAULT' },
        assigned: { value: 'y', reason: 'TARGETING_MATCH' },
      }),
    );
    const who = { targetingKey: 'user_1' };
    const inMemory = OpenFeature.getClient('in-memory');
    await inMemory.getBooleanDetails('on', false, who); // STATIC: recorded
    await inMemory.getBooleanDetails('off', false, who); // DISABLED: not recorded
    await OpenFeature.getClient().getStringDetails('fallback', '', who); // DEFAULT: not recorded
    await OpenFeature.getClient().getStringDetails('assigned', '', who); // recorded
    expect(await exposures()).toEqual([
      expect.objectContaining({ feature_name: 'on', value: 'yes' }),
      expect.objectContaining({ feature_name: 'assigned', value: 'y' }),
    ]);
  });

  it('never throws into the evaluation when recording fails, and logs why', async () => {
    const logger = recordingLogger();
    const closed = new EventProcessor({ environmentKey: server.clientKey });
    await closed.close(0);
    OpenFeature.addHooks(new ExposureHook({ eventProcessor: closed, logger }));
    await OpenFeature.setProviderAndWait(
      new FlagsmithServerProvider({
        environment: experimentEnvironment,
        logger: recordingLogger(),
      }),
    );
    const details = await OpenFeature.getClient().getStringDetails('banner_text', 'x', {
      targetingKey: 'user_1',
    });
    expect(details).toMatchObject({ value: 'Spring sale: 15% off everything', reason: 'STATIC' });
    expect(details.errorCode).toBeUndefined();
    expect(logger.at('error').join('\n')).toContain('"banner_text" was not recorded');
  });

  it('refuses options without an event processor', () => {
    expect(() => new ExposureHook({} as ExposureHookOptions)).toThrow(TypeError);
  });
});
