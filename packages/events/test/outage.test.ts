import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { expectBalanced, useServer } from './helpers/harness';

const harness = useServer();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function failForever(): void {
  harness.server.injectFault({ path: 'v1/events', status: 503, times: Number.POSITIVE_INFINITY });
}

/** A garbage collector for heap measurements, without starting Node with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('an outage', () => {
  it('keeps at most maxBufferItems, dropping and counting the oldest, over thousands of events', async () => {
    const { events, logger } = harness.processor({ maxBufferItems: 100, maxBatchItems: 50 });
    failForever();
    for (let round = 0; round < 50; round++) {
      for (let index = 0; index < 100; index++) {
        events.trackEvent('tick', { identifier: 'user', value: round * 100 + index });
      }
      await pause(1);
      const stats = events.stats();
      expect(stats.buffered).toBeLessThanOrEqual(100);
      expect(stats.buffered + stats.inFlight).toBeLessThanOrEqual(100 + 50);
      expectBalanced(stats);
    }
    await events.flush();
    const stats = events.stats();
    expect(stats).toMatchObject({ tracked: 5_000, sent: 0, buffered: 100, inFlight: 0 });
    expect(stats.dropped.overflow).toBe(4_900);
    expectBalanced(stats);
    expect(logger.at('warn').filter((message) => message.includes('buffer is full'))).toHaveLength(
      1,
    );
  });

  it('delivers what it kept, the newest events in order, once the endpoint recovers', async () => {
    const { events } = harness.processor({ maxBufferItems: 100, maxBatchItems: 30 });
    failForever();
    for (let index = 0; index < 1_000; index++) {
      events.trackEvent('tick', { identifier: 'user', value: index });
      if (index % 100 === 99) await pause(1);
    }
    await events.flush();
    harness.server.clearFaults();
    await events.flush();

    const values = harness.server.events.map((event) => event.value);
    expect(values).toEqual(Array.from({ length: 100 }, (_, index) => 900 + index));
    expect(events.stats()).toMatchObject({
      tracked: 1_000,
      sent: 100,
      buffered: 0,
      dropped: { overflow: 900 },
    });
  });

  it('warns about overflow once per outage', async () => {
    const { events, logger } = harness.processor({ maxBufferItems: 10 });
    const overflowWarnings = () =>
      logger.at('warn').filter((message) => message.includes('buffer is full'));
    failForever();
    for (let index = 0; index < 50; index++) events.trackEvent('tick');
    await events.flush();
    for (let index = 0; index < 50; index++) events.trackEvent('tick');
    expect(overflowWarnings()).toHaveLength(1);

    harness.server.clearFaults();
    await events.flush();
    failForever();
    for (let index = 0; index < 50; index++) events.trackEvent('tick');
    expect(overflowWarnings()).toHaveLength(2);
  });

  it('does not answer a full buffer with a request per event while delivery fails', async () => {
    const { events } = harness.processor({ maxBufferItems: 10, maxRetries: 1 });
    failForever();
    for (let index = 0; index < 10; index++) events.trackEvent('tick');
    await events.flush(); // one round: a try and a retry, then it gives up
    const afterRound = harness.server.requests.length;
    for (let index = 0; index < 1_000; index++) {
      events.trackEvent('tick');
      if (index % 100 === 0) await pause(1);
    }
    await pause(20);
    expect(afterRound).toBe(2);
    expect(harness.server.requests.length).toBe(afterRound);
  });

  it('keeps memory flat however long the endpoint is down', async () => {
    const { events } = harness.processor({ maxBufferItems: 200, maxBatchItems: 100 });
    failForever();
    const payload = 'p'.repeat(1_000);
    const track = async (count: number) => {
      for (let index = 0; index < count; index++) {
        events.trackEvent('tick', {
          identifier: `user-${index}`,
          value: index,
          metadata: { payload: `${payload}${index}` },
        });
        if (index % 1_000 === 999) await pause(0);
      }
    };
    await track(5_000);
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    await track(40_000); // ~40 MB of events if they were all kept
    collectGarbage();
    const growth = process.memoryUsage().heapUsed - before;
    expect(growth).toBeLessThan(8 * 1024 * 1024);
    expect(events.stats().buffered).toBeLessThanOrEqual(200);
    expectBalanced(events.stats());
  });
});
