import { describe, expect, it } from 'vitest';
import { useServer } from './helpers/harness';
import { ManualTimers } from './helpers/manual-timers';

const harness = useServer();

async function eventually(condition: () => boolean): Promise<void> {
  const until = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('backoff between retries', () => {
  it('grows exponentially with full jitter, capped at retryMaxDelayMs', async () => {
    const timers = new ManualTimers();
    const { events } = harness.processor({
      timers,
      flushIntervalMs: 3_600_000,
      retryBaseDelayMs: 1_000,
      retryMaxDelayMs: 3_000,
      maxRetries: 4,
    });
    harness.server.injectFault({ path: 'v1/events', status: 503, times: 4 });
    events.trackEvent('tick');
    const flushed = events.flush();
    const ceilings = [1_000, 2_000, 3_000, 3_000];
    for (const [attempt, ceiling] of ceilings.entries()) {
      await eventually(() => harness.server.requests.length === attempt + 1);
      // the retry wait is the only timer besides the flush interval (full jitter can also draw
      // a wait of 0, and then the retry goes out at once)
      await eventually(
        () => timers.pending().length === 2 || harness.server.requests.length > attempt + 1,
      );
      if (timers.pending().length < 2) continue;
      const wait = timers.pending()[0];
      expect(wait?.inMs).toBeGreaterThanOrEqual(0);
      expect(wait?.inMs).toBeLessThan(ceiling);
      expect(wait?.keepAlive).toBe(true); // flush() is being awaited
      await timers.advance(wait?.inMs ?? 0);
    }
    await flushed;
    expect(harness.server.requests.map((request) => request.status)).toEqual([
      503, 503, 503, 503, 202,
    ]);
    expect(events.stats()).toMatchObject({ sent: 1, retried: 4 });
  });

  it('does not retry before the wait has passed', async () => {
    const timers = new ManualTimers();
    const { events } = harness.processor({
      timers,
      retryBaseDelayMs: 1_000,
      retryMaxDelayMs: 10_000,
    });
    // Retry-After makes the wait at least 5 s, whatever the jitter draws
    harness.server.injectFault({ path: 'v1/events', status: 500, retryAfterSeconds: 5 });
    events.trackEvent('tick');
    void events.flush();
    await eventually(() => timers.pending().length === 2);
    const wait = timers.pending()[0]?.inMs ?? 0;
    expect(wait).toBeGreaterThanOrEqual(5_000);
    await timers.advance(Math.max(0, wait - 1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(harness.server.requests).toHaveLength(1);
    await timers.advance(1);
    await harness.server.waitForEvents(1);
    expect(harness.server.requests).toHaveLength(2);
  });

  it('retries in the background without holding the process open when nobody awaits', async () => {
    const timers = new ManualTimers();
    const { events } = harness.processor({
      timers,
      maxBufferItems: 2,
      retryBaseDelayMs: 1_000,
      retryMaxDelayMs: 10_000,
    });
    harness.server.injectFault({ path: 'v1/events', status: 503, retryAfterSeconds: 5 });
    events.trackEvent('a');
    events.trackEvent('b'); // full: a background send
    await eventually(() => harness.server.requests.length === 1 && timers.pending().length === 2);
    expect(timers.pending().map((timer) => timer.keepAlive)).toEqual([false, false]);
    const retryInMs = timers.pending().find((timer) => timer.inMs < 10_000)?.inMs;
    // an application that starts awaiting flush() now holds it open until the retry, which
    // stays when it was
    void events.flush();
    await eventually(() => timers.pending().some((timer) => timer.keepAlive));
    expect(timers.pending().find((timer) => timer.keepAlive)?.inMs).toBe(retryInMs);
  });
});
