/**
 * Bad input, generated with fast-check: evaluation contexts and trait values, track() names and
 * details, metadata, and environment documents. Whatever the application passes, it never sees
 * an exception from us (only the documented `InvalidEventError` when it calls the processor
 * directly), and no invalid event reaches the wire: the local test server checks every event
 * against the wire schema and answers 400 to a batch with one bad event, so every request must
 * be accepted and every event the processor counted as sent must be stored.
 */
import { EventProcessor, InvalidEventError } from '@flagsmith-openfeature/events';
import { ExposureHook, FlagsmithServerProvider } from '@flagsmith-openfeature/server-provider';
import type { EnvironmentDocument, TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import type { EvaluationContext, HookContext, Logger } from '@openfeature/server-sdk';
import { OpenFeature } from '@openfeature/server-sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { droppedTotal } from './support/accounting';
import { drain, recordingLogger, resetOpenFeature } from './support/helpers';

let server: TestServer;
let processor: EventProcessor;
const logger = recordingLogger({ keepDebug: false });
const quiet: Logger = { error() {}, warn() {}, info() {}, debug() {} };
/** Exceptions that reached the application's code, with what was being done. */
const escaped: { doing: string; error: unknown }[] = [];

beforeAll(async () => {
  server = await startTestServer({ environment: experimentEnvironment });
  processor = new EventProcessor({
    environmentKey: server.clientKey,
    eventsApiUrl: server.eventsApiUrl,
    flushIntervalMs: 100,
    maxBufferItems: 100_000,
    exposureDedupe: false,
    logger,
  });
  OpenFeature.setLogger(logger);
});

afterAll(async () => {
  await resetOpenFeature();
  await processor.close(2_000);
  await server.close();
});

/** Runs the application's side of a call: anything thrown is recorded, never rethrown. */
async function app(doing: string, call: () => unknown): Promise<void> {
  try {
    await call();
  } catch (error) {
    escaped.push({ doing, error });
  }
}

// --- Arbitraries -------------------------------------------------------------------------------

/** A value an object can hold that JSON cannot carry, or that breaks naive serialisation. */
const hostile = fc.constantFrom<() => unknown>(
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => -0,
  () => new Date(Number.NaN),
  () => new Date(0),
  () => Symbol('s'),
  () => () => 1,
  () => 10n,
  () => new Map([['a', 1]]),
  () => new Uint8Array([1, 2]),
  () => 'x'.repeat(40_000),
  () => '\ud800 lone surrogate',
  () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    return circular;
  },
  () => ({
    toJSON() {
      throw new Error('toJSON refuses');
    },
  }),
  () => Object.create(null) as unknown,
  () =>
    new (class Custom {
      field = 1;
    })(),
);

/** Anything, including everything JSON cannot carry. */
const anyValue = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  {
    weight: 3,
    arbitrary: fc.anything({
      maxDepth: 2,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withNullPrototype: true,
      withObjectString: true,
      withSet: true,
      withSparseArray: true,
      withTypedArray: true,
      stringUnit: 'binary',
    }),
  },
  { weight: 2, arbitrary: hostile.map((make) => make()) },
);

const key = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('targetingKey', 'traits', '__proto__', 'constructor', 'toString', ''),
);

/** An evaluation context as an application might build one, however badly. */
const evaluationContext = fc
  .record(
    {
      targetingKey: fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
        anyValue,
      ),
      attributes: fc.dictionary(key, anyValue, { maxKeys: 6 }),
      traits: fc.oneof(fc.dictionary(key, anyValue, { maxKeys: 6 }), anyValue),
    },
    { requiredKeys: [] },
  )
  .map(({ targetingKey, attributes, traits }) => {
    const context: Record<string, unknown> = { ...attributes };
    if (targetingKey !== undefined) context.targetingKey = targetingKey;
    if (traits !== undefined) context.traits = traits;
    return context as EvaluationContext;
  });

/** track() details: a record of anything (with a value and metadata-like keys), or anything. */
const trackDetails = fc.oneof(
  fc.dictionary(
    fc.oneof(key, fc.constantFrom('value', 'metadata', 'flagKey', 'variant')),
    anyValue,
    {
      maxKeys: 6,
    },
  ),
  anyValue,
);

const eventName = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('$flag_exposure', '$reserved', '', ' ', 'purchase'),
  anyValue,
);

/** Details for the processor's own calls: the documented keys, holding anything. */
const processorDetails = fc.oneof(
  fc.record(
    {
      identifier: fc.oneof(fc.string({ maxLength: 20 }), anyValue),
      value: anyValue,
      traits: fc.oneof(fc.dictionary(key, anyValue, { maxKeys: 5 }), anyValue),
      metadata: fc.oneof(fc.dictionary(key, anyValue, { maxKeys: 5 }), anyValue),
    },
    { requiredKeys: [] },
  ),
  anyValue,
);

const FLAGS = [
  ['checkout_button', 'string'],
  ['banner_text', 'string'],
  ['max_cart_items', 'number'],
  ['discount_rate', 'number'],
  ['dark_mode', 'boolean'],
  ['new_navigation', 'boolean'],
  ['checkout_config', 'object'],
] as const;

// --- Environment documents -----------------------------------------------------------------------

type Edit = { readonly at: number; readonly value: unknown; readonly remove: boolean };

/** Every plain object and array inside a document, with the keys they hold. */
function containers(root: unknown): { holder: Record<string, unknown>; key: string }[] {
  const found: { holder: Record<string, unknown>; key: string }[] = [];
  const seen = new Set<object>();
  const visit = (node: unknown) => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    const prototype = Object.getPrototypeOf(node);
    // Only the document's own structure: not the insides of dates, boxed values or maps.
    if (!Array.isArray(node) && prototype !== Object.prototype && prototype !== null) return;
    seen.add(node);
    for (const key of Object.keys(node)) {
      found.push({ holder: node as Record<string, unknown>, key });
      visit((node as Record<string, unknown>)[key]);
    }
  };
  visit(root);
  return found;
}

/** The experiment document with a few values replaced by anything, or removed. */
function brokenDocument(edits: readonly Edit[]): EnvironmentDocument {
  const document = structuredClone(experimentEnvironment) as EnvironmentDocument;
  for (const edit of edits) {
    const places = containers(document);
    if (places.length === 0) break;
    const { holder, key } = places[edit.at % places.length] as (typeof places)[number];
    if (edit.remove) delete holder[key];
    else holder[key] = edit.value;
  }
  return document;
}

const edits = fc.array(fc.record({ at: fc.nat(), value: anyValue, remove: fc.boolean() }), {
  minLength: 1,
  maxLength: 4,
});

/** Edits whose values JSON can carry, for documents served over HTTP. */
const jsonEdits = fc.array(
  fc.record({ at: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }), remove: fc.boolean() }),
  { minLength: 1, maxLength: 4 },
);

async function evaluateEverything(context: EvaluationContext): Promise<void> {
  const client = OpenFeature.getClient();
  for (const [flag, type] of FLAGS) {
    await app(`evaluating ${flag}`, async () => {
      switch (type) {
        case 'string':
          return client.getStringDetails(flag, 'default', context);
        case 'number':
          return client.getNumberDetails(flag, 0, context);
        case 'boolean':
          return client.getBooleanDetails(flag, false, context);
        default:
          return client.getObjectDetails(flag, {}, context);
      }
    });
  }
}

// --- Properties ----------------------------------------------------------------------------------

describe('bad input never reaches the application as an exception, nor the wire as an event', () => {
  it('evaluation contexts and trait values', async () => {
    const provider = new FlagsmithServerProvider({
      environment: experimentEnvironment,
      eventProcessor: processor,
      logger,
    });
    await OpenFeature.setProviderAndWait(provider);
    const hook = new ExposureHook({ eventProcessor: processor, logger });
    OpenFeature.addHooks(hook);
    const client = OpenFeature.getClient();
    await fc.assert(
      fc.asyncProperty(evaluationContext, async (context) => {
        // Through the SDK: whatever the context, each flag resolves; the provider must cope
        // with it, so no evaluation of a well-typed flag ends in an error.
        for (const [flag, type] of FLAGS) {
          if (type !== 'string' && type !== 'number') continue;
          let details: { errorCode?: unknown; errorMessage?: unknown } | undefined;
          await app(`evaluating ${flag}`, async () => {
            details =
              type === 'string'
                ? await client.getStringDetails(flag, 'default', context)
                : await client.getNumberDetails(flag, 0, context);
          });
          expect(details?.errorCode, String(details?.errorMessage)).toBeUndefined();
        }
        // Straight to the provider and the hook, without the SDK's guard around them.
        await app('resolving directly', () =>
          provider.resolveBooleanEvaluation('dark_mode', false, context, quiet),
        );
        await app('calling the hook directly', () =>
          hook.after({ context, flagKey: 'banner_text', logger: quiet } as unknown as HookContext, {
            flagKey: 'banner_text',
            value: context.traits as never,
            variant: context.targetingKey as never,
            reason: 'TARGETING_MATCH',
            flagMetadata: { defaultServed: false },
          }),
        );
        await app('tracking through the SDK', () =>
          client.track('purchase', context, { value: 1 }),
        );
        await app('tracking through the provider', () =>
          provider.track('purchase', context, { value: 2 }),
        );
      }),
      { numRuns: 500 },
    );
    expect(escaped).toEqual([]);
    // Nothing the hook passed on was refused by the processor, except events over the 32 KB
    // limit (a context with a 40 KB trait), which are refused by design.
    expect(
      logger
        .at('error')
        .filter((line) => line.includes('exposure') && !line.includes('limited to 32768 bytes')),
    ).toEqual([]);
    await expectOnlyValidEventsOnTheWire();
  });

  it('track() names and details, and metadata', async () => {
    await OpenFeature.setProviderAndWait(
      new FlagsmithServerProvider({
        environment: experimentEnvironment,
        eventProcessor: processor,
        logger,
      }),
    );
    const client = OpenFeature.getClient();
    const refusedWith = new Map<string, number>();
    const { tracked } = processor.stats();
    await fc.assert(
      fc.asyncProperty(
        eventName,
        evaluationContext,
        trackDetails,
        processorDetails,
        async (name, context, details, direct) => {
          await app('client.track', () => client.track(name as string, context, details as never));
          // The processor's own API refuses bad input with InvalidEventError, and only that.
          for (const call of ['trackEvent', 'trackExposureEvent'] as const) {
            try {
              processor[call](name as string, direct as never);
            } catch (error) {
              if (!(error instanceof InvalidEventError)) escaped.push({ doing: call, error });
              const kind = error instanceof Error ? error.constructor.name : typeof error;
              refusedWith.set(kind, (refusedWith.get(kind) ?? 0) + 1);
            }
          }
          // What the caller does to its objects afterwards cannot reach the batch.
          for (const object of [details, direct, (direct as { metadata?: unknown })?.metadata]) {
            if (typeof object === 'object' && object !== null && Object.isExtensible(object)) {
              try {
                Object.assign(object, { later: 10n, value: Symbol('later') });
              } catch {
                // frozen or exotic: nothing to mutate
              }
            }
          }
        },
      ),
      { numRuns: 500 },
    );
    expect(escaped).toEqual([]);
    expect([...refusedWith.keys()]).toEqual(['InvalidEventError']);
    expect(processor.stats().tracked).toBeGreaterThan(
      tracked + (refusedWith.get('InvalidEventError') ?? 0),
    );
    await expectOnlyValidEventsOnTheWire();
  });

  it('environment documents given to the provider (offline)', async () => {
    const outcomes = { refused: 0, served: 0 };
    await fc.assert(
      fc.asyncProperty(edits, evaluationContext, async (changes, context) => {
        const document = brokenDocument(changes);
        let provider: FlagsmithServerProvider | undefined;
        try {
          provider = new FlagsmithServerProvider({
            environment: document,
            eventProcessor: processor,
            logger,
          });
        } catch (error) {
          // A document that cannot be evaluated is refused at construction, as documented.
          if (!(error instanceof TypeError)) escaped.push({ doing: 'constructing', error });
          outcomes.refused++;
          return;
        }
        outcomes.served++;
        await app('setting the provider', () => OpenFeature.setProviderAndWait(provider));
        OpenFeature.clearHooks();
        OpenFeature.addHooks(new ExposureHook({ eventProcessor: processor, logger }));
        await evaluateEverything(context);
        await evaluateEverything({ targetingKey: 'user_1', plan: 'premium', age: 30 });
      }),
      { numRuns: 400 },
    );
    expect(escaped).toEqual([]);
    // Both kinds of broken document came up: the property is not vacuous.
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(outcomes.served).toBeGreaterThan(0);
    await expectOnlyValidEventsOnTheWire();
  });

  it('environment documents served by the API (local evaluation)', async () => {
    await fc.assert(
      fc.asyncProperty(jsonEdits, async (changes) => {
        server.injectFault({
          path: 'environment-document/',
          status: 200,
          body: brokenDocument(changes),
        });
        const provider = new FlagsmithServerProvider({
          environmentKey: server.serverKey,
          apiUrl: server.apiUrl,
          enableLocalEvaluation: true,
          retries: 0,
          eventProcessor: processor,
          logger,
        });
        // A document the provider cannot read is a failed load: the SDK reports it.
        await OpenFeature.setProviderAndWait(provider).catch(() => {});
        OpenFeature.clearHooks();
        OpenFeature.addHooks(new ExposureHook({ eventProcessor: processor, logger }));
        await evaluateEverything({ targetingKey: 'user_2', plan: 'business', orders_count: 12 });
        await evaluateEverything({});
      }),
      { numRuns: 100 },
    );
    server.clearFaults();
    expect(escaped).toEqual([]);
    await expectOnlyValidEventsOnTheWire();
  });
});

/**
 * Delivers what is buffered and checks the wire: every request accepted (the server refuses a
 * batch holding one event that breaks the schema), every event counted as sent stored, nothing
 * refused or lost.
 */
async function expectOnlyValidEventsOnTheWire(): Promise<void> {
  await drain(processor);
  const requests = server.requests.filter((request) => request.path === '/v1/events');
  expect(requests.length).toBeGreaterThan(0);
  expect(
    requests.filter((request) => request.status !== 202).map((request) => request.status),
  ).toEqual([]);
  const stats = processor.stats();
  expect(stats.dropped.rejected).toBe(0);
  expect(stats.sent).toBe(server.events.length);
  expect(stats.tracked).toBe(stats.sent + droppedTotal(stats));
  expect(stats.dropped.invalid + stats.sent).toBe(stats.tracked);
}
