/**
 * A long outage of the events API, on a virtual clock: eight hours of tracking at a steady rate
 * (one event every 500 ms) while every delivery fails, the kind of failure changing every half
 * hour (503, reset connections, 429 with a `Retry-After` past the backoff cap, 500). Requests go
 * over real HTTP to the local test server; only time is simulated. Memory and `stats()` must
 * stay bounded throughout, and once the API recovers the events kept must arrive, in order.
 */
import type { EventProcessorStats } from '@flagsmith-openfeature/events';
import { EventProcessor } from '@flagsmith-openfeature/events';
import type { Fault, TestServer } from '@flagsmith-openfeature/testing';
import { startTestServer } from '@flagsmith-openfeature/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { droppedTotal } from './support/accounting';
import { recordingLogger } from './support/helpers';
import { VirtualClock } from './support/virtual-clock';

const HOUR_MS = 3_600_000;
const OUTAGE_MS = 8 * HOUR_MS;
const EVENT_EVERY_MS = 500;
const TOTAL_EVENTS = OUTAGE_MS / EVENT_EVERY_MS; // 57,600
const WINDOW_MS = HOUR_MS / 2;
const MAX_BUFFER_ITEMS = 1_000;
const MAX_BATCH_ITEMS = 100;
const START = Date.UTC(2025, 5, 1, 0, 0, 0);
/** Each event carries its own 500-character string: kept events would show on the heap. */
const PAYLOAD = 'x'.repeat(500);

const gc = (globalThis as { gc?: () => void }).gc;

/** What the events API does during each half hour of the outage, in turn. */
const FAILURES: readonly Omit<Fault, 'path' | 'times'>[] = [
  { status: 503 },
  { dropConnection: true },
  { status: 429, retryAfterSeconds: 120 },
  { status: 500 },
];

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

function expectBalanced(stats: EventProcessorStats): void {
  expect(stats.tracked).toBe(stats.sent + droppedTotal(stats) + stats.buffered + stats.inFlight);
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
});

describe('an eight-hour outage of the events API on a virtual clock', () => {
  it('keeps heap and stats() bounded, then delivers the kept events in order', async () => {
    expect(gc, 'the suite runs with --expose-gc (reliability/vitest.config.ts)').toBeTypeOf(
      'function',
    );
    const clock = new VirtualClock(START);
    // Debug lines (one per failed attempt) are counted, not kept: they would grow the heap.
    const logger = recordingLogger({ keepDebug: false });
    const processor = new EventProcessor({
      environmentKey: server.clientKey,
      eventsApiUrl: server.eventsApiUrl,
      maxBufferItems: MAX_BUFFER_ITEMS,
      maxBatchItems: MAX_BATCH_ITEMS,
      flushIntervalMs: 30_000,
      maxRetries: 2,
      timers: clock,
      logger,
    });
    /** Lets real I/O finish (the request the timer started) before virtual time moves on. */
    const settle = async () => {
      do {
        await new Promise((resolve) => setImmediate(resolve));
      } while (processor.stats().inFlight > 0);
    };

    let requests = 0;
    let mostBuffered = 0;
    let mostPending = 0;
    let window = -1;
    const heap: { hour: number; bytes: number }[] = [];
    const samples: EventProcessorStats[] = [];
    for (let index = 0; index < TOTAL_EVENTS; index++) {
      const elapsed = index * EVENT_EVERY_MS;
      if (Math.floor(elapsed / WINDOW_MS) !== window) {
        // A new half hour: forget the server's request log (it would grow with the test, not
        // with the processor), change the kind of failure, and measure.
        window = Math.floor(elapsed / WINDOW_MS);
        requests += server.requests.length;
        server.reset();
        const failure = FAILURES[window % FAILURES.length] as Omit<Fault, 'path' | 'times'>;
        server.injectFault({ path: 'v1/events', times: Number.POSITIVE_INFINITY, ...failure });
        const stats = processor.stats();
        samples.push(stats);
        heap.push({ hour: elapsed / HOUR_MS, bytes: heapUsed() });
      }
      processor.trackEvent('heartbeat', {
        identifier: `user_${index % 500}`,
        value: index,
        metadata: { payload: `${PAYLOAD}${index}` },
      });
      const { buffered, inFlight } = processor.stats();
      mostBuffered = Math.max(mostBuffered, buffered);
      mostPending = Math.max(mostPending, buffered + inFlight);
      await clock.advance(EVENT_EVERY_MS, settle);
    }
    requests += server.requests.length;
    server.reset();
    heap.push({ hour: OUTAGE_MS / HOUR_MS, bytes: heapUsed() });
    samples.push(processor.stats());

    // Bounded: the buffer never passed its limit, counters balance, nothing was sent.
    expect(mostBuffered).toBe(MAX_BUFFER_ITEMS);
    expect(mostPending).toBeLessThanOrEqual(MAX_BUFFER_ITEMS + MAX_BATCH_ITEMS);
    for (const stats of samples) {
      expect(stats.buffered).toBeLessThanOrEqual(MAX_BUFFER_ITEMS);
      expect(stats.inFlight).toBe(0);
      expect(stats.sent).toBe(0);
      expectBalanced(stats);
    }
    const atEnd = processor.stats();
    expect(atEnd).toMatchObject({
      tracked: TOTAL_EVENTS,
      sent: 0,
      buffered: MAX_BUFFER_ITEMS,
      inFlight: 0,
      dropped: {
        overflow: TOTAL_EVENTS - MAX_BUFFER_ITEMS,
        invalid: 0,
        rejected: 0,
        unauthorized: 0,
        closed: 0,
      },
    });
    // It kept trying all along, at the interval's pace (retries included), not per event.
    expect(requests).toBeGreaterThan(OUTAGE_MS / 30_000);
    expect(requests).toBeLessThan((3 * OUTAGE_MS) / 30_000 + 10);
    // One warning per episode, not one per event or per attempt.
    const warnings = logger.at('warn');
    expect(warnings.filter((line) => line.includes('buffer is full'))).toHaveLength(1);
    expect(
      warnings.filter((line) => line.startsWith('EventProcessor: event delivery')),
    ).toHaveLength(1);

    // The heap after the first hour stays flat: ~57,600 events of 500+ bytes were tracked, and
    // keeping them would take tens of MB.
    const afterFirstHour = heap.filter((sample) => sample.hour >= 1).map((sample) => sample.bytes);
    const growth = Math.max(...afterFirstHour) - Math.min(...afterFirstHour);
    const retainedIfKept = TOTAL_EVENTS * PAYLOAD.length;
    console.log(
      `\nLong outage: ${TOTAL_EVENTS} events over ${OUTAGE_MS / HOUR_MS} h (virtual), ${requests} failed requests; heap after gc by hour (MB): ${heap
        .map((sample) => `${sample.hour}h ${(sample.bytes / 1_048_576).toFixed(1)}`)
        .join(
          ', ',
        )}; spread after the first hour ${(growth / 1_048_576).toFixed(2)} MB (keeping every event would add > ${(retainedIfKept / 1_048_576).toFixed(0)} MB)\n`,
    );
    expect(growth).toBeLessThan(6 * 1_048_576);

    // Recovery: the next interval delivers what was kept, oldest first, in order.
    server.reset();
    await clock.advance(60_000, settle);
    const recovered = processor.stats();
    expect(recovered).toMatchObject({ sent: MAX_BUFFER_ITEMS, buffered: 0, inFlight: 0 });
    expectBalanced(recovered);
    const received = server.events;
    expect(received).toHaveLength(MAX_BUFFER_ITEMS);
    const firstKept = TOTAL_EVENTS - MAX_BUFFER_ITEMS;
    expect(received.map((event) => event.value)).toEqual(
      Array.from({ length: MAX_BUFFER_ITEMS }, (_, offset) => firstKept + offset),
    );
    // Timestamps are the tracking times on the virtual clock: in order, at the steady rate.
    expect(received.map((event) => event.timestamp)).toEqual(
      received.map((_, offset) => START + (firstKept + offset) * EVENT_EVERY_MS),
    );
    expect(logger.at('info').some((line) => line.includes('recovered'))).toBe(true);

    await processor.close(0);
  });
});
