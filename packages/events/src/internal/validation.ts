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

interface MutableEvent {
  event: string;
  feature_name: string | null;
  identifier: string | null;
  value: number | string | null;
  traits: Record<string, unknown> | null;
  metadata: { sdk_version: string } & Record<string, unknown>;
  timestamp: number;
}

/**
 * The worst-case serialised size of the record the last {@link copyRecord} call returned.
 * A module variable rather than a second return value: this runs on every tracking call.
 */
let copiedRecordBytes = 0;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value === '' ? 'an empty string' : 'a string';
    case 'number':
      return Number.isFinite(value) ? `the number ${value}` : String(value);
    case 'object':
      return `an instance of ${(value as object).constructor?.name ?? 'an unknown class'}`;
    default:
      return `a ${typeof value}`;
  }
}

/** How a tracking call is named in messages: `trackEvent("purchase")`, long names shortened. */
export function label(caller: Caller, name: string): string {
  const shown = name.length > 60 ? `${name.slice(0, 57)}...` : name;
  return `${caller}(${JSON.stringify(shown)})`;
}

function refuse(
  caller: Caller,
  name: string,
  field: InvalidEventField,
  problem: string,
  cause?: unknown,
): InvalidEventError {
  return new InvalidEventError(
    `${label(caller, name)}: ${problem}. The event was not recorded.`,
    field,
    cause === undefined ? undefined : { cause },
  );
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
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
  try {
    json = JSON.stringify(source);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw refuse(caller, name, field, `${field} cannot be serialised to JSON (${reason})`, error);
  }
  const parsed: unknown = json === undefined ? undefined : JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw refuse(caller, name, field, `${field} must serialise to a JSON object`);
  }
  copiedRecordBytes = utf8ByteLength(json as string);
  if (field === 'traits') return parsed as Record<string, unknown>;
  const metadata: Record<string, unknown> = { sdk_version: SDK_VERSION, ...parsed };
  metadata.sdk_version = SDK_VERSION;
  return metadata;
}

/**
 * Validates and copies traits or metadata. Flat records of strings, numbers, booleans and nulls
 * (the usual case) are copied key by key with a size bound; anything else goes through JSON.
 * Metadata always gets this SDK's `sdk_version`, first, whatever the caller passed.
 */
function copyRecord(
  input: unknown,
  caller: Caller,
  name: string,
  field: 'traits' | 'metadata',
): Record<string, unknown> | null {
  copiedRecordBytes = 0;
  if (input === undefined || input === null) return null;
  if (typeof input !== 'object' || Array.isArray(input) || !isPlainObject(input)) {
    throw refuse(
      caller,
      name,
      field,
      `${field} must be a plain object or null, got ${describe(input)}`,
    );
  }
  const source = input as Record<string, unknown>;
  const copy: Record<string, unknown> = field === 'metadata' ? { sdk_version: SDK_VERSION } : {};
  let bytes = 2;
  for (const key of Object.keys(source)) {
    const value = source[key];
    switch (typeof value) {
      case 'string':
        bytes += WORST_BYTES_PER_CHAR * (key.length + value.length) + 6;
        break;
      case 'number':
      case 'boolean':
        bytes += WORST_BYTES_PER_CHAR * key.length + SCALAR_BYTES;
        break;
      case 'undefined':
        continue; // JSON leaves it out
      default:
        if (value !== null || key === '__proto__') {
          return copyBySerialising(source, caller, name, field);
        }
        bytes += WORST_BYTES_PER_CHAR * key.length + SCALAR_BYTES;
    }
    if (field === 'metadata' && key === 'sdk_version') continue;
    copy[key] = value;
  }
  copiedRecordBytes = bytes;
  return copy;
}

function checkIdentifier(identifier: unknown, caller: Caller, name: string): string | null {
  if (identifier === undefined || identifier === null) return null;
  if (typeof identifier === 'string' && identifier !== '') return identifier;
  throw refuse(
    caller,
    name,
    'identifier',
    `identifier must be a non-empty string or null, got ${describe(identifier)}`,
  );
}

function checkDetails(details: unknown, caller: Caller, name: string): void {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) {
    throw refuse(
      caller,
      name,
      'details',
      `the details must be an object such as { identifier, value, traits, metadata }, got ${describe(details)}`,
    );
  }
}

/** Refuses an event whose size bound passed the limit and whose exact size confirms it. */
function checkSize(event: MutableEvent, caller: Caller, name: string): void {
  const bytes = utf8ByteLength(JSON.stringify(event));
  if (bytes > MAX_EVENT_BYTES) {
    throw refuse(
      caller,
      name,
      'size',
      `the event is ${bytes} bytes serialised; events are limited to ${MAX_EVENT_BYTES} bytes (32 KB)`,
    );
  }
}

/**
 * Builds the wire form of `trackEvent(name, details)`, or throws {@link InvalidEventError}.
 * Traits and metadata are copied, so later changes by the caller cannot reach the batch.
 */
export function createCustomEvent(
  name: unknown,
  details: unknown,
  timestamp: number,
): FlagsmithEvent {
  if (typeof name !== 'string' || name === '') {
    throw new InvalidEventError(
      `trackEvent: the event name must be a non-empty string, got ${describe(name)}. The event was not recorded.`,
      'name',
    );
  }
  if (name.charCodeAt(0) === 0x24) {
    throw refuse(
      'trackEvent',
      name,
      'name',
      `names starting with "$" are reserved for Flagsmith's own events; record exposures with trackExposureEvent() and give custom events a name without "$"`,
    );
  }
  const event: MutableEvent = {
    event: name,
    feature_name: null,
    identifier: null,
    value: null,
    traits: null,
    metadata: SDK_METADATA as MutableEvent['metadata'],
    timestamp,
  };
  let bytes = EVENT_OVERHEAD_BYTES + WORST_BYTES_PER_CHAR * name.length;
  if (details !== undefined && details !== null) {
    checkDetails(details, 'trackEvent', name);
    const { identifier, value, traits, metadata } = details as Record<string, unknown>;
    event.identifier = checkIdentifier(identifier, 'trackEvent', name);
    if (event.identifier !== null) bytes += WORST_BYTES_PER_CHAR * event.identifier.length;
    if (typeof value === 'string') {
      event.value = value;
      bytes += WORST_BYTES_PER_CHAR * value.length;
    } else if (typeof value === 'number' && Number.isFinite(value)) {
      event.value = value;
    } else if (value !== undefined && value !== null) {
      throw refuse(
        'trackEvent',
        name,
        'value',
        `value must be a finite number, a string or null, got ${describe(value)}`,
      );
    }
    event.traits = copyRecord(traits, 'trackEvent', name, 'traits');
    bytes += copiedRecordBytes;
    const copiedMetadata = copyRecord(metadata, 'trackEvent', name, 'metadata');
    if (copiedMetadata !== null) {
      event.metadata = copiedMetadata as MutableEvent['metadata'];
      bytes += copiedRecordBytes;
    }
  }
  if (bytes > MAX_EVENT_BYTES) checkSize(event, 'trackEvent', name);
  return event;
}

/**
 * Builds the wire form of `trackExposureEvent(featureName, details)`, or throws
 * {@link InvalidEventError}. The value is sent as a string.
 */
export function createExposureEvent(
  featureName: unknown,
  details: unknown,
  timestamp: number,
): FlagsmithEvent {
  if (typeof featureName !== 'string' || featureName === '') {
    throw new InvalidEventError(
      `trackExposureEvent: the feature name must be a non-empty string, got ${describe(featureName)}. The event was not recorded.`,
      'featureName',
    );
  }
  checkDetails(details, 'trackExposureEvent', featureName);
  const { identifier, value, traits, metadata } = details as Record<string, unknown>;
  let stringValue: string;
  if (typeof value === 'string') {
    stringValue = value;
  } else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
    stringValue = String(value);
  } else {
    throw refuse(
      'trackExposureEvent',
      featureName,
      'value',
      `value must be the string, finite number or boolean served (or its variant key), got ${describe(value)}`,
    );
  }
  const event: MutableEvent = {
    event: FLAG_EXPOSURE_EVENT,
    feature_name: featureName,
    identifier: checkIdentifier(identifier, 'trackExposureEvent', featureName),
    value: stringValue,
    traits: null,
    metadata: SDK_METADATA as MutableEvent['metadata'],
    timestamp,
  };
  let bytes =
    EVENT_OVERHEAD_BYTES +
    WORST_BYTES_PER_CHAR * (featureName.length + stringValue.length) +
    (event.identifier === null ? 0 : WORST_BYTES_PER_CHAR * event.identifier.length);
  event.traits = copyRecord(traits, 'trackExposureEvent', featureName, 'traits');
  bytes += copiedRecordBytes;
  const copiedMetadata = copyRecord(metadata, 'trackExposureEvent', featureName, 'metadata');
  if (copiedMetadata !== null) {
    event.metadata = copiedMetadata as MutableEvent['metadata'];
    bytes += copiedRecordBytes;
  }
  if (bytes > MAX_EVENT_BYTES) checkSize(event, 'trackExposureEvent', featureName);
  return event;
}
