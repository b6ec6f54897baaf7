import { describe, expect, it } from 'vitest';
import type { InvalidEventField } from '../src/index';
import { type EventProcessor, InvalidEventError } from '../src/index';
import { expectBalanced, useServer } from './helpers/harness';

const harness = useServer();

function cycle(): Record<string, unknown> {
  const value: Record<string, unknown> = { a: 1 };
  value.self = value;
  return value;
}

type Call = (events: EventProcessor) => void;

const refusals: Array<[string, Call, InvalidEventField, RegExp]> = [
  ['an empty name', (e) => e.trackEvent(''), 'name', /non-empty string, got an empty string/],
  [
    'a name that is not a string',
    (e) => e.trackEvent(42 as unknown as string),
    'name',
    /got the number 42/,
  ],
  [
    'a $-prefixed name',
    (e) => e.trackEvent('$purchase'),
    'name',
    /trackEvent\("\$purchase"\): names starting with "\$" are reserved/,
  ],
  ['$flag_exposure through trackEvent', (e) => e.trackEvent('$flag_exposure'), 'name', /reserved/],
  [
    'NaN',
    (e) => e.trackEvent('buy', { value: Number.NaN }),
    'value',
    /value must be a string, a finite number or null, got NaN/,
  ],
  [
    'Infinity',
    (e) => e.trackEvent('buy', { value: Number.POSITIVE_INFINITY }),
    'value',
    /got Infinity/,
  ],
  [
    'a boolean value',
    (e) => e.trackEvent('buy', { value: true as unknown as number }),
    'value',
    /got a boolean/,
  ],
  [
    'an object value',
    (e) => e.trackEvent('buy', { value: {} as unknown as number }),
    'value',
    /got an object/,
  ],
  [
    'a non-string identifier',
    (e) => e.trackEvent('buy', { identifier: 7 as unknown as string }),
    'identifier',
    /identifier must be a non-empty string or null/,
  ],
  [
    'an empty identifier',
    (e) => e.trackEvent('buy', { identifier: '' }),
    'identifier',
    /got an empty string/,
  ],
  [
    'details that are not an object',
    (e) => e.trackEvent('buy', 'x' as unknown as object),
    'details',
    /details must be an object/,
  ],
  [
    'cyclic metadata',
    (e) => e.trackEvent('buy', { metadata: cycle() }),
    'metadata',
    /metadata must serialise to a JSON object \(.*circular/i,
  ],
  [
    'cyclic traits',
    (e) => e.trackEvent('buy', { traits: { deep: cycle() } }),
    'traits',
    /traits must serialise to a JSON object \(/,
  ],
  [
    'a BigInt in metadata',
    (e) => e.trackEvent('buy', { metadata: { amount: 10n } }),
    'metadata',
    /BigInt/,
  ],
  [
    'traits that are an array',
    (e) => e.trackEvent('buy', { traits: [] as unknown as Record<string, unknown> }),
    'traits',
    /plain object or null, got an array/,
  ],
  [
    'metadata that is a Map',
    (e) => e.trackEvent('buy', { metadata: new Map() as unknown as Record<string, unknown> }),
    'metadata',
    /got an instance of Map/,
  ],
  [
    'metadata whose toJSON is not an object',
    (e) => e.trackEvent('buy', { metadata: { toJSON: () => 'x' } }),
    'metadata',
    /must serialise to a JSON object/,
  ],
  [
    'an event over 32 KB',
    (e) => e.trackEvent('buy', { metadata: { blob: 'x'.repeat(33_000) } }),
    'size',
    /is \d+ bytes serialised; events are limited to 32768 bytes/,
  ],
  [
    'an event over 32 KB in multi-byte characters',
    (e) => e.trackEvent('buy', { value: 'é'.repeat(16_400) }),
    'size',
    /limited to 32768 bytes/,
  ],
  [
    'an exposure with an empty feature name',
    (e) => e.trackExposureEvent('', { value: 'on' }),
    'featureName',
    /featureName must be a non-empty string/,
  ],
  [
    'an exposure without details',
    (e) => e.trackExposureEvent('flag', undefined as unknown as { value: string }),
    'details',
    /details must be an object/,
  ],
  [
    'an exposure without a value',
    (e) => e.trackExposureEvent('flag', { identifier: 'u' } as unknown as { value: string }),
    'value',
    /value must be a string, a finite number or a boolean, got missing/,
  ],
  [
    'an exposure with a null value',
    (e) => e.trackExposureEvent('flag', { value: null as unknown as string }),
    'value',
    /got null/,
  ],
  [
    'an exposure with an object value',
    (e) => e.trackExposureEvent('flag', { value: {} as unknown as string }),
    'value',
    /got an object/,
  ],
  [
    'an exposure with cyclic traits',
    (e) => e.trackExposureEvent('flag', { value: 'on', traits: cycle() }),
    'traits',
    /traits must serialise to a JSON object \(/,
  ],
];

describe('bad input', () => {
  it.each(refusals)(
    'refuses %s with a clear InvalidEventError, and counts it',
    (_, call, field, message) => {
      const { events } = harness.processor();
      let thrown: unknown;
      try {
        call(events);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidEventError);
      expect(thrown).toBeInstanceOf(TypeError);
      expect((thrown as InvalidEventError).field).toBe(field);
      expect((thrown as InvalidEventError).code).toBe('INVALID_EVENT');
      expect((thrown as Error).message).toMatch(message);
      expect((thrown as Error).message).toMatch(/; the event was not recorded$/);
      expect(events.stats()).toMatchObject({ tracked: 1, buffered: 0, dropped: { invalid: 1 } });
      expectBalanced(events.stats());
    },
  );

  it('never lets an invalid event reach a batch', async () => {
    const { events } = harness.processor();
    let refused = 0;
    for (const [, call] of refusals) {
      events.trackEvent('valid', { value: refused });
      try {
        call(events);
      } catch {
        refused++;
      }
    }
    await events.flush();
    // the server checks every event against the wire schema and would answer 400
    expect(harness.server.requests.map((request) => request.status)).toEqual([202]);
    expect(harness.server.events).toHaveLength(refusals.length);
    expect(events.stats()).toMatchObject({ sent: refusals.length, dropped: { invalid: refused } });
    expect(refused).toBe(refusals.length);
  });

  it('accepts the edges of what is valid', async () => {
    const { events } = harness.processor();
    events.trackEvent('a');
    events.trackEvent('n', { value: 0 });
    events.trackEvent('n', { value: -1.5e300 });
    events.trackEvent('s', { value: '' });
    events.trackEvent('big', { metadata: { blob: 'x'.repeat(32_000) } });
    events.trackEvent('nested', {
      traits: { plan: 'pro', visits: 3, beta: true, nothing: null, skipped: undefined },
      metadata: { cart: [{ sku: 'a', qty: 2 }], at: new Date(0) },
    });
    events.trackEvent('null-prototype', { metadata: Object.assign(Object.create(null), { a: 1 }) });
    events.trackExposureEvent('flag', { value: '' });
    await events.flush();

    const received = await harness.server.waitForEvents(8);
    expect(received[5]?.traits).toEqual({ plan: 'pro', visits: 3, beta: true, nothing: null });
    expect(received[5]?.metadata).toMatchObject({
      cart: [{ sku: 'a', qty: 2 }],
      at: '1970-01-01T00:00:00.000Z',
    });
    expect(events.stats()).toMatchObject({ tracked: 8, sent: 8, dropped: { invalid: 0 } });
  });

  it('keeps a "__proto__" key of any value type as data', async () => {
    const { events } = harness.processor();
    // JSON.parse makes "__proto__" an own key, as data parsed from a request would have it.
    events.trackEvent('proto', {
      traits: JSON.parse('{"__proto__": "x", "plan": "pro"}'),
      metadata: JSON.parse('{"__proto__": 5}'),
    });
    await events.flush();

    const [received] = await harness.server.waitForEvents(1);
    const own = (record: unknown) => Object.getOwnPropertyDescriptor(record, '__proto__')?.value;
    expect(own(received?.traits)).toBe('x');
    expect(received?.traits).toMatchObject({ plan: 'pro' });
    expect(own(received?.metadata)).toBe(5);
  });
});
