/**
 * DESIGN §7's exposure rules end to end, for each way OpenFeature lets an application register
 * the hook: globally, per client, and as a provider hook. Evaluations go through the SDK's
 * clients; exposures are read from the test server's events API after `OpenFeature.close()`
 * delivered them (the flush interval is far longer than a test).
 */
import { EventProcessor, FLAG_EXPOSURE_EVENT } from '@flagsmith-openfeature/events';
import type {
  ExposureHookOptions,
  FlagsmithServerProviderOptions,
} from '@flagsmith-openfeature/server-provider';
import { ExposureHook, FlagsmithServerProvider } from '@flagsmith-openfeature/server-provider';
import type { TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import type { Client, EvaluationDetails, FlagValue, Hook } from '@openfeature/server-sdk';
import { OpenFeature } from '@openfeature/server-sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordingLogger, resetOpenFeature } from './support/helpers';

type Registration = 'globally' | 'per client' | 'as a provider hook';

/**
 * The provider with provider hooks: OpenFeature runs a provider's `hooks` for every evaluation
 * it serves. FlagsmithServerProvider has none of its own; an application that wants the
 * exposure hook to travel with the provider adds it like this.
 */
class HookedFlagsmithProvider extends FlagsmithServerProvider {
  readonly hooks: Hook[] = [];
}

const BANNER = 'Spring sale: 15% off everything';
const WHO = { targetingKey: 'user_1' };

let server: TestServer;
let unreachable: TestServer;
let processor: EventProcessor;

beforeAll(async () => {
  server = await startTestServer({ environment: experimentEnvironment });
  unreachable = await startTestServer({ environment: experimentEnvironment });
  for (const path of ['flags/', 'identities/']) {
    unreachable.injectFault({ path, dropConnection: true, times: Number.POSITIVE_INFINITY });
  }
});

afterAll(async () => {
  await Promise.all([server.close(), unreachable.close()]);
});

beforeEach(() => {
  server.reset();
  // Exposure dedupe is on (the default); only OpenFeature.close() delivers within a test.
  processor = new EventProcessor({
    environmentKey: server.clientKey,
    eventsApiUrl: server.eventsApiUrl,
    flushIntervalMs: 60_000,
  });
});

afterEach(async () => {
  await resetOpenFeature();
  await processor.close(1_000);
});

/**
 * A `fetch` to the real test server that adds what Flagsmith says about experiments to
 * identity flags: `checkout_button` is in experiment 9, `banner_text` is not.
 */
const withExperimentMetadata: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const url = input instanceof Request ? input.url : String(input);
  if (!url.includes('/identities/') || !response.ok) return response;
  const body = (await response.json()) as {
    flags: { feature: { name: string }; metadata?: unknown }[];
  };
  for (const flag of body.flags) {
    if (flag.feature.name === 'checkout_button')
      flag.metadata = { experiment_id: 9, in_experiment: true };
    if (flag.feature.name === 'banner_text')
      flag.metadata = { experiment_id: 9, in_experiment: false };
  }
  return new Response(JSON.stringify(body), {
    status: response.status,
    headers: { 'content-type': 'application/json' },
  });
};

interface Clients {
  /** Local evaluation (the engine: variants, control group) of the experiment environment. */
  flagsmith: Client;
  /** Remote evaluation against a Flagsmith that never answers: flags are unavailable. */
  down: Client;
  /** Remote evaluation where Flagsmith marks experiment membership. */
  experiments: Client;
}

/** Sets up the three providers, all sharing the processor, with the hook registered one way. */
async function useFlagsmith(
  registration: Registration,
  hookOptions: Omit<ExposureHookOptions, 'eventProcessor'> = {},
): Promise<Clients> {
  const hook = new ExposureHook({ eventProcessor: processor, ...hookOptions });
  const common: Partial<FlagsmithServerProviderOptions> = {
    eventProcessor: processor,
    retries: 0,
    logger: recordingLogger(),
  };
  const providers = {
    flagsmith: new HookedFlagsmithProvider({
      ...common,
      environmentKey: server.serverKey,
      apiUrl: server.apiUrl,
      enableLocalEvaluation: true,
      defaultFlagHandler: (flagKey) =>
        flagKey === 'handled_flag' ? { enabled: true, value: 'from handler' } : undefined,
    }),
    down: new HookedFlagsmithProvider({
      ...common,
      environmentKey: unreachable.clientKey,
      apiUrl: unreachable.apiUrl,
    }),
    experiments: new HookedFlagsmithProvider({
      ...common,
      environmentKey: server.clientKey,
      apiUrl: server.apiUrl,
      fetch: withExperimentMetadata,
    }),
  };
  await OpenFeature.setProviderAndWait('flagsmith', providers.flagsmith);
  await expect(OpenFeature.setProviderAndWait('down', providers.down)).rejects.toThrow();
  await OpenFeature.setProviderAndWait('experiments', providers.experiments);
  const clients: Clients = {
    flagsmith: OpenFeature.getClient('flagsmith'),
    down: OpenFeature.getClient('down'),
    experiments: OpenFeature.getClient('experiments'),
  };
  switch (registration) {
    case 'globally':
      OpenFeature.addHooks(hook);
      break;
    case 'per client':
      for (const client of Object.values(clients)) client.addHooks(hook);
      break;
    case 'as a provider hook':
      for (const provider of Object.values(providers)) provider.hooks.push(hook);
      break;
  }
  return clients;
}

/** The exposures the events API received once OpenFeature.close() delivered them. */
async function deliveredExposures(): Promise<[string | null, string | null, unknown][]> {
  await OpenFeature.close();
  return server.events
    .filter((event) => event.event === FLAG_EXPOSURE_EVENT)
    .map((event) => [event.feature_name, event.identifier, event.value]);
}

/** Evaluations that serve the caller's default: none may be recorded as an exposure. */
const DEFAULT_SERVED: readonly [
  string,
  (clients: Clients) => Promise<EvaluationDetails<FlagValue>>,
][] = [
  ['the flag is missing', ({ flagsmith }) => flagsmith.getStringDetails('no_such_flag', 'x', WHO)],
  [
    'the defaultFlagHandler supplies the flag',
    ({ flagsmith }) => flagsmith.getStringDetails('handled_flag', 'x', WHO),
  ],
  [
    'a non-boolean flag is disabled',
    ({ flagsmith }) => flagsmith.getStringDetails('legacy_search', 'x', WHO),
  ],
  [
    'the flag has no value',
    ({ flagsmith }) => flagsmith.getStringDetails('new_navigation', 'x', WHO),
  ],
  [
    'the value is of another type',
    ({ flagsmith }) => flagsmith.getNumberDetails('banner_text', 0, WHO),
  ],
  ['the value is not JSON', ({ flagsmith }) => flagsmith.getObjectDetails('banner_text', {}, WHO)],
  ['flags are unavailable', ({ down }) => down.getStringDetails('banner_text', 'x', WHO)],
];

describe.each<Registration>(['globally', 'per client', 'as a provider hook'])(
  'the exposure hook registered %s',
  (registration) => {
    it('records one exposure per flag, identifier and value however often each is evaluated', async () => {
      const { flagsmith } = await useFlagsmith(registration);
      for (let n = 0; n < 5; n++) {
        await flagsmith.getStringDetails('checkout_button', '', {
          targetingKey: 'qa_forced_green',
        });
        await flagsmith.getStringDetails('banner_text', '', WHO);
        await flagsmith.getStringDetails('banner_text', '', { targetingKey: 'user_2' });
        // The same identity served two values: each is an exposure.
        await flagsmith.getNumberDetails('discount_rate', 0, { ...WHO, plan: 'premium' });
        await flagsmith.getNumberDetails('discount_rate', 0, { ...WHO, plan: 'free' });
      }
      expect((await deliveredExposures()).sort()).toEqual(
        [
          ['checkout_button', 'qa_forced_green', 'green'],
          ['banner_text', 'user_1', BANNER],
          ['banner_text', 'user_2', BANNER],
          ['discount_rate', 'user_1', '0.25'],
          ['discount_rate', 'user_1', '0.15'],
        ].sort(),
      );
      expect(processor.stats().deduplicated).toBe(20);
    });

    it.each(DEFAULT_SERVED)('records no exposure when %s', async (_case, evaluate) => {
      const clients = await useFlagsmith(registration);
      const details = await evaluate(clients);
      expect(details.flagMetadata.defaultServed).toBe(true);
      // One served value afterwards, so a hook that records nothing at all cannot pass.
      await clients.flagsmith.getStringDetails('banner_text', '', WHO);
      expect(await deliveredExposures()).toEqual([['banner_text', 'user_1', BANNER]]);
    });

    it('records no exposure without a targetingKey', async () => {
      const { flagsmith } = await useFlagsmith(registration);
      await flagsmith.getStringDetails('banner_text', '');
      await flagsmith.getStringDetails('banner_text', '', { plan: 'premium' });
      await flagsmith.getStringDetails('banner_text', '', { targetingKey: '' });
      await flagsmith.getStringDetails('banner_text', '', { targetingKey: 'user_3' });
      expect(await deliveredExposures()).toEqual([['banner_text', 'user_3', BANNER]]);
    });

    it('records only the flags listed in `flags`', async () => {
      const { flagsmith } = await useFlagsmith(registration, {
        flags: ['checkout_button', 'max_cart_items'],
      });
      await flagsmith.getStringDetails('checkout_button', '', { targetingKey: 'qa_forced_green' });
      await flagsmith.getStringDetails('banner_text', '', WHO);
      await flagsmith.getNumberDetails('max_cart_items', 0, WHO);
      expect(await deliveredExposures()).toEqual([
        ['checkout_button', 'qa_forced_green', 'green'],
        ['max_cart_items', 'user_1', '25'],
      ]);
    });

    it('records only the flags a `flags` predicate accepts', async () => {
      const { flagsmith } = await useFlagsmith(registration, {
        flags: (flagKey) => flagKey.startsWith('checkout_'),
      });
      await flagsmith.getStringDetails('checkout_button', '', { targetingKey: 'qa_forced_green' });
      await flagsmith.getObjectDetails('checkout_config', {}, WHO);
      await flagsmith.getStringDetails('banner_text', '', WHO);
      expect(await deliveredExposures()).toEqual([
        ['checkout_button', 'qa_forced_green', 'green'],
        [
          'checkout_config',
          'user_1',
          '{"layout":"single_page","steps":["cart","payment"],"express":true}',
        ],
      ]);
    });

    it('records only evaluations Flagsmith puts in an experiment with onlyExperiments', async () => {
      const { flagsmith, experiments } = await useFlagsmith(registration, {
        onlyExperiments: true,
      });
      const inExperiment = await experiments.getStringDetails('checkout_button', '', WHO);
      expect(inExperiment.flagMetadata).toMatchObject({ experimentId: 9, inExperiment: true });
      await experiments.getStringDetails('banner_text', '', WHO); // in_experiment: false
      await experiments.getNumberDetails('max_cart_items', 0, WHO); // nothing said
      await flagsmith.getStringDetails('checkout_button', '', { targetingKey: 'shopper_1' }); // nothing said
      expect(await deliveredExposures()).toEqual([
        ['checkout_button', 'user_1', inExperiment.variant ?? inExperiment.value],
      ]);
    });

    it('records the control group as variant control, and each other variant by value', async () => {
      const { flagsmith } = await useFlagsmith(registration);
      const served = new Map<string, string>();
      for (let n = 0; n < 20; n++) {
        const targetingKey = `shopper_${n}`;
        const details = await flagsmith.getStringDetails('checkout_button', '', { targetingKey });
        served.set(targetingKey, details.variant ?? details.value);
      }
      expect(new Set(served.values())).toEqual(new Set(['control', 'green', 'orange']));
      const exposures = await deliveredExposures();
      expect(exposures).toHaveLength(20);
      for (const [flagKey, identifier, value] of exposures) {
        expect(flagKey).toBe('checkout_button');
        expect(value).toBe(served.get(identifier ?? ''));
      }
    });
  },
);
