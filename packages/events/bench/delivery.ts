// End-to-end delivery throughput: events tracked, batched, posted and accepted by the local
// test server (same process, so the server's parsing and schema checks share the core).
import type { TestServer } from '@flagsmith-openfeature/testing';
import { startTestServer } from '@flagsmith-openfeature/testing';
import { EventProcessor } from '../src/index';
import { format, isMain } from './helpers';

const TOTAL = 300_000;
const CHUNK = 1_000;

/** What {@link measureDelivery} measured. */
export interface DeliveryMeasure {
  /** Events tracked and accepted by the server, per second, from the first call to the last ack. */
  readonly eventsPerSecond: number;
  readonly elapsedMs: number;
  readonly requests: number;
  /** Events the server stored. */
  readonly received: number;
  /** Events the processor counted as sent. */
  readonly sent: number;
  /** Events the processor dropped, for any reason. */
  readonly dropped: number;
}

/**
 * Tracks `total` identified purchases as fast as the processor takes them (yielding every
 * thousand so the sender and the server run), delivers them all into `server`, and reports the
 * rate. The server is reset first.
 */
export async function measureDelivery(
  server: TestServer,
  { total = TOTAL, maxBatchItems = 1_000 }: { total?: number; maxBatchItems?: number } = {},
): Promise<DeliveryMeasure> {
  server.reset();
  const events = new EventProcessor({
    environmentKey: server.clientKey,
    eventsApiUrl: server.eventsApiUrl,
    maxBufferItems: 20_000,
    maxBatchItems,
    flushIntervalMs: 3_600_000,
  });
  const started = performance.now();
  for (let index = 0; index < total; index += CHUNK) {
    for (let offset = 0; offset < CHUNK; offset++) {
      events.trackEvent('purchase', {
        identifier: `user_${(index + offset) % 5_000}`,
        value: index + offset,
        traits: { plan: 'premium' },
        metadata: { currency: 'EUR' },
      });
    }
    // let the sender and the server run; wait for them only if they fall behind
    if (events.stats().buffered >= 10_000) await events.flush();
    else await new Promise((resolve) => setImmediate(resolve));
  }
  await events.flush();
  const elapsedMs = performance.now() - started;
  const received = (await server.waitForEvents(total, { timeoutMs: 60_000 })).length;
  const stats = events.stats();
  const requests = server.requests.length;
  await events.close(5_000);
  // the in-process server keeps every request and event: forget them before anything else runs
  server.reset();
  return {
    eventsPerSecond: (total / elapsedMs) * 1000,
    elapsedMs,
    requests,
    received,
    sent: stats.sent,
    dropped: Object.values(stats.dropped).reduce((a, b) => a + b, 0),
  };
}

export async function benchDelivery(): Promise<void> {
  console.log('\n## End-to-end delivery into the local test server\n');
  const server = await startTestServer();
  for (const maxBatchItems of [1_000, 5_000]) {
    const measure = await measureDelivery(server, { total: TOTAL, maxBatchItems });
    console.log(
      `maxBatchItems ${format(maxBatchItems).padStart(5)}: ${format(TOTAL)} events in ${format(measure.elapsedMs)} ms = ${format(
        measure.eventsPerSecond,
      )} events/s delivered (${measure.requests} requests; server received ${format(measure.received)}, sent ${format(measure.sent)}, dropped ${format(
        measure.dropped,
      )})`,
    );
  }
  await server.close();
}

if (isMain(import.meta.url)) await benchDelivery();
