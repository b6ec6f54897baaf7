// End-to-end delivery throughput: events tracked, batched, posted and accepted by the local
// test server (same process, so the server's parsing and schema checks share the core).
import { startTestServer } from '@flagsmith-openfeature/testing';
import { EventProcessor } from '../src/index';
import { format } from './helpers';

const TOTAL = 300_000;
const CHUNK = 1_000;

export async function benchDelivery(): Promise<void> {
  console.log('\n## End-to-end delivery into the local test server\n');
  const server = await startTestServer();
  for (const maxBatchItems of [1_000, 5_000]) {
    server.reset();
    const events = new EventProcessor({
      environmentKey: server.clientKey,
      eventsApiUrl: server.eventsApiUrl,
      maxBufferItems: 20_000,
      maxBatchItems,
      flushIntervalMs: 3_600_000,
    });
    const started = performance.now();
    for (let index = 0; index < TOTAL; index += CHUNK) {
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
    const elapsed = performance.now() - started;
    const received = (await server.waitForEvents(TOTAL, { timeoutMs: 60_000 })).length;
    const stats = events.stats();
    const requests = server.requests.length;
    console.log(
      `maxBatchItems ${format(maxBatchItems).padStart(5)}: ${format(TOTAL)} events in ${format(elapsed)} ms = ${format(
        (TOTAL / elapsed) * 1000,
      )} events/s delivered (${requests} requests; server received ${format(received)}, sent ${format(stats.sent)}, dropped ${format(
        Object.values(stats.dropped).reduce((a, b) => a + b, 0),
      )})`,
    );
    await events.close(5_000);
  }
  await server.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchDelivery();
