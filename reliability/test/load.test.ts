/**
 * Load: a million evaluations through OpenFeature's server SDK, over 10,000 identities and 20
 * flags, with `FlagsmithServerProvider` in local evaluation mode (the document fetched from the
 * local test server) and the exposure hook registered globally. The dedupe window holds every
 * distinct exposure, so the server must receive exactly one `$flag_exposure` per distinct
 * (identity, flag, variant) served, and the numbers must reconcile with `stats()`.
 */
import { ExposureHook, FlagsmithServerProvider } from '@flagsmith-openfeature/server-provider';
import type { TestServer } from '@flagsmith-openfeature/testing';
import { startTestServer } from '@flagsmith-openfeature/testing';
import type { EvaluationDetails, FlagValue } from '@openfeature/server-sdk';
import { OpenFeature } from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drain, recordingLogger, resetOpenFeature } from './support/helpers';
import type { LoadFlag } from './support/load-environment';
import { loadEnvironment, traitsOf } from './support/load-environment';
import { TaggedEventProcessor } from './support/tagged-event-processor';

const IDENTITIES = 10_000;
const PASSES = 5;
/** Evaluations between yields to the event loop, so delivery runs alongside. */
const YIELD_EVERY = 2_000;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ environment: loadEnvironment().document });
});

afterAll(async () => {
  await resetOpenFeature();
  await server.close();
});

/** What the exposure hook sends as the value (DESIGN §7): the variant key, else the value. */
function exposedValue(details: EvaluationDetails<FlagValue>): string {
  if (details.variant !== undefined) return details.variant;
  return typeof details.value === 'object' ? JSON.stringify(details.value) : String(details.value);
}

describe('a million evaluations with the exposure hook registered globally', () => {
  it('records exactly one exposure per distinct (identity, flag, variant) and reconciles with stats()', async () => {
    const { flags } = loadEnvironment();
    expect(flags).toHaveLength(20);
    const logger = recordingLogger({ keepDebug: false });
    const processor = new TaggedEventProcessor({
      environmentKey: server.clientKey,
      eventsApiUrl: server.eventsApiUrl,
      // Large enough for every distinct exposure: nothing overflows, nothing leaves the window.
      maxBufferItems: 250_000,
      maxBatchItems: 2_000,
      flushIntervalMs: 100,
      exposureDedupe: { maxKeys: 250_000, ttlMs: 24 * 3_600_000 },
      recordFates: false,
      logger,
    });
    await OpenFeature.setProviderAndWait(
      new FlagsmithServerProvider({
        environmentKey: server.serverKey,
        apiUrl: server.apiUrl,
        enableLocalEvaluation: true,
        eventProcessor: processor,
        logger,
      }),
    );
    OpenFeature.addHooks(new ExposureHook({ eventProcessor: processor }));
    const client = OpenFeature.getClient();

    const evaluate = (flag: LoadFlag, context: { targetingKey: string }) => {
      switch (flag.type) {
        case 'boolean':
          return client.getBooleanDetails(flag.key, false, context);
        case 'number':
          return client.getNumberDetails(flag.key, -1, context);
        default:
          return client.getStringDetails(flag.key, 'default', context);
      }
    };

    const distinct = new Set<string>();
    let evaluations = 0;
    let assigned = 0;
    let errors = 0;
    const started = performance.now();
    for (let pass = 0; pass < PASSES; pass++) {
      for (let index = 0; index < IDENTITIES; index++) {
        // From the third pass on, every tenth identity has moved to another plan: other segments,
        // other values, new exposures.
        const upgraded = pass >= 2 && index % 10 === 0;
        const context = { targetingKey: `user_${index}`, ...traitsOf(index, upgraded) };
        // Flags in a different order on each pass.
        for (let offset = 0; offset < flags.length; offset++) {
          const flag = flags[(offset + pass * 7) % flags.length] as LoadFlag;
          const details = await evaluate(flag, context);
          evaluations++;
          if (details.errorCode !== undefined) errors++;
          if (details.errorCode === undefined && details.flagMetadata.defaultServed === false) {
            assigned++;
            distinct.add(`${context.targetingKey}\u0000${flag.key}\u0000${exposedValue(details)}`);
          }
          if (evaluations % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
        }
      }
    }
    const evaluatedMs = performance.now() - started;
    await drain(processor, 60_000);
    const totalMs = performance.now() - started;

    expect(evaluations).toBe(1_000_000);
    expect(errors).toBe(0);
    // A disabled text flag is served as the caller's default: evaluated, never exposed.
    expect(assigned).toBe(evaluations - PASSES * IDENTITIES);

    const exposures = server.events.filter((event) => event.event === '$flag_exposure');
    const received = new Set(
      exposures.map(
        (event) => `${event.identifier}\u0000${event.feature_name}\u0000${event.value}`,
      ),
    );
    const stats = processor.stats();
    console.log(
      `\nLoad: ${evaluations.toLocaleString('en')} evaluations (${IDENTITIES.toLocaleString('en')} identities × ${flags.length} flags × ${PASSES} passes) in ${(evaluatedMs / 1000).toFixed(1)} s (${Math.round(evaluations / (evaluatedMs / 1000)).toLocaleString('en')}/s), delivered by ${(totalMs / 1000).toFixed(1)} s; ${assigned.toLocaleString('en')} assigned, ${distinct.size.toLocaleString('en')} distinct exposures, ${stats.deduplicated.toLocaleString('en')} deduplicated, ${server.requests.filter((r) => r.path === '/v1/events').length} event requests\n`,
    );

    // Exactly one exposure per distinct (identity, flag, variant), no more, no fewer.
    expect(exposures).toHaveLength(distinct.size);
    expect(received.size).toBe(distinct.size);
    for (const key of received) expect(distinct.has(key)).toBe(true);
    // And the counters agree.
    expect(processor.calls.exposures).toBe(assigned);
    expect(stats).toEqual({
      tracked: distinct.size,
      sent: distinct.size,
      dropped: { overflow: 0, invalid: 0, rejected: 0, unauthorized: 0, closed: 0 },
      retried: 0,
      deduplicated: assigned - distinct.size,
      buffered: 0,
      inFlight: 0,
    });
    // The upgraded identities were exposed to their new values too.
    expect(distinct.size).toBeGreaterThan(IDENTITIES * (flags.length - 1));

    await processor.close(1_000);
  });
});
