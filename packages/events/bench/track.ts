// Tracking cost per call: how many trackEvent / trackExposureEvent calls one core makes per
// second. Only the calls are timed; the buffer is emptied (into a fetch that accepts at once)
// between rounds.
import type { EventProcessor } from '../src/index';
import { format, isMain, quietProcessor } from './helpers';

const ROUND = 100_000;
const ROUNDS = 20;

/** One way of tracking: `run` makes one call, `index` counting calls. */
export type TrackRun = (events: EventProcessor, index: number) => void;
type Scenario = [name: string, run: TrackRun];

const sharedTraits = { plan: 'premium', country: 'FR' };

/** A typical `trackEvent` call: an identified purchase with fresh literals, as apps write it. */
export const typicalTrackEvent: TrackRun = (events, index) =>
  events.trackEvent('purchase', {
    identifier: 'user_42',
    value: index,
    traits: { plan: 'premium' },
    metadata: { currency: 'EUR' },
  });

const scenarios: Scenario[] = [
  ['trackEvent(name)', (events) => events.trackEvent('page_view')],
  [
    'trackEvent(name, {identifier, value, traits, metadata}) (fresh literals, as typical)',
    typicalTrackEvent,
  ],
  [
    'trackEvent with a shared 2-key traits object',
    (events, index) =>
      events.trackEvent('purchase', { identifier: 'user_42', value: index, traits: sharedTraits }),
  ],
  [
    'trackEvent with nested metadata (JSON slow path)',
    (events, index) =>
      events.trackEvent('checkout', {
        identifier: 'user_42',
        value: index,
        metadata: { cart: [{ sku: 'a', qty: 1 }] },
      }),
  ],
  [
    'trackExposureEvent, every one new (dedupe inserts)',
    (events, index) =>
      events.trackExposureEvent('checkout_button', { identifier: `user_${index}`, value: 'green' }),
  ],
  [
    'trackExposureEvent, duplicates (dedupe hits)',
    (events, index) =>
      events.trackExposureEvent('checkout_button', {
        identifier: `user_${index % 1000}`,
        value: 'green',
      }),
  ],
];

/** What {@link measureTracking} measured. */
export interface TrackingMeasure {
  /** Calls per second in the median round. */
  readonly callsPerSecond: number;
  /** Events the processor dropped because its buffer overflowed (should be none). */
  readonly overflowDropped: number;
}

/**
 * Times `rounds` rounds of `perRound` calls of `run` on one processor and returns the median
 * round's rate. Only the calls are timed; the buffer is emptied (into a fetch that accepts at
 * once) between rounds.
 */
export async function measureTracking(
  run: TrackRun,
  { perRound = ROUND, rounds = ROUNDS }: { perRound?: number; rounds?: number } = {},
): Promise<TrackingMeasure> {
  const events = quietProcessor(perRound + 1);
  const rates: number[] = [];
  let counter = 0;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    for (let index = 0; index < perRound; index++) run(events, counter++);
    const elapsed = performance.now() - started;
    rates.push(perRound / (elapsed / 1000));
    await events.flush();
  }
  rates.sort((a, b) => a - b);
  const overflowDropped = events.stats().dropped.overflow;
  await events.close(1_000);
  return { callsPerSecond: rates[Math.floor(rates.length / 2)] ?? 0, overflowDropped };
}

export async function benchTracking(): Promise<void> {
  console.log('\n## Tracking cost (one core, calls per second; median of rounds)\n');
  for (const [name, run] of scenarios) {
    const { callsPerSecond, overflowDropped } = await measureTracking(run);
    console.log(
      `${name.padEnd(86)} ${format(callsPerSecond).padStart(12)} calls/s  (${format(1e9 / callsPerSecond, 0)} ns/call)`,
    );
    if (overflowDropped > 0) console.log(`  (!) ${overflowDropped} dropped by overflow`);
  }
}

if (isMain(import.meta.url)) await benchTracking();
