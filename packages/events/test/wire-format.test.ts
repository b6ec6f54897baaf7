import { describe, expect, it } from 'vitest';
import packageJson from '../package.json';
import { FLAG_EXPOSURE_EVENT } from '../src/index';
import { expectBalanced, useServer } from './helpers/harness';
import { ManualTimers } from './helpers/manual-timers';

const harness = useServer();

describe('the wire format', () => {
  it('posts {"events": [...]} to {eventsApiUrl}v1/events with the three headers', async () => {
    const { events } = harness.processor();
    events.trackEvent('purchase', { identifier: 'user_42', value: 99.5 });
    await events.flush();

    const [request] = harness.server.requests;
    expect(harness.server.requests).toHaveLength(1);
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v1/events');
    expect(request?.status).toBe(202);
    expect(request?.headers['content-type']).toMatch(/^application\/json/);
    expect(request?.headers['x-environment-key']).toBe(harness.server.clientKey);
    expect(request?.headers['flagsmith-sdk-user-agent']).toBe(
      `flagsmith-openfeature-js/${packageJson.version}`,
    );
    expect(Object.keys(request?.body as object)).toEqual(['events']);
  });

  it('sends a custom event with exactly the seven fields, in order', async () => {
    const timers = new ManualTimers(1_748_462_400_000);
    const { events } = harness.processor({ timers });
    events.trackEvent('purchase', {
      identifier: 'user_42',
      value: 99.5,
      traits: { plan: 'premium' },
      metadata: { currency: 'EUR' },
    });
    await events.flush();

    const body = harness.server.requests[0]?.body as { events: unknown[] };
    expect(body.events).toEqual([
      {
        event: 'purchase',
        feature_name: null,
        identifier: 'user_42',
        value: 99.5,
        traits: { plan: 'premium' },
        metadata: { sdk_version: packageJson.version, currency: 'EUR' },
        timestamp: 1_748_462_400_000,
      },
    ]);
    expect(Object.keys(body.events[0] as object)).toEqual([
      'event',
      'feature_name',
      'identifier',
      'value',
      'traits',
      'metadata',
      'timestamp',
    ]);
    expect(Object.keys((body.events[0] as { metadata: object }).metadata)[0]).toBe('sdk_version');
  });

  it('sends absent fields as null and always sets metadata.sdk_version', async () => {
    const { events } = harness.processor();
    events.trackEvent('signup');
    events.trackEvent('visit', { identifier: null, value: null, traits: null, metadata: null });
    await events.flush();

    const received = await harness.server.waitForEvents(2);
    for (const event of received) {
      expect(event).toEqual({
        event: expect.any(String),
        feature_name: null,
        identifier: null,
        value: null,
        traits: null,
        metadata: { sdk_version: packageJson.version },
        timestamp: expect.any(Number),
      });
    }
  });

  it('keeps its own sdk_version when the metadata carries one', async () => {
    const { events } = harness.processor();
    events.trackEvent('purchase', { metadata: { sdk_version: 'spoofed', source: 'web' } });
    await events.flush();

    const [event] = await harness.server.waitForEvents(1);
    expect(event?.metadata).toEqual({ sdk_version: packageJson.version, source: 'web' });
  });

  it('keeps its own sdk_version, first, when metadata with one is copied through JSON', async () => {
    const { events } = harness.processor();
    events.trackEvent('purchase', {
      metadata: { source: { page: 'cart' }, sdk_version: 'spoofed' },
    });
    await events.flush();

    const [event] = await harness.server.waitForEvents(1);
    expect(event?.metadata).toEqual({ sdk_version: packageJson.version, source: { page: 'cart' } });
    expect(Object.keys(event?.metadata ?? {})[0]).toBe('sdk_version');
  });

  it('sends a string value as a string', async () => {
    const { events } = harness.processor();
    events.trackEvent('plan_chosen', { identifier: 'user_1', value: 'gold' });
    await events.flush();

    const [event] = await harness.server.waitForEvents(1);
    expect(event?.value).toBe('gold');
  });

  it('sends an exposure as $flag_exposure with the flag key and a string value', async () => {
    const timers = new ManualTimers(1_748_462_400_123);
    const { events } = harness.processor({ timers });
    events.trackExposureEvent('checkout_button', {
      identifier: 'user_42',
      value: 'green',
      traits: { plan: 'pro' },
      metadata: { reason: 'SPLIT' },
    });
    events.trackExposureEvent('discount', { identifier: 'user_42', value: 15 });
    events.trackExposureEvent('new_nav', { identifier: 'user_42', value: false });
    await events.flush();

    expect(await harness.server.waitForEvents(3)).toEqual([
      {
        event: FLAG_EXPOSURE_EVENT,
        feature_name: 'checkout_button',
        identifier: 'user_42',
        value: 'green',
        traits: { plan: 'pro' },
        metadata: { sdk_version: packageJson.version, reason: 'SPLIT' },
        timestamp: 1_748_462_400_123,
      },
      expect.objectContaining({ feature_name: 'discount', value: '15' }),
      expect.objectContaining({ feature_name: 'new_nav', value: 'false' }),
    ]);
    expect(FLAG_EXPOSURE_EVENT).toBe('$flag_exposure');
  });

  it('takes the timestamp when the event is tracked, not when it is sent', async () => {
    const timers = new ManualTimers(1_000_000);
    const { events } = harness.processor({ timers });
    events.trackEvent('first');
    await timers.advance(5_000);
    events.trackEvent('second');
    await timers.advance(5_000);
    await events.flush();

    const received = await harness.server.waitForEvents(2);
    expect(received.map((event) => event.timestamp)).toEqual([1_000_000, 1_005_000]);
  });

  it('copies traits and metadata, so later changes by the caller never reach the batch', async () => {
    const { events } = harness.processor();
    const traits: Record<string, unknown> = { plan: 'free' };
    const metadata: Record<string, unknown> = { nested: { step: 1 } };
    events.trackEvent('upgrade', { identifier: 'u', traits, metadata });
    traits.plan = 'pro';
    (metadata.nested as Record<string, unknown>).step = 2;
    metadata.self = metadata; // a cycle added after tracking cannot poison the batch
    await events.flush();

    const [event] = await harness.server.waitForEvents(1);
    expect(event?.traits).toEqual({ plan: 'free' });
    expect(event?.metadata).toEqual({ sdk_version: packageJson.version, nested: { step: 1 } });
    expectBalanced(events.stats());
    expect(events.stats().sent).toBe(1);
  });

  it('resolves {eventsApiUrl} with or without a trailing slash', async () => {
    const { events } = harness.processor({
      eventsApiUrl: harness.server.eventsApiUrl.replace(/\/$/, ''),
    });
    events.trackEvent('purchase');
    await events.flush();
    expect(harness.server.requests[0]?.path).toBe('/v1/events');
    expect(harness.server.events).toHaveLength(1);
  });
});
