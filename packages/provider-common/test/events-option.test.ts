import { noopLogger } from '@flagsmith-openfeature/core';
import { EventProcessor } from '@flagsmith-openfeature/events';
import {
  eventsOffError,
  openEventProcessor,
  releaseEventProcessor,
  resolveEventsOption,
} from '@flagsmith-openfeature/provider-common';
import { startTestServer } from '@flagsmith-openfeature/testing';
import { describe, expect, it } from 'vitest';

/** An object with every EventProcessor method, which the gate accepts as a shared processor. */
const processorLike = () => ({ trackEvent() {}, trackExposureEvent() {}, flush() {}, close() {} });

const resolve = (options: Record<string, unknown>) =>
  resolveEventsOption('TestProvider', options, 'key', noopLogger);

describe('resolveEventsOption', () => {
  it('is off by default, and owned with the provider key, fetch and logger when enabled', () => {
    expect(resolve({})).toEqual({ kind: 'off' });
    const fetch = globalThis.fetch;
    expect(resolve({ enableEvents: true, fetch, eventProcessorConfig: { maxRetries: 1 } })).toEqual(
      {
        kind: 'owned',
        options: { maxRetries: 1, environmentKey: 'key', fetch, logger: noopLogger },
      },
    );
  });

  it('shares a given processor', () => {
    const processor = new EventProcessor({ environmentKey: 'key' });
    expect(resolve({ eventProcessor: processor })).toEqual({ kind: 'shared', processor });
    void processor.close();
  });

  it.each([
    [{ enableEvents: 'yes' }, /TestProvider: enableEvents must be true or false/],
    [{ eventProcessor: {} }, /eventProcessor must be an EventProcessor/],
    [
      { eventProcessorConfig: {} },
      /eventProcessorConfig was given but events are off; add enableEvents: true/,
    ],
    [
      { eventProcessor: processorLike(), enableEvents: false },
      /with eventProcessor, leave enableEvents out/,
    ],
    [
      { eventProcessor: processorLike(), eventProcessorConfig: {} },
      /with eventProcessor, leave eventProcessorConfig out/,
    ],
    [{ enableEvents: true, eventProcessorConfig: 5 }, /eventProcessorConfig must be an object/],
  ])('refuses %j with a TypeError that names the provider', (options, message) => {
    expect(() => resolve(options)).toThrow(TypeError);
    expect(() => resolve(options)).toThrow(message);
  });

  it('closes an owned processor and only flushes a shared one on release', async () => {
    const server = await startTestServer();
    const eventsApiUrl = server.eventsApiUrl;
    const environmentKey = server.clientKey;
    try {
      const owned = resolveEventsOption(
        'TestProvider',
        { enableEvents: true, eventProcessorConfig: { eventsApiUrl } },
        environmentKey,
        noopLogger,
      );
      const created = openEventProcessor(owned);
      created?.trackEvent('signup');
      await releaseEventProcessor(owned, created, noopLogger);
      expect(server.events.map((event) => event.event)).toEqual(['signup']);
      expect(() => created?.trackEvent('late')).toThrow(/closed/);

      const shared = new EventProcessor({ environmentKey, eventsApiUrl });
      const option = resolve({ eventProcessor: shared });
      expect(openEventProcessor(option)).toBe(shared);
      shared.trackEvent('purchase');
      await releaseEventProcessor(option, shared, noopLogger);
      expect(server.events.map((event) => event.event)).toEqual(['signup', 'purchase']);
      expect(() => shared.trackEvent('still-open')).not.toThrow();
      await shared.close();
    } finally {
      await server.close();
    }
  });

  it('says how to turn events on', () => {
    expect(eventsOffError('TestProvider').message).toMatch(
      /^TestProvider: events are off.*enableEvents: true/,
    );
    expect(openEventProcessor(resolve({}))).toBeUndefined();
  });
});
