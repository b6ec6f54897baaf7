import type { FlagsmithServerProviderOptions } from '@flagsmith-openfeature/server-provider';
import {
  DEFAULT_FLAGSMITH_SERVER_PROVIDER_OPTIONS,
  FlagsmithServerProvider,
  resolveFlagsmithServerProviderOptions,
} from '@flagsmith-openfeature/server-provider';
import { experimentEnvironment } from '@flagsmith-openfeature/testing';
import { describe, expect, it } from 'vitest';
import { recordingLogger } from './support/helpers';

const resolve = (options: Record<string, unknown>) =>
  resolveFlagsmithServerProviderOptions(options as unknown as FlagsmithServerProviderOptions);

describe('resolveFlagsmithServerProviderOptions', () => {
  it('fills in the frozen defaults for remote mode', () => {
    const logger = recordingLogger();
    const resolved = resolve({ environmentKey: 'client-key', logger });
    expect(resolved).toMatchObject({
      mode: 'remote',
      environmentKey: 'client-key',
      environmentRefreshIntervalMs: 60_000,
      identityCache: { ttlMs: 10_000, maxEntries: 10_000 },
      returnValueForDisabledFlags: false,
      useBooleanConfigValue: false,
      defaultFlagHandler: undefined,
      events: { kind: 'off' },
      client: {
        apiUrl: 'https://edge.api.flagsmith.com/api/v1/',
        retries: 3,
        requestTimeoutMs: 10_000,
      },
    });
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(Object.isFrozen(DEFAULT_FLAGSMITH_SERVER_PROVIDER_OPTIONS)).toBe(true);
    expect(logger.lines).toEqual([]);
  });

  it('defaults the logger to one that reports errors', () => {
    const { logger } = resolve({ environmentKey: 'client-key' });
    expect(typeof logger.error).toBe('function');
  });

  it('picks local and offline modes', () => {
    expect(resolve({ environmentKey: 'ser.abc', enableLocalEvaluation: true }).mode).toBe('local');
    const offline = resolve({ environment: experimentEnvironment });
    expect(offline).toMatchObject({
      mode: 'offline',
      client: undefined,
      environmentKey: experimentEnvironment.api_key,
    });
  });

  it.each([
    ['no options', undefined, /pass an options object/],
    ['no environmentKey', {}, /environmentKey is required/],
    [
      'a blank environmentKey',
      { environmentKey: '  ' },
      /environmentKey is required.*empty string/,
    ],
    [
      'local evaluation with a client-side key',
      { environmentKey: 'key', enableLocalEvaluation: true },
      /server-side environment key.*ser\./,
    ],
    [
      'a non-boolean enableLocalEvaluation',
      { environmentKey: 'ser.k', enableLocalEvaluation: 'yes' },
      /enableLocalEvaluation must be true or false/,
    ],
    [
      'environment with enableLocalEvaluation',
      { environmentKey: 'ser.k', enableLocalEvaluation: true, environment: experimentEnvironment },
      /exclude each other/,
    ],
    [
      'an environment that is not a document',
      { environment: { api_key: 'k' } },
      /environment must be a Flagsmith environment document/,
    ],
    [
      'an apiUrl that is not http(s)',
      { environmentKey: 'k', apiUrl: 'ftp://example.com/' },
      /^FlagsmithServerProvider: apiUrl must be an absolute http/,
    ],
    [
      'retries as a string',
      { environmentKey: 'k', retries: '3' },
      /^FlagsmithServerProvider: retries must be a whole number/,
    ],
    [
      'environmentRefreshIntervalMs as a string',
      { environmentKey: 'k', environmentRefreshIntervalMs: '60' },
      /environmentRefreshIntervalMs must be a number/,
    ],
    [
      'identityCache as a number',
      { environmentKey: 'k', identityCache: 10 },
      /identityCache must be an object/,
    ],
    [
      'identityCache.ttlMs as a string',
      { environmentKey: 'k', identityCache: { ttlMs: 'long' } },
      /identityCache\.ttlMs must be a number/,
    ],
    [
      'a defaultFlagHandler that is not a function',
      { environmentKey: 'k', defaultFlagHandler: { enabled: true } },
      /defaultFlagHandler must be a function/,
    ],
    [
      'a logger without methods',
      { environmentKey: 'k', logger: {} },
      /logger must have error, warn, info and debug/,
    ],
    [
      'eventProcessorConfig without enableEvents',
      { environmentKey: 'k', eventProcessorConfig: {} },
      /eventProcessorConfig needs enableEvents: true/,
    ],
    [
      'an eventProcessorConfig that is not an object',
      { environmentKey: 'k', enableEvents: true, eventProcessorConfig: 5 },
      /eventProcessorConfig must be an object/,
    ],
    [
      'an eventProcessor that is not one',
      { environmentKey: 'k', eventProcessor: {} },
      /eventProcessor must be an EventProcessor/,
    ],
  ])('throws a TypeError saying what to pass for %s', (_label, options, message) => {
    expect(() => resolve(options as Record<string, unknown>)).toThrow(TypeError);
    expect(() => resolve(options as Record<string, unknown>)).toThrow(message);
  });

  it('warns about an out-of-range refresh interval and uses the default', () => {
    const logger = recordingLogger();
    const resolved = resolve({ environmentKey: 'k', environmentRefreshIntervalMs: -5, logger });
    expect(resolved.environmentRefreshIntervalMs).toBe(60_000);
    expect(logger.at('warn').join('\n')).toContain('environmentRefreshIntervalMs');
  });

  it('turns events on with enableEvents, filling the processor options from the provider', () => {
    const logger = recordingLogger();
    const resolved = resolve({
      environmentKey: 'k',
      logger,
      enableEvents: true,
      eventProcessorConfig: { flushIntervalMs: 5 },
    });
    expect(resolved.events).toEqual({
      kind: 'owned',
      options: { flushIntervalMs: 5, environmentKey: 'k', fetch: undefined, logger },
    });
  });

  it('throws from the constructor too, before any request', () => {
    expect(
      () => new FlagsmithServerProvider({ environmentKey: 'k', eventProcessorConfig: {} }),
    ).toThrow(TypeError);
  });
});
