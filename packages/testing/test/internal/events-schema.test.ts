import { describe, expect, it } from 'vitest';
import { checkEventsBody } from '../../src/internal/events-schema';
import { customEvent, exposureEvent } from '../helpers';

function violationOf(body: unknown, maxEvents = 10_000) {
  const result = checkEventsBody(body, maxEvents);
  if (result.ok) throw new Error('expected a violation');
  return result.violation;
}

describe('checkEventsBody', () => {
  it('accepts custom events and exposures that follow the schema', () => {
    const events = [
      customEvent(),
      customEvent({ value: null, identifier: null, traits: null }),
      customEvent({ value: 'gold', timestamp: 0 }),
      exposureEvent(),
    ];
    expect(checkEventsBody({ events }, 10)).toEqual({ ok: true, events });
  });

  it.each([
    ['a body that is not an object', [], null, null],
    ['an unknown top-level key', { events: [customEvent()], batch: 1 }, null, 'batch'],
    ['events that is not an array', { events: {} }, null, 'events'],
    ['an empty events array', { events: [] }, null, 'events'],
  ])('refuses %s', (_, body, index, field) => {
    expect(violationOf(body)).toMatchObject({ status: 400, index, field });
  });

  it.each([
    ['an item that is not an object', 'purchase', null],
    ['an unknown field', customEvent({ extra: 1 }), 'extra'],
    ['a missing field', (({ timestamp: _, ...rest }) => rest)(customEvent()), 'timestamp'],
    ['an empty event name', customEvent({ event: '' }), 'event'],
    ['a reserved $ name other than $flag_exposure', customEvent({ event: '$pageview' }), 'event'],
    [
      'feature_name on a custom event',
      customEvent({ feature_name: 'checkout_button' }),
      'feature_name',
    ],
    ['an exposure without feature_name', exposureEvent({ feature_name: null }), 'feature_name'],
    ['an exposure with an empty feature_name', exposureEvent({ feature_name: '' }), 'feature_name'],
    ['a numeric identifier', customEvent({ identifier: 42 }), 'identifier'],
    ['a boolean value', customEvent({ value: false }), 'value'],
    ['an object value', customEvent({ value: { amount: 1 } }), 'value'],
    ['a non-finite value', customEvent({ value: Number.POSITIVE_INFINITY }), 'value'],
    ['an exposure with a numeric value', exposureEvent({ value: 1 }), 'value'],
    ['an exposure with a null value', exposureEvent({ value: null }), 'value'],
    ['array traits', customEvent({ traits: ['plan'] }), 'traits'],
    ['null metadata', customEvent({ metadata: null }), 'metadata'],
    ['metadata without sdk_version', customEvent({ metadata: {} }), 'metadata.sdk_version'],
    [
      'a numeric sdk_version',
      customEvent({ metadata: { sdk_version: 1 } }),
      'metadata.sdk_version',
    ],
    ['a string timestamp', customEvent({ timestamp: '1748462400000' }), 'timestamp'],
    ['a fractional timestamp', customEvent({ timestamp: 1.5 }), 'timestamp'],
    ['a negative timestamp', customEvent({ timestamp: -1 }), 'timestamp'],
  ])('refuses %s, naming the index and field', (_, event, field) => {
    const violation = violationOf({ events: [customEvent(), event] });
    expect(violation).toMatchObject({ status: 400, index: 1, field });
    const where = field === null ? 'events[1]' : `events[1].${field}`;
    expect(violation.detail.startsWith(`${where} `)).toBe(true);
  });

  it('asks for a smaller request (413) when there are more events than allowed', () => {
    expect(violationOf({ events: [customEvent(), customEvent()] }, 1)).toMatchObject({
      status: 413,
      field: 'events',
    });
  });
});
