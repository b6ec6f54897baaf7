import { describe, expect, it } from 'vitest';
import { expectBalanced, useServer } from './helpers/harness';
import { ManualTimers } from './helpers/manual-timers';

const harness = useServer();

describe('exposure dedupe', () => {
  it('records one exposure per (feature, identifier, value)', async () => {
    const { events } = harness.processor();
    events.trackExposureEvent('checkout', { identifier: 'u1', value: 'green' });
    events.trackExposureEvent('checkout', {
      identifier: 'u1',
      value: 'green',
      metadata: { reason: 'x' },
    });
    events.trackExposureEvent('checkout', { identifier: 'u1', value: 'blue' });
    events.trackExposureEvent('checkout', { identifier: 'u2', value: 'green' });
    events.trackExposureEvent('banner', { identifier: 'u1', value: 'green' });
    events.trackExposureEvent('checkout', { value: 'green' });
    events.trackExposureEvent('checkout', { value: 'green' });
    await events.flush();

    expect(
      harness.server.events.map((event) => [event.feature_name, event.identifier, event.value]),
    ).toEqual([
      ['checkout', 'u1', 'green'],
      ['checkout', 'u1', 'blue'],
      ['checkout', 'u2', 'green'],
      ['banner', 'u1', 'green'],
      ['checkout', null, 'green'],
    ]);
    expect(events.stats()).toMatchObject({ tracked: 5, sent: 5, deduplicated: 2 });
    expectBalanced(events.stats());
  });

  it('treats a value and its string form as the same exposure', async () => {
    const { events } = harness.processor();
    events.trackExposureEvent('limit', { identifier: 'u', value: 10 });
    events.trackExposureEvent('limit', { identifier: 'u', value: '10' });
    await events.flush();
    expect(harness.server.events).toHaveLength(1);
    expect(events.stats().deduplicated).toBe(1);
  });

  it('skips a repeated exposure before looking at its traits and metadata', async () => {
    const { events } = harness.processor();
    events.trackExposureEvent('limit', { identifier: 'u', value: 'high', traits: { plan: 'pro' } });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() =>
      events.trackExposureEvent('limit', { identifier: 'u', value: 'high', metadata: cyclic }),
    ).not.toThrow();
    await events.flush();
    expect(harness.server.events.map((event) => event.traits)).toEqual([{ plan: 'pro' }]);
    expect(events.stats()).toMatchObject({ tracked: 1, deduplicated: 1 });
    expect(events.stats().dropped.invalid).toBe(0);
  });

  it('records the exposure again once the window has passed', async () => {
    const timers = new ManualTimers();
    const { events } = harness.processor({ timers, exposureDedupe: { ttlMs: 60_000 } });
    events.trackExposureEvent('checkout', { identifier: 'u1', value: 'green' });
    await timers.advance(59_999);
    events.trackExposureEvent('checkout', { identifier: 'u1', value: 'green' });
    await timers.advance(1);
    events.trackExposureEvent('checkout', { identifier: 'u1', value: 'green' });
    await events.flush();
    expect(harness.server.events).toHaveLength(2);
    expect(events.stats().deduplicated).toBe(1);
  });

  it('remembers at most maxKeys exposures, forgetting the least recently seen', async () => {
    const { events } = harness.processor({ exposureDedupe: { maxKeys: 2 } });
    const expose = (user: string) =>
      events.trackExposureEvent('f', { identifier: user, value: 'on' });
    expose('a');
    expose('b');
    expose('a'); // deduplicated; a is now the most recent
    expose('c'); // evicts b
    expose('a'); // still remembered
    expose('b'); // forgotten: recorded again
    await events.flush();
    expect(harness.server.events.map((event) => event.identifier)).toEqual(['a', 'b', 'c', 'b']);
    expect(events.stats().deduplicated).toBe(2);
  });

  it('records every exposure with exposureDedupe: false', async () => {
    const { events } = harness.processor({ exposureDedupe: false });
    for (let index = 0; index < 3; index++) {
      events.trackExposureEvent('checkout', { identifier: 'u1', value: 'green' });
    }
    await events.flush();
    expect(harness.server.events).toHaveLength(3);
    expect(events.stats().deduplicated).toBe(0);
  });

  it('does not record a refused exposure, so a valid one right after is sent', async () => {
    const { events } = harness.processor();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() =>
      events.trackExposureEvent('checkout', { identifier: 'u1', value: 'green', traits: cyclic }),
    ).toThrow();
    events.trackExposureEvent('checkout', { identifier: 'u1', value: 'green' });
    await events.flush();
    expect(harness.server.events).toHaveLength(1);
    expect(events.stats()).toMatchObject({
      tracked: 2,
      sent: 1,
      deduplicated: 0,
      dropped: { invalid: 1 },
    });
  });

  it('forgets an exposure dropped from a full buffer, so the next one is recorded', async () => {
    const { events } = harness.processor({ maxBufferItems: 2, maxRetries: 0 });
    harness.server.injectFault({ path: 'v1/events', status: 503, times: Number.POSITIVE_INFINITY });
    events.trackEvent('first');
    await events.flush(); // fails: delivery is now failing, `first` stays buffered
    events.trackExposureEvent('checkout', { identifier: 'u1', value: 'green' });
    events.trackEvent('a'); // pushes `first` out
    events.trackEvent('b'); // pushes the exposure out
    expect(events.stats().dropped.overflow).toBe(2);
    events.trackExposureEvent('checkout', { identifier: 'u1', value: 'green' }); // pushes `a` out
    harness.server.clearFaults();
    await events.flush();
    expect(harness.server.events.map((event) => event.event)).toEqual(['b', '$flag_exposure']);
    expect(events.stats()).toMatchObject({ deduplicated: 0, sent: 2, dropped: { overflow: 3 } });
  });

  it('does not record an exposure dropped because delivery is disabled', async () => {
    const { events } = harness.processor({ environmentKey: 'not-the-key' });
    events.trackEvent('first');
    await events.flush(); // 403: delivery is off
    events.trackExposureEvent('checkout', { identifier: 'u1', value: 'green' });
    events.trackExposureEvent('checkout', { identifier: 'u1', value: 'green' });
    expect(events.stats()).toMatchObject({
      tracked: 3,
      deduplicated: 0,
      dropped: { unauthorized: 3 },
    });
  });
});
