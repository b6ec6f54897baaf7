import { describe, expect, it } from 'vitest';
import { EventProcessorClosedError } from '../src/index';
import { expectBalanced, useServer } from './helpers/harness';
import { ManualTimers } from './helpers/manual-timers';

const harness = useServer();

describe('close()', () => {
  it('delivers everything buffered, over several batches, then resolves', async () => {
    const { events } = harness.processor({ maxBatchItems: 10 });
    for (let index = 0; index < 45; index++) events.trackEvent('tick', { value: index });
    await events.close();
    expect(harness.server.events.map((event) => event.value)).toEqual(
      Array.from({ length: 45 }, (_, index) => index),
    );
    expect(events.stats()).toMatchObject({ tracked: 45, sent: 45, buffered: 0, inFlight: 0 });
  });

  it('retries as usual while it has time', async () => {
    const { events } = harness.processor();
    harness.server.injectFault({ path: 'v1/events', status: 502, times: 2 });
    events.trackEvent('tick');
    await events.close(2_000);
    expect(harness.server.events).toHaveLength(1);
  });

  it('refuses and counts tracking calls after it is called', async () => {
    const { events } = harness.processor();
    events.trackEvent('before');
    const closing = events.close();
    expect(() => events.trackEvent('after')).toThrow(EventProcessorClosedError);
    expect(() => events.trackExposureEvent('flag', { identifier: 'u', value: 'on' })).toThrow(
      /closed/,
    );
    await closing;
    expect(() => events.trackEvent('later')).toThrow(EventProcessorClosedError);
    expect(events.stats()).toMatchObject({ tracked: 4, sent: 1, dropped: { closed: 3 } });
    expectBalanced(events.stats());
    expect(harness.server.events.map((event) => event.event)).toEqual(['before']);
  });

  it('stays within its bound under a permanent outage, and counts what it could not send', async () => {
    const { events, logger } = harness.processor({
      retryBaseDelayMs: 200,
      retryMaxDelayMs: 1_000,
      maxRetries: 10,
    });
    harness.server.injectFault({ path: 'v1/events', status: 503, times: Number.POSITIVE_INFINITY });
    for (let index = 0; index < 20; index++) events.trackEvent('tick');
    const started = Date.now();
    await events.close(300);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_000);
    expect(events.stats()).toMatchObject({
      tracked: 20,
      sent: 0,
      buffered: 0,
      dropped: { closed: 20 },
    });
    expect(logger.at('warn').join('\n')).toMatch(
      /close\(300\) could not deliver 20 events; dropped \(stats\(\)\.dropped\.closed\)/,
    );
  });

  it('aborts a request still hanging at the deadline', async () => {
    const { events } = harness.processor({ requestTimeoutMs: 10_000 });
    harness.server.injectFault({ path: 'v1/events', delayMs: 5_000, status: 202 });
    for (let index = 0; index < 3; index++) events.trackEvent('tick');
    const started = Date.now();
    await events.close(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(events.stats()).toMatchObject({
      tracked: 3,
      inFlight: 0,
      buffered: 0,
      dropped: { closed: 3 },
    });
  });

  it('ends early when the retries give up before the deadline', async () => {
    const { events } = harness.processor({ maxRetries: 1 });
    harness.server.injectFault({ path: 'v1/events', status: 500, times: Number.POSITIVE_INFINITY });
    events.trackEvent('tick');
    const started = Date.now();
    await events.close(10_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(harness.server.requests).toHaveLength(2);
    expect(events.stats().dropped.closed).toBe(1);
  });

  it('returns the same promise when called again, and flush() after it waits for it', async () => {
    const { events } = harness.processor();
    events.trackEvent('tick');
    const first = events.close();
    expect(events.close()).toBe(first);
    expect(events.flush()).toBe(first);
    await first;
    expect(harness.server.events).toHaveLength(1);
  });

  it('resolves at once with nothing to send, and leaves no timer behind', async () => {
    const timers = new ManualTimers();
    const { events } = harness.processor({ timers });
    expect(timers.pending()).toHaveLength(1); // the flush interval
    await events.close();
    expect(timers.pending()).toHaveLength(0);
    expect(harness.server.requests).toHaveLength(0);
  });

  it('holds the process open while it waits to retry, and leaves no timer behind', async () => {
    const timers = new ManualTimers();
    const { events } = harness.processor({
      timers,
      flushIntervalMs: 10_000,
      retryBaseDelayMs: 100,
      retryMaxDelayMs: 5_000,
    });
    // Retry-After makes the wait exactly 1 s (the jittered backoff is shorter)
    harness.server.injectFault({ path: 'v1/events', status: 503, retryAfterSeconds: 1 });
    events.trackEvent('tick');
    expect(timers.pending()).toEqual([{ inMs: 10_000, keepAlive: false }]);
    const closing = events.close(5_000);
    // the deadline and the backoff wait both hold the process while close() runs
    await expectEventually(() => timers.pending().length === 2);
    expect(timers.pending()).toEqual([
      { inMs: 1_000, keepAlive: true },
      { inMs: 5_000, keepAlive: true },
    ]);
    await timers.advance(1_000);
    await closing;
    expect(harness.server.events).toHaveLength(1);
    expect(timers.pending()).toHaveLength(0);
  });
});

async function expectEventually(condition: () => boolean): Promise<void> {
  const until = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
