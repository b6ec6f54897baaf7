import { describe, expect, it, vi } from 'vitest';
import { droppedTotal, expectBalanced, useServer } from './helpers/harness';
import { ManualTimers } from './helpers/manual-timers';

const harness = useServer();

function trackNumbered(
  events: { trackEvent(name: string, details?: object): void },
  from: number,
  count: number,
): void {
  for (let index = from; index < from + count; index++) {
    events.trackEvent('step', { identifier: 'user', value: index });
  }
}

function sentValues(): unknown[] {
  return harness.server.events.map((event) => event.value);
}

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => from + index);
}

describe('delivery', () => {
  it('sends one request at a time, in batches of at most maxBatchItems, in order', async () => {
    const { events } = harness.processor({ maxBatchItems: 10 });
    harness.server.injectFault({ path: 'v1/events', delayMs: 20, times: Number.POSITIVE_INFINITY });
    trackNumbered(events, 0, 35);
    await events.flush();

    const requests = harness.server.requests;
    expect(
      requests.map((request) => (request.body as { events: unknown[] }).events.length),
    ).toEqual([10, 10, 10, 5]);
    for (let index = 1; index < requests.length; index++) {
      // each request starts only after the previous one was answered (20 ms later)
      expect(
        (requests[index]?.receivedAt ?? 0) - (requests[index - 1]?.receivedAt ?? 0),
      ).toBeGreaterThanOrEqual(15);
    }
    expect(sentValues()).toEqual(range(0, 35));
    expect(events.stats()).toMatchObject({ tracked: 35, sent: 35, buffered: 0, inFlight: 0 });
  });

  it('counts the events of the request on the wire as in flight', async () => {
    const { events } = harness.processor();
    harness.server.injectFault({ path: 'v1/events', delayMs: 200 });
    trackNumbered(events, 0, 5);
    const flushed = events.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
    trackNumbered(events, 5, 2);
    expect(events.stats()).toMatchObject({ tracked: 7, inFlight: 5, buffered: 2, sent: 0 });
    expectBalanced(events.stats());
    await flushed;
    expect(events.stats()).toMatchObject({ inFlight: 0, buffered: 2, sent: 5 });
  });

  it('flushes when the buffer reaches maxBufferItems', async () => {
    const { events } = harness.processor({ maxBufferItems: 5 });
    trackNumbered(events, 0, 4);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(harness.server.requests).toHaveLength(0);
    trackNumbered(events, 4, 1);
    await harness.server.waitForEvents(5);
    expect(sentValues()).toEqual(range(0, 5));
  });

  it('shares one delivery between concurrent flush() calls', async () => {
    const { events } = harness.processor();
    trackNumbered(events, 0, 3);
    const first = events.flush();
    const second = events.flush();
    expect(second).toBe(first);
    await Promise.all([first, second]);
    expect(harness.server.requests).toHaveLength(1);
  });

  it('resolves flush() at once when nothing is buffered', async () => {
    const { events } = harness.processor();
    await events.flush();
    expect(harness.server.requests).toHaveLength(0);
  });

  it.each([500, 502, 503, 504, 408, 429])(
    'retries a batch answered %i and delivers it',
    async (status) => {
      const { events } = harness.processor();
      harness.server.injectFault({ path: 'v1/events', status, times: 2 });
      trackNumbered(events, 0, 3);
      await events.flush();

      expect(harness.server.requests.map((request) => request.status)).toEqual([
        status,
        status,
        202,
      ]);
      expect(sentValues()).toEqual([0, 1, 2]);
      expect(events.stats()).toMatchObject({ sent: 3, retried: 6, buffered: 0 });
      expectBalanced(events.stats());
    },
  );

  it('retries after a dropped connection', async () => {
    const { events } = harness.processor();
    harness.server.injectFault({ path: 'v1/events', dropConnection: true });
    trackNumbered(events, 0, 2);
    await events.flush();
    expect(harness.server.requests.map((request) => request.dropped)).toEqual([true, false]);
    expect(sentValues()).toEqual([0, 1]);
    expect(events.stats().sent).toBe(2);
  });

  it('retries a request that times out', async () => {
    const { events } = harness.processor({ requestTimeoutMs: 50 });
    harness.server.injectFault({ path: 'v1/events', delayMs: 300, status: 503 });
    trackNumbered(events, 0, 2);
    await events.flush();
    expect(harness.server.requests).toHaveLength(2);
    expect(sentValues()).toEqual([0, 1]);
    expect(events.stats()).toMatchObject({ sent: 2, retried: 2 });
  });

  it('waits as long as Retry-After (seconds) asks before retrying', async () => {
    const { events } = harness.processor({ retryMaxDelayMs: 5_000 });
    harness.server.injectFault({ path: 'v1/events', status: 429, retryAfterSeconds: 1 });
    trackNumbered(events, 0, 1);
    await events.flush();
    const [first, second] = harness.server.requests;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
    expect(events.stats().sent).toBe(1);
  });

  it('waits as long as Retry-After (an HTTP date) asks before retrying', async () => {
    const { events } = harness.processor({ retryMaxDelayMs: 5_000 });
    // HTTP dates have one-second resolution: two seconds ahead is at least one second away.
    const retryAfter = new Date(Date.now() + 2_000).toUTCString();
    harness.server.injectFault({ path: 'v1/events', status: 503, retryAfter });
    trackNumbered(events, 0, 1);
    await events.flush();
    const [first, second] = harness.server.requests;
    expect(second?.receivedAt ?? 0).toBeGreaterThanOrEqual(Date.parse(retryAfter) - 5);
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
    expect(events.stats().sent).toBe(1);
  });

  it('sends nothing before a Retry-After longer than retryMaxDelayMs, however it is asked', async () => {
    const timers = new ManualTimers();
    const { events, logger } = harness.processor({ timers, flushIntervalMs: 10_000 });
    harness.server.injectFault({ path: 'v1/events', status: 503, retryAfterSeconds: 120 });
    trackNumbered(events, 0, 2);
    await events.flush();
    expect(harness.server.requests).toHaveLength(1);
    expect(logger.at('warn').join('\n')).toMatch(/Retry-After 120 s/);

    await timers.advance(100_000); // ten interval ticks
    await events.flush();
    expect(harness.server.requests).toHaveLength(1);
    expect(events.stats()).toMatchObject({ buffered: 2, sent: 0 });

    await timers.advance(20_000);
    await harness.server.waitForEvents(2);
    expect(harness.server.requests).toHaveLength(2);
    expect(events.stats()).toMatchObject({ buffered: 0, sent: 2 });
  });

  it('puts a batch back at the head after maxRetries and delivers it, still in order, later', async () => {
    const { events, logger } = harness.processor({ maxRetries: 2, maxBatchItems: 5 });
    harness.server.injectFault({ path: 'v1/events', status: 503, times: 3 });
    trackNumbered(events, 0, 8);
    await events.flush();

    expect(harness.server.requests).toHaveLength(3); // the first try and two retries
    expect(events.stats()).toMatchObject({ sent: 0, buffered: 8, inFlight: 0, retried: 15 });
    expect(logger.at('warn').join('\n')).toMatch(
      /failed \(HTTP 503.*8 events kept for the next flush/,
    );

    trackNumbered(events, 8, 2);
    await events.flush();
    expect(sentValues()).toEqual(range(0, 10));
    expect(events.stats()).toMatchObject({ tracked: 10, sent: 10, buffered: 0 });
    expect(logger.at('info').join('\n')).toMatch(/recovered/);
  });

  it('keeps batches in order across retries of a later batch', async () => {
    const { events } = harness.processor({ maxBatchItems: 4 });
    trackNumbered(events, 0, 12);
    // the second request fails twice, the rest succeed
    harness.server.injectFault({ path: 'v1/events', delayMs: 1 });
    harness.server.injectFault({ path: 'v1/events', status: 500, times: 2 });
    await events.flush();
    expect(harness.server.requests.map((request) => request.status)).toEqual([
      202, 500, 500, 202, 202,
    ]);
    expect(sentValues()).toEqual(range(0, 12));
  });

  it.each([400, 422])('drops and counts a batch answered %i, and carries on', async (status) => {
    const { events, logger } = harness.processor({ maxBatchItems: 2 });
    harness.server.injectFault({ path: 'v1/events', status });
    trackNumbered(events, 0, 4);
    await events.flush();

    expect(harness.server.requests).toHaveLength(2);
    expect(sentValues()).toEqual([2, 3]);
    expect(events.stats()).toMatchObject({ sent: 2, dropped: { rejected: 2 }, retried: 0 });
    expect(logger.at('warn').join('\n')).toMatch(
      new RegExp(
        `refused 2 of 2 events \\(HTTP ${status}.*; dropped \\(stats\\(\\)\\.dropped\\.rejected\\)`,
      ),
    );
    expectBalanced(events.stats());
  });

  it('splits a batch answered 413 until it fits, in order', async () => {
    const { events } = harness.processor({ maxBatchItems: 8 });
    harness.server.injectFault({ path: 'v1/events', status: 413, times: 2 });
    trackNumbered(events, 0, 8);
    await events.flush();

    const sizes = harness.server.requests.map(
      (request) => (request.body as { events: unknown[] }).events.length,
    );
    expect(sizes).toEqual([8, 4, 2, 2, 2, 2]);
    expect(sentValues()).toEqual(range(0, 8));
    expect(events.stats()).toMatchObject({ sent: 8, dropped: { rejected: 0 } });
  });

  it('drops and counts a single event that is still answered 413', async () => {
    const { events, logger } = harness.processor({ maxBatchItems: 2 });
    harness.server.injectFault({ path: 'v1/events', status: 413, times: 2 });
    trackNumbered(events, 0, 3);
    await events.flush();

    // [0,1] → 413, [0] → 413 and dropped (the limit is back to 2), then [1,2]
    expect(sentValues()).toEqual([1, 2]);
    expect(events.stats()).toMatchObject({ sent: 2, dropped: { rejected: 1 } });
    expect(logger.at('warn').join('\n')).toMatch(
      /refused 1 of 1 events \(HTTP 413.*dropped\.rejected/,
    );
    expectBalanced(events.stats());
  });

  it('splits batches over the server body limit', async () => {
    const server = harness.server;
    const { events } = harness.processor({ maxBatchItems: 1000 });
    const filler = 'x'.repeat(2_000);
    for (let index = 0; index < 1000; index++) {
      events.trackEvent('big', { identifier: 'user', value: index, metadata: { filler } });
    }
    await events.flush();
    // 1000 events of ~2.2 KB each are over the server's 1 MiB limit, then halves fit
    expect(
      server.requests.filter((request) => request.status === 413).length,
    ).toBeGreaterThanOrEqual(1);
    expect(server.events.map((event) => event.value)).toEqual(range(0, 1000));
    expect(events.stats()).toMatchObject({ sent: 1000, buffered: 0 });
  });

  it.each([401, 403])('disables itself on %i, says so once, and never retries', async (status) => {
    const { events, logger } = harness.processor({ maxBatchItems: 2 });
    harness.server.injectFault({ path: 'v1/events', status, times: Number.POSITIVE_INFINITY });
    trackNumbered(events, 0, 5);
    await events.flush();
    trackNumbered(events, 5, 3);
    await events.flush();
    await events.flush();

    expect(harness.server.requests).toHaveLength(1);
    expect(events.stats()).toMatchObject({
      tracked: 8,
      sent: 0,
      buffered: 0,
      dropped: { unauthorized: 8 },
      retried: 0,
    });
    expect(logger.at('error')).toHaveLength(1);
    expect(logger.at('error')[0]).toMatch(
      new RegExp(`refused environmentKey \\(HTTP ${status}\\); delivery is off`),
    );
    expectBalanced(events.stats());
  });

  it('disables itself when the server does not know the key', async () => {
    const { events, logger } = harness.processor({ environmentKey: 'wrong-key' });
    trackNumbered(events, 0, 2);
    await events.flush();
    expect(harness.server.requests.map((request) => request.status)).toEqual([403]);
    expect(events.stats().dropped.unauthorized).toBe(2);
    expect(logger.at('error')).toHaveLength(1);
  });

  it('reads the 202 body and counts the events it rejected', async () => {
    const { events, logger } = harness.processor();
    harness.server.rejectEvents((event) =>
      event.value === 1 || event.value === 3 ? 'value not allowed' : false,
    );
    trackNumbered(events, 0, 5);
    await events.flush();

    expect(sentValues()).toEqual([0, 2, 4]);
    expect(events.stats()).toMatchObject({ tracked: 5, sent: 3, dropped: { rejected: 2 } });
    expect(logger.at('warn').join('\n')).toMatch(
      /refused 2 of 5 events \(first: value not allowed\); dropped \(stats\(\)\.dropped\.rejected\)/,
    );
    expectBalanced(events.stats());
  });

  it('sends every flush interval, with the interval timer in its hands', async () => {
    const timers = new ManualTimers();
    const { events } = harness.processor({ timers, flushIntervalMs: 10_000 });
    trackNumbered(events, 0, 2);
    await timers.advance(9_999);
    expect(harness.server.requests).toHaveLength(0);
    await timers.advance(1);
    await harness.server.waitForEvents(2);
    trackNumbered(events, 2, 1);
    await timers.advance(10_000);
    await harness.server.waitForEvents(3);
    expect(harness.server.requests).toHaveLength(2);
  });

  it('survives a logger that throws, in tracking calls and in background work', async () => {
    const throwing = {
      error: () => {
        throw new Error('logger down');
      },
      warn: () => {
        throw new Error('logger down');
      },
      info: () => {
        throw new Error('logger down');
      },
      debug: () => {
        throw new Error('logger down');
      },
    };
    const { events } = harness.processor({ logger: throwing, maxBufferItems: 2, maxRetries: 1 });
    harness.server.injectFault({ path: 'v1/events', status: 503, times: 2 });
    trackNumbered(events, 0, 5); // overflow warnings while the first round fails
    await events.flush();
    harness.server.injectFault({ path: 'v1/events', status: 401 });
    await events.flush(); // the error about the key goes to the throwing logger too
    expect(events.stats().dropped.unauthorized).toBeGreaterThan(0);
    expectBalanced(events.stats());
  });

  it('keeps the balance at every moment while delivering', async () => {
    const { events } = harness.processor({ maxBatchItems: 7, maxBufferItems: 500 });
    harness.server.injectFault({ path: 'v1/events', status: 503, times: 3 });
    harness.server.injectFault({ path: 'v1/events', delayMs: 5, times: Number.POSITIVE_INFINITY });
    harness.server.rejectEvents((event) => event.value === 13);
    const checks = setInterval(() => expectBalanced(events.stats()), 1);
    try {
      for (let round = 0; round < 10; round++) {
        trackNumbered(events, round * 10, 10);
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      await vi.waitFor(async () => {
        await events.flush();
        expect(events.stats().buffered).toBe(0);
      });
    } finally {
      clearInterval(checks);
    }
    const stats = events.stats();
    expectBalanced(stats);
    expect(stats.sent + droppedTotal(stats)).toBe(100);
    expect(stats.dropped).toEqual({
      overflow: 0,
      invalid: 0,
      rejected: 1,
      unauthorized: 0,
      closed: 0,
    });
  });
});
