import { noopLogger } from '@flagsmith-openfeature/core';
import { EventProcessor } from '@flagsmith-openfeature/events';
import {
  ProviderEventProcessor,
  resolveEventsOption,
} from '@flagsmith-openfeature/provider-common';
import { startTestServer } from '@flagsmith-openfeature/testing';
import { describe, expect, it } from 'vitest';

describe('ProviderEventProcessor', () => {
  it('has no processor when events are off, and requiring one names the provider', async () => {
    const events = resolveEventsOption('TestProvider', {}, 'key', noopLogger);
    const held = new ProviderEventProcessor('TestProvider', events, noopLogger);
    expect(held.current).toBeUndefined();
    expect(() => held.required).toThrow(/^TestProvider: events are off; set enableEvents: true/);
    await expect(held.release()).resolves.toBeUndefined();
  });

  it('closes the processor it created on release', async () => {
    const server = await startTestServer();
    try {
      const events = resolveEventsOption(
        'TestProvider',
        { enableEvents: true, eventProcessorConfig: { eventsApiUrl: server.eventsApiUrl } },
        server.clientKey,
        noopLogger,
      );
      const held = new ProviderEventProcessor('TestProvider', events, noopLogger);
      expect(held.required).toBe(held.current);
      held.required.trackEvent('signup');
      await held.release();
      expect(server.events.map((event) => event.event)).toEqual(['signup']);
      expect(() => held.required.trackEvent('late')).toThrow(/closed/);
    } finally {
      await server.close();
    }
  });

  it('hands out a shared processor and only flushes it on release', async () => {
    const server = await startTestServer();
    const shared = new EventProcessor({
      environmentKey: server.clientKey,
      eventsApiUrl: server.eventsApiUrl,
    });
    try {
      const events = resolveEventsOption(
        'TestProvider',
        { eventProcessor: shared },
        'key',
        noopLogger,
      );
      const held = new ProviderEventProcessor('TestProvider', events, noopLogger);
      expect(held.required).toBe(shared);
      shared.trackEvent('purchase');
      await held.release();
      expect(server.events.map((event) => event.event)).toEqual(['purchase']);
      expect(() => shared.trackEvent('still-open')).not.toThrow();
    } finally {
      await shared.close();
      await server.close();
    }
  });

  it('logs, and does not reject, when delivering on release fails', async () => {
    const errors: unknown[][] = [];
    const failing = new EventProcessor({ environmentKey: 'key' });
    failing.flush = () => Promise.reject(new Error('events API down'));
    const events = resolveEventsOption(
      'TestProvider',
      { eventProcessor: failing },
      'key',
      noopLogger,
    );
    const held = new ProviderEventProcessor('TestProvider', events, {
      ...noopLogger,
      error: (...args: unknown[]) => errors.push(args),
    });
    await expect(held.release()).resolves.toBeUndefined();
    expect(errors).toEqual([
      [expect.stringContaining('flushing events failed'), new Error('events API down')],
    ]);
    await failing.close();
  });
});
