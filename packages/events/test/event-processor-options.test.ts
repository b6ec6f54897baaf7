import { describe, expect, it } from 'vitest';
import type { EventProcessorOptions } from '../src/index';
import {
  DEFAULT_EVENT_PROCESSOR_OPTIONS,
  defaultEventTimers,
  EventProcessor,
  resolveEventProcessorOptions,
} from '../src/index';
import { RecordingLogger } from './helpers/recording-logger';

const resolve = (options: Partial<EventProcessorOptions>, logger = new RecordingLogger()) =>
  resolveEventProcessorOptions({ environmentKey: 'key', logger, ...options });

describe('resolveEventProcessorOptions', () => {
  it('fills in the documented defaults', () => {
    const resolved = resolve({});
    expect(resolved).toMatchObject({
      environmentKey: 'key',
      eventsApiUrl: 'https://events.api.flagsmith.com/',
      maxBufferItems: 1000,
      flushIntervalMs: 10_000,
      maxBatchItems: 1000,
      requestTimeoutMs: 10_000,
      maxRetries: 3,
      retryBaseDelayMs: 1_000,
      retryMaxDelayMs: 30_000,
      exposureDedupe: { maxKeys: 50_000, ttlMs: 3_600_000 },
      timers: defaultEventTimers,
    });
    expect(typeof resolved.fetch).toBe('function');
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(Object.isFrozen(DEFAULT_EVENT_PROCESSOR_OPTIONS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_EVENT_PROCESSOR_OPTIONS.exposureDedupe)).toBe(true);
  });

  it('treats undefined as "use the default"', () => {
    expect(resolve({ maxRetries: undefined, exposureDedupe: undefined }).maxRetries).toBe(3);
  });

  it.each([
    [undefined, /environmentKey is required/],
    ['', /environmentKey is required.*empty string/],
    [42, /environmentKey is required.*number/],
  ])('throws a TypeError for environmentKey %s', (environmentKey, message) => {
    expect(() =>
      resolveEventProcessorOptions({ environmentKey } as unknown as EventProcessorOptions),
    ).toThrow(new RegExp(message.source));
    expect(() =>
      resolveEventProcessorOptions({ environmentKey } as unknown as EventProcessorOptions),
    ).toThrow(TypeError);
  });

  it('throws a TypeError without an options object', () => {
    expect(() => new EventProcessor(undefined as unknown as EventProcessorOptions)).toThrow(
      /pass an options object/,
    );
  });

  it('normalises eventsApiUrl to end with a slash', () => {
    expect(resolve({ eventsApiUrl: 'http://localhost:8000/events' }).eventsApiUrl).toBe(
      'http://localhost:8000/events/',
    );
    expect(resolve({ eventsApiUrl: 'http://localhost:8000' }).eventsApiUrl).toBe(
      'http://localhost:8000/',
    );
  });

  it.each(['not a url', 'ftp://example.com/', 42])(
    'throws a TypeError for eventsApiUrl %s',
    (eventsApiUrl) => {
      expect(() => resolve({ eventsApiUrl: eventsApiUrl as string })).toThrow(TypeError);
      expect(() => resolve({ eventsApiUrl: eventsApiUrl as string })).toThrow(/eventsApiUrl/);
    },
  );

  it('throws a TypeError for numbers given as strings, a bad fetch, logger or timers', () => {
    expect(() => resolve({ maxBufferItems: '10' as unknown as number })).toThrow(
      /maxBufferItems must be a whole number, 1 or more, got the string "10"/,
    );
    expect(() => resolve({ fetch: 'fetch' as unknown as typeof fetch })).toThrow(
      /fetch must be a function/,
    );
    expect(() => resolve({ logger: {} as RecordingLogger })).toThrow(/logger must have/);
    expect(() => resolve({ timers: { now: Date.now } as never })).toThrow(
      /timers must be an object with now, setTimeout and clearTimeout/,
    );
    expect(() => resolve({ exposureDedupe: true as never })).toThrow(
      /exposureDedupe must be false or \{ maxKeys, ttlMs \}/,
    );
  });

  it('warns and uses the default for numbers out of range', () => {
    const logger = new RecordingLogger();
    const resolved = resolve(
      {
        maxBufferItems: 0,
        maxBatchItems: 2.5,
        flushIntervalMs: -1,
        requestTimeoutMs: 0,
        maxRetries: -1,
        retryBaseDelayMs: Number.NaN,
        exposureDedupe: { maxKeys: 0, ttlMs: 0 },
      },
      logger,
    );
    expect(resolved).toMatchObject({
      maxBufferItems: 1000,
      maxBatchItems: 1000,
      flushIntervalMs: 10_000,
      requestTimeoutMs: 10_000,
      maxRetries: 3,
      retryBaseDelayMs: 1_000,
      exposureDedupe: { maxKeys: 50_000, ttlMs: 3_600_000 },
    });
    expect(logger.at('warn')).toHaveLength(8);
    expect(logger.at('warn').join('\n')).toMatch(
      /maxBufferItems must be a whole number, 1 or more; got 0, using the default 1000/,
    );
  });

  it('raises retryMaxDelayMs to retryBaseDelayMs, with a warning', () => {
    const logger = new RecordingLogger();
    const resolved = resolve({ retryBaseDelayMs: 500, retryMaxDelayMs: 100 }, logger);
    expect(resolved.retryMaxDelayMs).toBe(500);
    expect(logger.at('warn')[0]).toMatch(
      /retryMaxDelayMs must be retryBaseDelayMs \(500\) or more; got 100, using 500/,
    );
  });

  it('accepts exposureDedupe: false and partial dedupe options', () => {
    expect(resolve({ exposureDedupe: false }).exposureDedupe).toBe(false);
    expect(resolve({ exposureDedupe: { ttlMs: 5 } }).exposureDedupe).toEqual({
      maxKeys: 50_000,
      ttlMs: 5,
    });
  });
});
