// Tracking cost per call: how many trackEvent / trackExposureEvent calls one core makes per
// second. Only the calls are timed; the buffer is emptied (into a fetch that accepts at once)
// between rounds.
import type { EventProcessor } from '../src/index';
import { format, quietProcessor } from './helpers';

const ROUND = 100_000;
const ROUNDS = 20;

type Scenario = [name: string, run: (events: EventProcessor, index: number) => void];

const sharedTraits = { plan: 'premium', country: 'FR' };

const scenarios: Scenario[] = [
  ['trackEvent(name)', (events) => events.trackEvent('page_view')],
  [
    'trackEvent(name, {identifier, value, traits, metadata}) (fresh literals, as typical)',
    (events, index) =>
      events.trackEvent('purchase', {
        identifier: 'user_42',
        value: index,
        traits: { plan: 'premium' },
        metadata: { currency: 'EUR' },
      }),
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

export async function benchTracking(): Promise<void> {
  console.log('\n## Tracking cost (one core, calls per second; median of rounds)\n');
  for (const [name, run] of scenarios) {
    const events = quietProcessor(ROUND + 1);
    const rates: number[] = [];
    let counter = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      for (let index = 0; index < ROUND; index++) run(events, counter++);
      const elapsed = performance.now() - started;
      rates.push(ROUND / (elapsed / 1000));
      await events.flush();
    }
    rates.sort((a, b) => a - b);
    const median = rates[Math.floor(rates.length / 2)] ?? 0;
    console.log(
      `${name.padEnd(86)} ${format(median).padStart(12)} calls/s  (${format(1e9 / median, 0)} ns/call)`,
    );
    const stats = events.stats();
    if (stats.dropped.overflow > 0)
      console.log(`  (!) ${stats.dropped.overflow} dropped by overflow`);
    await events.close(1_000);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTracking();
