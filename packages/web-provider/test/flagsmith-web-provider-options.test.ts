import { EventProcessor } from '@flagsmith-openfeature/events';
import type { FlagsmithWebProviderOptions } from '@flagsmith-openfeature/web-provider';
import {
  DEFAULT_FLAGSMITH_WEB_PROVIDER_OPTIONS,
  FlagsmithWebProvider,
  resolveFlagsmithWebProviderOptions,
} from '@flagsmith-openfeature/web-provider';
import { describe, expect, it } from 'vitest';
import { MemoryStorage, recordingLogger } from './support/helpers';

const resolve = (options: Record<string, unknown>) =>
  resolveFlagsmithWebProviderOptions(options as unknown as FlagsmithWebProviderOptions);

describe('resolveFlagsmithWebProviderOptions', () => {
  it('fills in the documented defaults', () => {
    const resolved = resolve({ environmentKey: 'client-key', logger: recordingLogger() });
    expect(resolved).toMatchObject({
      environmentKey: 'client-key',
      cacheStorage: undefined,
      pollingIntervalMs: DEFAULT_FLAGSMITH_WEB_PROVIDER_OPTIONS.pollingIntervalMs,
      retryIntervalMs: 30_000,
      defaultFlagHandler: undefined,
      returnValueForDisabledFlags: false,
      useBooleanConfigValue: false,
      events: { kind: 'off' },
      pageLifecycle: {},
    });
    expect(resolved.client.apiUrl).toBe('https://edge.api.flagsmith.com/api/v1/');
    expect(resolved.defaultFlags.size).toBe(0);
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(Object.isFrozen(DEFAULT_FLAGSMITH_WEB_PROVIDER_OPTIONS)).toBe(true);
  });

  it('refuses a server-side key, which must never ship to a browser', () => {
    expect(() => new FlagsmithWebProvider({ environmentKey: 'ser.abc123' })).toThrow(TypeError);
    expect(() => new FlagsmithWebProvider({ environmentKey: 'ser.abc123' })).toThrow(
      /environmentKey must be a client-side key, not ser\.…/,
    );
  });

  it.each([
    [{}, /environmentKey is required/],
    [{ environmentKey: '' }, /environmentKey is required/],
    [
      { environmentKey: 'k', apiUrl: 'ftp://x' },
      /^FlagsmithWebProvider: apiUrl must be an absolute http/,
    ],
    [{ environmentKey: 'k', cacheFlags: 'yes' }, /cacheFlags must be true or false/],
    [
      { environmentKey: 'k', cacheStorage: new MemoryStorage() },
      /cacheStorage needs cacheFlags: true/,
    ],
    [{ environmentKey: 'k', cacheFlags: true, cacheStorage: {} }, /getItem and setItem/],
    [{ environmentKey: 'k', pollingIntervalMs: '100' }, /pollingIntervalMs must be/],
    [{ environmentKey: 'k', defaultFlags: [] }, /defaultFlags must be an object/],
    [{ environmentKey: 'k', defaultFlags: { a: { value: 1 } } }, /defaultFlags\["a"\]/],
    [{ environmentKey: 'k', defaultFlags: { a: { enabled: true, value: {} } } }, /defaultFlags/],
    [{ environmentKey: 'k', defaultFlagHandler: 'x' }, /defaultFlagHandler must be a function/],
    [{ environmentKey: 'k', eventProcessorConfig: {} }, /needs enableEvents: true/],
    [{ environmentKey: 'k', pageLifecycle: true }, /pageLifecycle must be false/],
    [{ environmentKey: 'k', logger: {} }, /logger must have/],
  ])('throws a TypeError that says what to pass for %j', (options, message) => {
    expect(() => resolve(options)).toThrow(TypeError);
    expect(() => resolve(options)).toThrow(message);
  });

  it('warns and uses the default for intervals out of range', () => {
    const logger = recordingLogger();
    const resolved = resolve({
      environmentKey: 'k',
      logger,
      pollingIntervalMs: -5,
      retryIntervalMs: 0,
    });
    expect(resolved.pollingIntervalMs).toBe(0);
    expect(resolved.retryIntervalMs).toBe(30_000);
    expect(logger.at('warn')).toEqual([
      expect.stringContaining('pollingIntervalMs must be a number of milliseconds from 0'),
      expect.stringContaining('retryIntervalMs must be a number of milliseconds from 1'),
    ]);
  });

  it('caches in the given storage, or warns when there is no localStorage', () => {
    const storage = new MemoryStorage();
    expect(
      resolve({ environmentKey: 'k', cacheFlags: true, cacheStorage: storage }).cacheStorage,
    ).toBe(storage);
    const logger = recordingLogger();
    expect(resolve({ environmentKey: 'k', cacheFlags: true, logger }).cacheStorage).toBeUndefined();
    expect(logger.at('warn')).toEqual([
      expect.stringMatching(/cacheFlags needs localStorage; caching is off/),
    ]);
  });

  it('reads defaultFlags into a map, without inherited keys', () => {
    const resolved = resolve({
      environmentKey: 'k',
      defaultFlags: {
        banner_text: { enabled: true, value: 'Hello' },
        off: { enabled: false, value: null },
      },
    });
    expect([...resolved.defaultFlags]).toEqual([
      ['banner_text', { enabled: true, value: 'Hello' }],
      ['off', { enabled: false, value: null }],
    ]);
    expect(resolved.defaultFlags.has('constructor')).toBe(false);
  });

  it('gates events as the server provider does', () => {
    const logger = recordingLogger();
    const owned = resolve({ environmentKey: 'k', logger, enableEvents: true });
    expect(owned.events).toMatchObject({ kind: 'owned', options: { environmentKey: 'k', logger } });
    const processor = new EventProcessor({ environmentKey: 'k' });
    expect(resolve({ environmentKey: 'k', eventProcessor: processor }).events).toEqual({
      kind: 'shared',
      processor,
    });
    expect(() =>
      resolve({ environmentKey: 'k', eventProcessor: processor, enableEvents: false }),
    ).toThrow(/events are off; set enableEvents: true/);
    void processor.close();
  });

  it('has no eventProcessor while events are off', () => {
    const provider = new FlagsmithWebProvider({ environmentKey: 'k', logger: recordingLogger() });
    expect(() => provider.eventProcessor).toThrow(/events are off; set enableEvents: true/);
    expect(provider.runsOn).toBe('client');
    expect(provider.metadata.name).toBe('Flagsmith');
  });
});
