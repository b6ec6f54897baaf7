import { noopLogger } from '@flagsmith-openfeature/core';
import { EventProcessor } from '@flagsmith-openfeature/events';
import { eventsOffError, resolveEventsOption } from '@flagsmith-openfeature/provider-common';
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
    [{ eventProcessorConfig: {} }, /eventProcessorConfig needs enableEvents: true/],
    [
      { eventProcessor: processorLike(), enableEvents: false },
      /^TestProvider: events are off; set enableEvents: true/,
    ],
    [
      { eventProcessor: processorLike(), eventProcessorConfig: {} },
      /eventProcessorConfig needs enableEvents: true and no eventProcessor/,
    ],
    [{ enableEvents: true, eventProcessorConfig: 5 }, /eventProcessorConfig must be an object/],
  ])('refuses %j with a TypeError that names the provider', (options, message) => {
    expect(() => resolve(options)).toThrow(TypeError);
    expect(() => resolve(options)).toThrow(message);
  });

  it('says how to turn events on', () => {
    expect(eventsOffError('TestProvider').message).toMatch(
      /^TestProvider: events are off; set enableEvents: true/,
    );
  });
});
