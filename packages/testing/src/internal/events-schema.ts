import type { ReceivedEvent } from '../received-event';

/** The event name the exposure hook records. */
export const FLAG_EXPOSURE_EVENT = '$flag_exposure';

const EVENT_FIELDS = [
  'event',
  'feature_name',
  'identifier',
  'value',
  'traits',
  'metadata',
  'timestamp',
] as const;

/** Why a request body breaks the events wire schema. */
export interface EventsSchemaViolation {
  /** 413 when the body holds more events than allowed, 400 otherwise. */
  status: 400 | 413;
  detail: string;
  /** The offending event's index, `null` for the body itself. */
  index: number | null;
  /** The offending field (`metadata.sdk_version` for nested ones), `null` for the whole item. */
  field: string | null;
}

/** The outcome of checking an events request body. */
export type EventsBodyCheck =
  | { ok: true; events: ReceivedEvent[] }
  | { ok: false; violation: EventsSchemaViolation };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  if (typeof value === 'number')
    return Number.isFinite(value) ? `the number ${value}` : 'a non-finite number';
  return `a ${typeof value}`;
}

/**
 * The first problem with one event, or `undefined` when it matches the wire schema exactly.
 */
function checkEvent(item: unknown): { field: string | null; problem: string } | undefined {
  if (!isObject(item)) return { field: null, problem: `must be an object, got ${describe(item)}` };
  for (const key of Object.keys(item)) {
    if (!(EVENT_FIELDS as readonly string[]).includes(key)) {
      return { field: key, problem: 'is not a field of the events schema' };
    }
  }
  for (const key of EVENT_FIELDS) {
    if (!(key in item))
      return { field: key, problem: 'is missing (absent values are sent as null)' };
  }
  const { event, feature_name, identifier, value, traits, metadata, timestamp } = item;
  if (typeof event !== 'string' || event === '') {
    return { field: 'event', problem: `must be a non-empty string, got ${describe(event)}` };
  }
  const isExposure = event === FLAG_EXPOSURE_EVENT;
  if (event.startsWith('$') && !isExposure) {
    return {
      field: 'event',
      problem: `"${event}" is reserved: only ${FLAG_EXPOSURE_EVENT} may start with $`,
    };
  }
  if (isExposure) {
    if (typeof feature_name !== 'string' || feature_name === '') {
      return {
        field: 'feature_name',
        problem: `must be a non-empty string for ${FLAG_EXPOSURE_EVENT}, got ${describe(feature_name)}`,
      };
    }
  } else if (feature_name !== null) {
    return {
      field: 'feature_name',
      problem: `must be null for events other than ${FLAG_EXPOSURE_EVENT}, got ${describe(feature_name)}`,
    };
  }
  if (identifier !== null && typeof identifier !== 'string') {
    return {
      field: 'identifier',
      problem: `must be a string or null, got ${describe(identifier)}`,
    };
  }
  if (isExposure) {
    if (typeof value !== 'string') {
      return {
        field: 'value',
        problem: `must be a string for ${FLAG_EXPOSURE_EVENT}, got ${describe(value)}`,
      };
    }
  } else if (
    value !== null &&
    typeof value !== 'string' &&
    !(typeof value === 'number' && Number.isFinite(value))
  ) {
    return {
      field: 'value',
      problem: `must be a finite number, a string or null, got ${describe(value)}`,
    };
  }
  if (traits !== null && !isObject(traits)) {
    return { field: 'traits', problem: `must be an object or null, got ${describe(traits)}` };
  }
  if (!isObject(metadata)) {
    return {
      field: 'metadata',
      problem: `must be an object carrying sdk_version, got ${describe(metadata)}`,
    };
  }
  if (typeof metadata.sdk_version !== 'string' || metadata.sdk_version === '') {
    return {
      field: 'metadata.sdk_version',
      problem: `must be a non-empty string, got ${describe(metadata.sdk_version)}`,
    };
  }
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
    return {
      field: 'timestamp',
      problem: `must be a non-negative integer (epoch milliseconds), got ${describe(timestamp)}`,
    };
  }
  return undefined;
}

/**
 * Checks a parsed `POST /v1/events` body against the wire schema (DESIGN §6) and returns the
 * events, or the first violation found. One bad event fails the whole request, as a real
 * schema check would.
 */
export function checkEventsBody(body: unknown, maxEvents: number): EventsBodyCheck {
  const fail = (
    status: 400 | 413,
    detail: string,
    index: number | null,
    field: string | null,
  ): EventsBodyCheck => ({ ok: false, violation: { status, detail, index, field } });

  if (!isObject(body)) {
    return fail(400, `body must be an object {"events": [...]}, got ${describe(body)}`, null, null);
  }
  for (const key of Object.keys(body)) {
    if (key !== 'events')
      return fail(400, `body.${key} is not a field of the events schema`, null, key);
  }
  const { events } = body;
  if (!Array.isArray(events)) {
    return fail(400, `events must be an array, got ${describe(events)}`, null, 'events');
  }
  if (events.length === 0) return fail(400, 'events must not be empty', null, 'events');
  if (events.length > maxEvents) {
    return fail(
      413,
      `events holds ${events.length} items; at most ${maxEvents} are accepted per request`,
      null,
      'events',
    );
  }
  for (const [index, item] of events.entries()) {
    const error = checkEvent(item);
    if (error !== undefined) {
      const where = error.field === null ? `events[${index}]` : `events[${index}].${error.field}`;
      return fail(400, `${where} ${error.problem}`, index, error.field);
    }
  }
  return { ok: true, events: events as ReceivedEvent[] };
}
