/**
 * Exact accounting under a fault matrix. Each scenario is one whole-stack run: OpenFeature's
 * server SDK with `FlagsmithServerProvider` (remote or local evaluation), the exposure hook
 * registered globally, `client.track()` for purchases and a few invalid calls, all against the
 * local test server, with faults injected on the flags API (`flags/`, `identities/`,
 * `environment-document/`) and the events API (`v1/events`) at the same time, in real (short)
 * time. After each run the processor's counters are reconciled, event by event, with the
 * server's request log and stored events (see ./support/accounting.ts), and a summary table is
 * printed.
 */
import type { EventProcessorOptions } from '@flagsmith-openfeature/events';
import { ExposureHook, FlagsmithServerProvider } from '@flagsmith-openfeature/server-provider';
import type {
  Fault,
  ReceivedEvent,
  TestServer,
  TestServerOptions,
} from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import type { Client, EvaluationContext } from '@openfeature/server-sdk';
import { OpenFeature, ProviderEvents, ProviderStatus } from '@openfeature/server-sdk';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DeliveryReport, SoftRejection } from './support/accounting';
import { expectExactAccounting, reconcile } from './support/accounting';
import { drain, recordingLogger, resetOpenFeature, sleep } from './support/helpers';
import { TaggedEventProcessor, tagOf } from './support/tagged-event-processor';

/** Ticks of application work per run, and the real time between them. */
const TICKS = 30;
const TICK_MS = 15;
const IDENTITIES = 40;
const PER_TICK = 6;
/** The client's time limit per request: events and flags alike. */
const REQUEST_TIMEOUT_MS = 400;
/** A delay past the time limit: the server stores the events, the client sees a timeout. */
const TIMEOUT_DELAY_MS = 1_000;
/** A delay under the time limit: a slow but successful answer. */
const SLOW_DELAY_MS = 120;

const FOREVER = Number.POSITIVE_INFINITY;

type Mode = 'remote' | 'local';

interface Scenario {
  readonly name: string;
  readonly mode: Mode;
  /** Injected at the start of the work, on the flags API and the events API together. */
  readonly faults: readonly Fault[];
  /** More faults, injected when the work reaches a tick. */
  readonly later?: readonly { readonly atTick: number; readonly faults: readonly Fault[] }[];
  /** Removes every fault at this tick (the outage ends). */
  readonly clearAtTick?: number;
  readonly softRejection?: SoftRejection;
  readonly processor?: Partial<EventProcessorOptions>;
  readonly server?: Partial<TestServerOptions>;
  /** Real time between ticks, for outages that must outlast flag refreshes and their retries. */
  readonly tickMs?: number;
  /** More application work in a tick, on top of the usual. */
  readonly extraWork?: (client: Client, tick: number) => void;
  /** What this scenario must show on top of the exact accounting. */
  readonly check?: (run: RunResult) => void;
}

interface RunResult {
  readonly report: DeliveryReport;
  readonly evaluations: number;
  readonly defaultsServed: number;
  readonly appExceptions: number;
  readonly providerEvents: Record<'ready' | 'stale' | 'error' | 'changed', number>;
  readonly flagRequests: number;
  readonly flagFaults: number;
  readonly eventsAfterUnauthorized: number;
  readonly stored: readonly ReceivedEvent[];
  readonly ms: number;
}

const events = (fault: Omit<Fault, 'path'>): Fault => ({ path: 'v1/events', ...fault });
const flags = (fault: Omit<Fault, 'path'>): Fault => ({ path: 'flags/', ...fault });
const identities = (fault: Omit<Fault, 'path'>): Fault => ({ path: 'identities/', ...fault });
const document = (fault: Omit<Fault, 'path'>): Fault => ({
  path: 'environment-document/',
  ...fault,
});

/** mulberry32: a seeded generator, so the "everything at once" storm is the same every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Every kind of fault in the matrix, as the storm draws them. */
const PALETTE: readonly Omit<Fault, 'path'>[] = [
  { status: 503 },
  { status: 502 },
  { status: 500 },
  { status: 408 },
  { status: 429, retryAfterSeconds: 1 },
  { dropConnection: true },
  { delayMs: TIMEOUT_DELAY_MS },
  { delayMs: SLOW_DELAY_MS },
  { status: 400 },
  { status: 413 },
];

function storm(seed: number, paths: readonly string[], count: number): Fault[] {
  const random = seeded(seed);
  return Array.from({ length: count }, () => {
    const kind = PALETTE[Math.floor(random() * PALETTE.length)] as Omit<Fault, 'path'>;
    const path = paths[Math.floor(random() * paths.length)] as string;
    return { path, ...kind };
  });
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'no faults',
    mode: 'remote',
    faults: [],
    check: ({ report }) => {
      expect(report.stats.dropped.overflow + report.stats.dropped.rejected).toBe(0);
      expect(report.stats.retried).toBe(0);
    },
  },
  {
    name: '503 bursts',
    mode: 'remote',
    faults: [
      events({ status: 503, times: 3 }),
      flags({ status: 503, times: 2 }),
      identities({ status: 503, times: 3 }),
    ],
    later: [
      { atTick: 12, faults: [events({ status: 503, times: 4 }), identities({ status: 503 })] },
      { atTick: 22, faults: [events({ status: 503, times: 2 })] },
    ],
    check: ({ report }) => expect(report.stats.retried).toBeGreaterThan(0),
  },
  {
    name: '429 with Retry-After',
    mode: 'remote',
    faults: [
      events({ status: 429, retryAfterSeconds: 1 }),
      identities({ status: 429, retryAfterSeconds: 1 }),
      flags({ status: 429, retryAfterSeconds: 1 }),
    ],
    later: [{ atTick: 15, faults: [events({ status: 429, retryAfter: '1' })] }],
    check: ({ report }) => expect(report.stats.retried).toBeGreaterThan(0),
  },
  {
    name: 'timeouts (responses lost)',
    mode: 'remote',
    faults: [
      events({ delayMs: TIMEOUT_DELAY_MS, times: 2 }),
      identities({ delayMs: TIMEOUT_DELAY_MS, times: 2 }),
      flags({ delayMs: TIMEOUT_DELAY_MS }),
    ],
    later: [{ atTick: 15, faults: [events({ delayMs: TIMEOUT_DELAY_MS })] }],
    check: ({ report }) => {
      // The server stored the batches the client gave up on, and the retries stored them again.
      expect(report.lostResponses).toBeGreaterThanOrEqual(3);
      expect(report.duplicates).toBeGreaterThan(0);
    },
  },
  {
    name: 'reset connections',
    mode: 'remote',
    faults: [
      events({ dropConnection: true, times: 3 }),
      identities({ dropConnection: true, times: 3 }),
      flags({ dropConnection: true, times: 2 }),
    ],
    later: [{ atTick: 15, faults: [events({ dropConnection: true, times: 2 })] }],
    check: ({ report }) => {
      expect(report.droppedConnections).toBeGreaterThanOrEqual(3);
      expect(report.duplicates).toBe(0); // a dropped request stores nothing
    },
  },
  {
    name: 'slow responses',
    mode: 'remote',
    faults: [
      events({ delayMs: SLOW_DELAY_MS, times: 8 }),
      identities({ delayMs: SLOW_DELAY_MS, times: 10 }),
      flags({ delayMs: SLOW_DELAY_MS, times: 3 }),
    ],
    check: ({ report, defaultsServed }) => {
      expect(report.lostResponses).toBe(0);
      expect(report.stats.retried).toBe(0);
      expect(defaultsServed).toBe(0);
    },
  },
  {
    name: '400 (batches refused)',
    mode: 'remote',
    faults: [identities({ status: 400, times: 2 })],
    later: [
      { atTick: 5, faults: [events({ status: 400 })] },
      { atTick: 18, faults: [events({ status: 400 })] },
    ],
    check: ({ report, defaultsServed }) => {
      expect(report.stats.dropped.rejected).toBeGreaterThan(0);
      expect(defaultsServed).toBeGreaterThan(0); // identities refused: defaults, no exposures
    },
  },
  {
    name: '413 (split, one event refused)',
    mode: 'local',
    // 20 → 10 → 5 → 2 → 1 → refused; and the server takes at most 12 events per request.
    faults: [events({ status: 413, times: 5 }), document({ status: 503, times: 2 })],
    server: { maxEventsPerRequest: 12 },
    check: ({ report }) => {
      expect(report.stats.dropped.rejected).toBe(1);
      // Batches of 10 once the server's limit is learnt, not one event per request for good.
      expect(report.stats.dropped.overflow).toBe(0);
      expect(report.requests).toBeLessThan(report.stats.sent / 5);
    },
  },
  {
    name: '413 (one oversized event)',
    mode: 'remote',
    faults: [identities({ status: 503 })],
    server: { maxEventsBodyBytes: 16_384 },
    // 20 KB: under the processor's 32 KB limit per event, over this server's limit per request.
    extraWork: (client, tick) => {
      if (tick === 3) {
        client.track('upload', { targetingKey: 'user_1' }, { value: 1, blob: 'b'.repeat(20_000) });
      }
    },
    check: ({ report, stored }) => {
      expect(report.stats.dropped.rejected).toBe(1);
      expect(stored.filter((event) => event.event === 'upload')).toEqual([]);
      expect(report.stats.dropped.overflow).toBe(0);
      expect(report.requests).toBeLessThan(report.stats.sent / 5);
    },
  },
  {
    name: '403 on both APIs',
    mode: 'remote',
    faults: [],
    later: [
      { atTick: 10, faults: [flags({ status: 403, times: FOREVER })] },
      { atTick: 15, faults: [events({ status: 403 })] },
    ],
    check: ({ report, eventsAfterUnauthorized, providerEvents }) => {
      expect(report.stats.dropped.unauthorized).toBeGreaterThan(0);
      expect(eventsAfterUnauthorized).toBe(0); // a wrong key never becomes a retry storm
      expect(providerEvents.stale).toBeGreaterThanOrEqual(1); // last-known flags kept
    },
  },
  {
    name: 'soft rejections under faults',
    mode: 'local',
    softRejection: (event) => event.event === 'purchase' && (tagOf(event) ?? 0) % 7 === 0,
    faults: [
      events({ status: 503 }),
      events({ dropConnection: true }),
      events({ delayMs: TIMEOUT_DELAY_MS }),
      events({ status: 429, retryAfterSeconds: 1 }),
      document({ dropConnection: true }),
      document({ delayMs: TIMEOUT_DELAY_MS }),
    ],
    check: ({ report }) => expect(report.stats.dropped.rejected).toBeGreaterThan(0),
  },
  {
    name: 'outage with overflow',
    mode: 'local',
    processor: { maxBufferItems: 40 },
    faults: [events({ status: 503, times: FOREVER }), document({ status: 503, times: FOREVER })],
    tickMs: 60,
    clearAtTick: 20,
    check: ({ report, providerEvents }) => {
      expect(report.stats.dropped.overflow).toBeGreaterThan(0);
      expect(providerEvents.stale).toBe(1);
      expect(providerEvents.ready).toBeGreaterThanOrEqual(1); // recovered
    },
  },
  {
    name: 'everything at once',
    mode: 'remote',
    faults: storm(7, ['v1/events', 'v1/events', 'flags/', 'identities/'], 24),
    later: [
      { atTick: 10, faults: storm(11, ['v1/events', 'identities/'], 12) },
      { atTick: 20, faults: storm(13, ['v1/events', 'flags/', 'identities/'], 12) },
    ],
  },
];

function contextOf(index: number): EvaluationContext {
  return {
    targetingKey: `user_${index}`,
    plan: index % 3 === 0 ? 'premium' : 'free',
    age: 18 + (index % 40),
    email: index % 10 === 0 ? `user${index}@acme.example` : `user${index}@mail.test`,
  };
}

const rows: string[][] = [];
let server: TestServer | undefined;

afterEach(async () => {
  await resetOpenFeature();
  await server?.close();
  server = undefined;
});

afterAll(() => {
  printTable(rows);
});

async function runScenario(scenario: Scenario): Promise<RunResult> {
  const started = Date.now();
  const testServer = await startTestServer({
    environment: experimentEnvironment,
    ...scenario.server,
  });
  server = testServer;
  if (scenario.softRejection !== undefined) testServer.rejectEvents(scenario.softRejection);

  const logger = recordingLogger();
  const processor = new TaggedEventProcessor({
    environmentKey: testServer.clientKey,
    eventsApiUrl: testServer.eventsApiUrl,
    flushIntervalMs: 50,
    maxBufferItems: 300,
    maxBatchItems: 20,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    maxRetries: 2,
    retryBaseDelayMs: 10,
    retryMaxDelayMs: 1_500,
    logger,
    ...scenario.processor,
  });
  const provider = new FlagsmithServerProvider({
    environmentKey: scenario.mode === 'local' ? testServer.serverKey : testServer.clientKey,
    apiUrl: testServer.apiUrl,
    enableLocalEvaluation: scenario.mode === 'local',
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    retries: 1,
    environmentRefreshIntervalMs: 100,
    identityCache: { ttlMs: 100, maxEntries: 1_000 },
    eventProcessor: processor,
    logger,
  });
  OpenFeature.setLogger(logger);
  const providerEvents = { ready: 0, stale: 0, error: 0, changed: 0 };
  await OpenFeature.setProviderAndWait(provider);
  OpenFeature.addHandler(ProviderEvents.Ready, () => providerEvents.ready++);
  OpenFeature.addHandler(ProviderEvents.Stale, () => providerEvents.stale++);
  OpenFeature.addHandler(ProviderEvents.Error, () => providerEvents.error++);
  OpenFeature.addHandler(ProviderEvents.ConfigurationChanged, () => providerEvents.changed++);
  // The handlers run at once for the status the provider is in: count only what follows.
  providerEvents.ready = 0;
  OpenFeature.addHooks(new ExposureHook({ eventProcessor: processor }));
  const client = OpenFeature.getClient();
  expect(client.providerStatus).toBe(ProviderStatus.READY);

  for (const fault of scenario.faults) testServer.injectFault(fault);
  const work = { evaluations: 0, defaultsServed: 0, appExceptions: 0 };
  for (let tick = 0; tick < TICKS; tick++) {
    for (const step of scenario.later ?? []) {
      if (step.atTick === tick) for (const fault of step.faults) testServer.injectFault(fault);
    }
    if (scenario.clearAtTick === tick) testServer.clearFaults();
    const identitiesThisTick = Array.from(
      { length: PER_TICK },
      (_, k) => (tick * 7 + k * 3) % IDENTITIES,
    );
    await Promise.all(identitiesThisTick.map((index) => act(client, index, tick, work)));
    try {
      scenario.extraWork?.(client, tick);
    } catch {
      work.appExceptions++;
    }
    await sleep(scenario.tickMs ?? TICK_MS);
  }

  // The outage ends: let requests still delayed on the server finish, then deliver the rest.
  testServer.clearFaults();
  await sleep(TIMEOUT_DELAY_MS + 100);
  await drain(processor);
  await sleep(50);
  await OpenFeature.clearProviders(); // the provider's onClose flushes the shared processor
  await processor.close(1_000);

  const report = reconcile(testServer, processor, scenario.softRejection);
  const eventRequests = testServer.requests.filter((request) => request.path === '/v1/events');
  const unauthorizedAt = eventRequests.findIndex((request) => request.status === 403);
  const flagRequests = testServer.requests.filter((request) => request.path.startsWith('/api/'));
  return {
    report,
    ...work,
    providerEvents,
    flagRequests: flagRequests.length,
    flagFaults: flagRequests.filter((request) => request.faulted).length,
    eventsAfterUnauthorized: unauthorizedAt < 0 ? 0 : eventRequests.length - unauthorizedAt - 1,
    stored: testServer.events,
    ms: Date.now() - started,
  };
}

/** One identity's work in a tick: four evaluations (exposures), a purchase, now and then bad input. */
async function act(
  client: Client,
  index: number,
  tick: number,
  work: { evaluations: number; defaultsServed: number; appExceptions: number },
): Promise<void> {
  const context = contextOf(index);
  try {
    const details = await Promise.all([
      client.getStringDetails('checkout_button', 'none', context),
      client.getStringDetails('banner_text', '', context),
      client.getNumberDetails('discount_rate', 0, context),
      client.getBooleanDetails('new_navigation', false, context),
    ]);
    work.evaluations += details.length;
    work.defaultsServed += details.filter((d) => d.flagMetadata.defaultServed !== false).length;
    client.track('purchase', context, { value: 10 + index, currency: 'EUR' });
    if (tick % 5 === index % 5) {
      client.track('$reserved', context, { value: 1 }); // refused: `$` names are Flagsmith's
      client.track('bad_value', context, { value: Number.NaN }); // refused: not finite
    }
  } catch {
    work.appExceptions++;
  }
}

function printTable(table: string[][]): void {
  const header = [
    'scenario',
    'mode',
    'tracked',
    'sent',
    'overflow',
    'invalid',
    'rejected',
    'unauth',
    'closed',
    'dedup',
    'retried',
    'ev.req',
    'lost resp',
    'dup (lost)',
    'late-only',
    'flag req',
    'flag faults',
    'defaults',
    'STALE',
    'READY',
    'ms',
  ];
  const all = [header, ...table];
  const widths = header.map((_, column) =>
    Math.max(...all.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: string[]) =>
    row.map((cell, column) => cell.padStart(widths[column] as number)).join(' | ');
  console.log(
    `\nFault matrix: tracked = sent + overflow + invalid + rejected + unauth + closed, exactly, in every run\n${[
      line(header),
      widths.map((width) => '-'.repeat(width)).join('-|-'),
      ...table.map(line),
    ].join('\n')}\n`,
  );
}

describe('exact accounting under a fault matrix on the flags and events APIs at once', () => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))(
    'accounts for every event exactly: %s',
    async (_name, scenario) => {
      const run = await runScenario(scenario);
      const { report } = run;
      const { stats } = report;
      rows.push([
        scenario.name,
        scenario.mode,
        ...[
          stats.tracked,
          stats.sent,
          stats.dropped.overflow,
          stats.dropped.invalid,
          stats.dropped.rejected,
          stats.dropped.unauthorized,
          stats.dropped.closed,
          stats.deduplicated,
          stats.retried,
          report.requests,
          report.lostResponses,
          report.duplicates,
          report.deliveredUnacknowledged,
          run.flagRequests,
          run.flagFaults,
          run.defaultsServed,
          run.providerEvents.stale,
          run.providerEvents.ready,
          run.ms,
        ].map(String),
      ]);
      expect(run.appExceptions, 'exceptions the application saw').toBe(0);
      expect(report.invalidCalls).toBeGreaterThan(0); // the bad input was there, and refused
      expect(stats.sent).toBeGreaterThan(0);
      expectExactAccounting(report);
      expect(stats.dropped.closed, 'nothing left for close() after the drain').toBe(0);
      scenario.check?.(run);
    },
  );
});
