// Heap per buffered event, and heap over a long outage with steady tracking.
import { startTestServer } from '@flagsmith-openfeature/testing';
import { EventProcessor } from '../src/index';
import { format, heapUsed, isMain, pause, quietProcessor } from './helpers';

const BUFFERED = 100_000;

/** Makes the arguments of the `index`th `trackEvent` call. */
export type TrackArguments = (index: number) => [string, object?];

/** An identified purchase with traits and metadata, the identifiers repeating every thousand. */
export const typicalPurchase: TrackArguments = (index) => [
  'purchase',
  {
    identifier: `user_${index % 1_000}`,
    value: index * 1.5,
    traits: { plan: 'premium' },
    metadata: { currency: 'EUR' },
  },
];

/**
 * The heap the processor holds per buffered event: `count` calls built by `make`, tracked into a
 * processor that does not send, heap measured after full collections before and after (needs
 * `--expose-gc`). The arguments are built first and kept alive, so only what the processor keeps
 * is counted.
 */
export async function measureHeapPerBufferedEvent(
  make: TrackArguments,
  count = BUFFERED,
): Promise<{ bytesPerEvent: number; buffered: number }> {
  const calls = Array.from({ length: count }, (_, index) => make(index));
  const events = quietProcessor(count + 1);
  const before = heapUsed();
  for (const [event, details] of calls) events.trackEvent(event, details);
  const after = heapUsed();
  // keeps the arguments alive through the measurement, so only the processor's share counts
  if (calls.length !== count) throw new Error('unreachable');
  const { buffered } = events.stats();
  await events.close(0);
  return { bytesPerEvent: (after - before) / count, buffered };
}

async function heapPerBufferedEvent(): Promise<void> {
  console.log('\n## Heap per buffered event\n');
  const cases: Array<[string, TrackArguments]> = [
    ['trackEvent(name)', () => ['page_view']],
    [
      'trackEvent(name, {identifier, value, traits: {plan}, metadata: {currency}})',
      typicalPurchase,
    ],
    [
      'same, with a unique identifier per event',
      (index) => [
        'purchase',
        {
          identifier: `user_${index}`,
          value: index * 1.5,
          traits: { plan: 'premium' },
          metadata: { currency: 'EUR' },
        },
      ],
    ],
  ];
  for (const [name, make] of cases) {
    const { bytesPerEvent, buffered } = await measureHeapPerBufferedEvent(make);
    console.log(
      `${name.padEnd(78)} ${format(bytesPerEvent).padStart(5)} bytes/event  (${format(buffered)} buffered)`,
    );
  }
}

async function heapDuringOutage(): Promise<void> {
  const SECONDS = 8;
  const PER_SECOND = 50_000;
  console.log(
    `\n## Heap during an outage: ${format(PER_SECOND)} events/s for ${SECONDS} s into a server answering 503\n`,
  );
  const server = await startTestServer();
  const fail = () =>
    server.injectFault({ path: 'v1/events', status: 503, times: Number.POSITIVE_INFINITY });
  fail();
  let requests = 0;
  const events = new EventProcessor({
    environmentKey: server.clientKey,
    eventsApiUrl: server.eventsApiUrl,
    flushIntervalMs: 1_000,
    retryBaseDelayMs: 50,
    retryMaxDelayMs: 200,
  });
  const samples: number[] = [];
  let tracked = 0;
  for (let second = 0; second < SECONDS; second++) {
    const started = performance.now();
    for (let slice = 0; slice < 20; slice++) {
      for (let index = 0; index < PER_SECOND / 20; index++) {
        events.trackEvent('purchase', {
          identifier: `user_${tracked % 10_000}`,
          value: tracked++,
          traits: { plan: 'premium' },
          metadata: { currency: 'EUR' },
        });
      }
      await pause(Math.max(0, (started + ((slice + 1) * 1000) / 20 - performance.now()) | 0));
    }
    // the in-process server logs every request with its body: forget them, so that only the
    // processor's memory is measured
    requests += server.requests.length;
    server.reset();
    fail();
    const heap = heapUsed();
    samples.push(heap);
    const stats = events.stats();
    console.log(
      `t=${second + 1}s heap ${format(heap / 1024 / 1024, 2)} MB  tracked ${format(stats.tracked)}  buffered ${format(
        stats.buffered,
      )}  overflow-dropped ${format(stats.dropped.overflow)}  requests ${format(requests)}`,
    );
  }
  const first = samples[1] ?? 0;
  const last = samples.at(-1) ?? 0;
  console.log(
    `heap change from t=2s to t=${SECONDS}s: ${format((last - first) / 1024, 0)} KB while ${format(
      (PER_SECOND * (SECONDS - 2)) / 1000,
    )}k more events were tracked`,
  );
  await events.close(0);
  await server.close();
}

export async function benchMemory(): Promise<void> {
  await heapPerBufferedEvent();
  await heapDuringOutage();
}

if (isMain(import.meta.url)) await benchMemory();
