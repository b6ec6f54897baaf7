import { describeValue } from '@flagsmith-openfeature/core';
import type { FlagValue, FlagValueType, JsonValue } from '@openfeature/core';

/** A value as Flagsmith stores it on a feature state. */
export type FlagsmithValue = string | number | boolean | null;

/** A coerced value, or why the value can't be one of the asked type. */
export type Coercion<T> =
  | { ok: true; value: T }
  | { ok: false; errorCode: 'TYPE_MISMATCH' | 'PARSE_ERROR'; message: string };

/**
 * Coerces a Flagsmith value to the type OpenFeature asked for.
 *
 * - `number`: numbers as they are; strings whose whole trimmed text is a finite number.
 * - `string`: strings as they are; numbers and booleans stringified.
 * - `object`: strings holding JSON of an object or an array, parsed.
 * - `boolean`: booleans as they are; the strings `"true"` and `"false"`, in any case.
 *
 * `null` never coerces: the caller decides what a missing value means.
 */
export function coerceValue(value: FlagsmithValue, type: FlagValueType): Coercion<FlagValue> {
  switch (type) {
    case 'number':
      return coerceNumber(value);
    case 'string':
      return typeof value === 'string'
        ? { ok: true, value }
        : typeof value === 'number' || typeof value === 'boolean'
          ? { ok: true, value: String(value) }
          : mismatch(value, type);
    case 'object':
      return coerceObject(value);
    case 'boolean':
      return coerceBoolean(value);
  }
}

function coerceNumber(value: FlagsmithValue): Coercion<number> {
  if (typeof value === 'number')
    return Number.isFinite(value) ? { ok: true, value } : mismatch(value, 'number');
  if (typeof value === 'string') {
    const text = value.trim();
    const number = text === '' ? Number.NaN : Number(text);
    if (Number.isFinite(number)) return { ok: true, value: number };
  }
  return mismatch(value, 'number');
}

function coerceObject(value: FlagsmithValue): Coercion<JsonValue> {
  if (typeof value !== 'string') return mismatch(value, 'object');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    return {
      ok: false,
      errorCode: 'PARSE_ERROR',
      message: `Flagsmith value is not valid JSON: ${(error as Error).message}`,
    };
  }
  if (typeof parsed === 'object' && parsed !== null)
    return { ok: true, value: parsed as JsonValue };
  return mismatch(value, 'object');
}

function coerceBoolean(value: FlagsmithValue): Coercion<boolean> {
  if (typeof value === 'boolean') return { ok: true, value };
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'true') return { ok: true, value: true };
    if (text === 'false') return { ok: true, value: false };
  }
  return mismatch(value, 'boolean');
}

function mismatch(value: FlagsmithValue, type: FlagValueType): Coercion<never> {
  return {
    ok: false,
    errorCode: 'TYPE_MISMATCH',
    message: `Flagsmith's value, ${describeValue(value)}, can't be read as ${type === 'object' ? 'an object' : `a ${type}`}`,
  };
}
