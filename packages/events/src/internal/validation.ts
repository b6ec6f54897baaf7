import { isRecord, mustBe } from '@flagsmith-openfeature/core';
import type { InvalidEventField } from '../errors';
import { InvalidEventError } from '../errors';
import type { FlagsmithEvent } from '../flagsmith-event';
import { FLAG_EXPOSURE_EVENT } from '../flagsmith-event';
import { utf8ByteLength } from './utf8';
import { SDK_VERSION } from './version';

/** The largest event accepted, serialised, in bytes (32 KB). */
export const MAX_EVENT_BYTES = 32 * 1024;

/**
 * Serialised, one string character takes at most 6 bytes (a `\u001f` escape; anything else is
 * at most 3 bytes of UTF-8). Sizes are first bounded with this, so the common small event is
 * never serialised at the call; only events whose bound passes the limit are measured exactly.
 */
const WORST_BYTES_PER_CHAR = 6;

/** Field names, punctuation, timestamp and `sdk_version` of a serialised event, with room to spare. */
const EVENT_OVERHEAD_BYTES = 160 + WORST_BYTES_PER_CHAR * SDK_VERSION.length;

/** The worst-case size of a number, boolean or null, with its punctuation. */
const SCALAR_BYTES = 32;

/** Shared by every event tracked without metadata: nothing can change it, so nothing copies it. */
const SDK_METADATA: FlagsmithEvent['metadata'] = Object.freeze({ sdk_version: SDK_VERSION });

export type Caller = 'trackEvent' | 'trackExposureEvent';

/**
 * The worst-case serialised size of the records copied for the event being built: each
 * {@link copyRecord} call adds its own. A module variable rather than a second return value:
 * this runs on every tracking call.
 */
let recordBytes = 0;

/** How a tracking call is named in messages: `trackEvent("purchase")`, long names shortened. */
export function label(caller: Caller, name: string): string {
  const shown = name.length > 60 ? `${name.slice(0, 57)}...` : name;
  return `${caller}(${JSON.stringify(shown)})`;
}

/** The error for refused input; `name` is left out of the message when it is the problem. */
function refuse(
  caller: Caller,
  name: string | undefined,
  field: InvalidEventField,
  problem: string,
  options?: ErrorOptions,
): InvalidEventError {
  return new InvalidEventError(
    `${name === undefined ? caller : label(caller, name)}: ${problem}; the event was not recorded`,
    field,
    options,
  );
}

/** The error for a field of the wrong kind: "`field` must be `expected`, got …". */
function refuseValue(
  caller: Caller,
  name: string | undefined,
  field: InvalidEventField,
  expected: string,
  value: unknown,
): InvalidEventError {
  return refuse(caller, name, field, mustBe(field, expected, value));
}

/**
 * Copies a record by round-tripping it through JSON: the slow path, for nested or exotic
 * values. The copy can then never fail to serialise, whatever the caller does to the original.
 */
function copyBySerialising(
  source: object,
  caller: Caller,
  name: string,
  field: 'traits' | 'metadata',
): Record<string, unknown> {
  let json: string | undefined;
  let parsed: unknown;
  let cause: unknown;
  try {
    json = JSON.stringify(source);
    parsed = JSON.parse(json ?? 'null');
  } catch (error) {
    cause = error;
  }
  if (!isRecord(parsed)) {
    const reason = cause instanceof Error ? ` (${cause.message})` : '';
    throw refuse(caller, name, field, `${field} must serialise to a JSON object${reason}`, {
      cause,
    });
  }
  recordBytes += utf8ByteLength(json as string);
  return field === 'traits' ? parsed : { sdk_version: SDK_VERSION, ...parsed };
}

/**
 * Validates and copies traits or metadata. Flat records of strings, numbers, booleans and nulls
 * (the usual case) are copied key by key with a size bound; anything else goes through JSON.
 * Metadata's copy has `sdk_version` as its first key, holding the caller's value if any:
 * {@link createEvent} sets this SDK's.
 */
function copyRecord(
  input: unknown,
  caller: Caller,
  name: string,
  field: 'traits' | 'metadata',
): Record<string, unknown> | null {
  if (input === undefined || input === null) return null;
  // Plain objects only: primitives, arrays and class instances all have another prototype.
  const prototype: unknown = Object.getPrototypeOf(input);
  if (prototype !== Object.prototype && prototype !== null) {
    throw refuseValue(caller, name, field, 'a plain object or null', input);
  }
  const source = input as Record<string, unknown>;
  const copy: Record<string, unknown> = field === 'metadata' ? { sdk_version: SDK_VERSION } : {};
  let bytes = 2;
  for (const key of Object.keys(source)) {
    // Assigning "__proto__" would set the copy's prototype (or do nothing), not copy the data.
    if (key === '__proto__') return copyBySerialising(source, caller, name, field);
    const value = source[key];
    if (value === undefined) continue; // JSON leaves it out
    if (typeof value === 'string') {
      bytes += WORST_BYTES_PER_CHAR * (key.length + value.length) + 6;
    } else if (value === null || typeof value === 'number' || typeof value === 'boolean') {
      bytes += WORST_BYTES_PER_CHAR * key.length + SCALAR_BYTES;
    } else {
      return copyBySerialising(source, caller, name, field);
    }
    copy[key] = value;
  }
  recordBytes += bytes;
  return copy;
}

/**
 * Builds the wire form of `trackEvent(name, details)` or `trackExposureEvent(featureName,
 * details)`, or throws {@link InvalidEventError}. An exposure's value is sent as a string.
 * Traits and metadata are copied, so later changes by the caller cannot reach the batch.
 */
export function createEvent(
  caller: Caller,
  name: unknown,
  details: unknown,
  timestamp: number,
): FlagsmithEvent {
  const exposure = caller === 'trackExposureEvent';
  if (typeof name !== 'string' || name === '') {
    const field = exposure ? 'featureName' : 'name';
    throw refuseValue(caller, undefined, field, 'a non-empty string', name);
  }
  if (!exposure && name.startsWith('$')) {
    throw refuse(caller, name, 'name', 'names starting with "$" are reserved');
  }
  if ((exposure || (details !== undefined && details !== null)) && !isRecord(details)) {
    throw refuseValue(caller, name, 'details', 'an object', details);
  }
  const { identifier, value, traits, metadata } = (details ?? {}) as Record<string, unknown>;
  let wireValue: string | number | null = null;
  if (
    typeof value === 'string' ||
    Number.isFinite(value) ||
    (exposure && typeof value === 'boolean')
  ) {
    wireValue = exposure ? String(value) : (value as string | number);
  } else if (exposure || (value !== undefined && value !== null)) {
    throw refuseValue(
      caller,
      name,
      'value',
      exposure ? 'a string, a finite number or a boolean' : 'a string, a finite number or null',
      value,
    );
  }
  if (identifier != null && (typeof identifier !== 'string' || identifier === '')) {
    throw refuseValue(caller, name, 'identifier', 'a non-empty string or null', identifier);
  }
  recordBytes = 0;
  const event = {
    event: exposure ? FLAG_EXPOSURE_EVENT : name,
    feature_name: exposure ? name : null,
    identifier: (identifier ?? null) as string | null,
    value: wireValue,
    traits: copyRecord(traits, caller, name, 'traits'),
    metadata: SDK_METADATA,
    timestamp,
  };
  const copiedMetadata = copyRecord(metadata, caller, name, 'metadata');
  if (copiedMetadata !== null) {
    // Whatever the caller passed, metadata carries this SDK's version.
    copiedMetadata.sdk_version = SDK_VERSION;
    event.metadata = copiedMetadata as FlagsmithEvent['metadata'];
  }
  const bytes =
    recordBytes +
    EVENT_OVERHEAD_BYTES +
    WORST_BYTES_PER_CHAR *
      (name.length +
        (event.identifier?.length ?? 0) +
        (typeof wireValue === 'string' ? wireValue.length : 0));
  if (bytes > MAX_EVENT_BYTES) {
    // The bound passed the limit: measure exactly, which only events this large pay for.
    const exact = utf8ByteLength(JSON.stringify(event));
    if (exact > MAX_EVENT_BYTES) {
      throw refuse(
        caller,
        name,
        'size',
        `the event is ${exact} bytes serialised; events are limited to ${MAX_EVENT_BYTES} bytes`,
      );
    }
  }
  return event;
}
