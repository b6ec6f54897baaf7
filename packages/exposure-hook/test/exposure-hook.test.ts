import type { EventProcessor } from '@flagsmith-openfeature/events';
import type { ExposureHookOptions } from '@flagsmith-openfeature/exposure-hook';
import { ExposureHook } from '@flagsmith-openfeature/exposure-hook';
import { describe, expect, it } from 'vitest';

const processor = { trackExposureEvent() {} } as unknown as EventProcessor;

describe('ExposureHook options', () => {
  it.each([
    [undefined, /^ExposureHook: eventProcessor must be an EventProcessor, got missing/],
    [{ eventProcessor: {} }, /^ExposureHook: eventProcessor must be an EventProcessor, got/],
    [
      { eventProcessor: processor, flags: 'banner' },
      /^ExposureHook: flags must be an array or a function, got .*banner/,
    ],
  ])('refuses %j with a TypeError naming the option and the value', (options, message) => {
    const create = () => new ExposureHook(options as unknown as ExposureHookOptions);
    expect(create).toThrow(TypeError);
    expect(create).toThrow(message);
  });

  it('takes any object with trackExposureEvent', () => {
    expect(new ExposureHook({ eventProcessor: processor, flags: ['banner'] })).toBeInstanceOf(
      ExposureHook,
    );
  });
});
