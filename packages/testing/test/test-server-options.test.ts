import { describe, expect, it } from 'vitest';
import type { TestServerOptions } from '../src/index';
import {
  DEFAULT_SERVER_KEY,
  experimentEnvironment,
  minimalEnvironment,
  resolveTestServerOptions,
  TEST_SERVER_DEFAULTS,
} from '../src/index';

describe('resolveTestServerOptions', () => {
  it('fills in every default', () => {
    expect(resolveTestServerOptions()).toEqual({
      environment: experimentEnvironment,
      clientKey: experimentEnvironment.api_key,
      serverKey: DEFAULT_SERVER_KEY,
      port: 0,
      host: '127.0.0.1',
      environmentDocumentPageSize: undefined,
      maxEventsBodyBytes: 1_048_576,
      maxEventsPerRequest: 10_000,
      rejectEvents: undefined,
    });
  });

  it('keeps the given options', () => {
    const rejectEvents = () => false;
    const resolved = resolveTestServerOptions({
      environment: minimalEnvironment,
      clientKey: 'client',
      serverKey: 'ser.server',
      port: 4100,
      host: 'localhost',
      environmentDocumentPageSize: 10,
      maxEventsBodyBytes: 500,
      maxEventsPerRequest: 5,
      rejectEvents,
    });
    expect(resolved).toEqual({
      environment: minimalEnvironment,
      clientKey: 'client',
      serverKey: 'ser.server',
      port: 4100,
      host: 'localhost',
      environmentDocumentPageSize: 10,
      maxEventsBodyBytes: 500,
      maxEventsPerRequest: 5,
      rejectEvents,
    });
  });

  it('returns a copy of the environment the caller can no longer change', () => {
    const resolved = resolveTestServerOptions({ environment: minimalEnvironment });
    expect(resolved.environment).not.toBe(minimalEnvironment);
    expect(Object.isFrozen(resolved.environment)).toBe(false);
  });

  it('has frozen defaults', () => {
    expect(Object.isFrozen(TEST_SERVER_DEFAULTS)).toBe(true);
  });

  it.each<[string, unknown, RegExp]>([
    ['options that are not an object', 'fast', /options object/],
    ['an environment that is not a document', { environment: { api_key: 'k' } }, /environment/],
    ['an empty client key', { clientKey: '' }, /clientKey/],
    ['a server key without ser.', { serverKey: 'server-key' }, /ser\./],
    ['a client key with ser.', { clientKey: 'ser.client' }, /clientKey/],
    ['a fractional port', { port: 80.5 }, /port/],
    ['a port out of range', { port: 70_000 }, /port/],
    ['an empty host', { host: '' }, /host/],
    ['a zero page size', { environmentDocumentPageSize: 0 }, /environmentDocumentPageSize/],
    ['a string body limit', { maxEventsBodyBytes: '1mb' }, /maxEventsBodyBytes/],
    ['a negative event limit', { maxEventsPerRequest: -1 }, /maxEventsPerRequest/],
    ['a rejector that is not a function', { rejectEvents: true }, /rejectEvents/],
  ])('throws a TypeError for %s', (_, options, message) => {
    expect(() => resolveTestServerOptions(options as TestServerOptions)).toThrow(TypeError);
    expect(() => resolveTestServerOptions(options as TestServerOptions)).toThrow(message);
  });
});
