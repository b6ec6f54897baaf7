import { mustBe } from '@flagsmith-openfeature/core';
import type { FlagValue, FlagValueType } from '@openfeature/core';
import { describeError } from './to-open-feature-error';

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
  // Each branch leaves `coerced` undefined when the value can't be read as `type`.
  let coerced: FlagValue | undefined;
  if (type === 'number') {
    coerced = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    // Number.isFinite is false for anything but a finite number.
    if (!Number.isFinite(coerced)) coerced = undefined;
  } else if (type === 'boolean') {
    // Booleans read as their own text.
    const text = String(value).trim().toLowerCase();
    if (text === 'true' || text === 'false') coerced = text === 'true';
  } else if (type === 'string') {
    if (value !== null) coerced = String(value);
  } else if (typeof value === 'string') {
    // An object: JSON of an object or an array.
    try {
      coerced = JSON.parse(value);
    } catch (error) {
      return {
        ok: false,
        errorCode: 'PARSE_ERROR',
        message: `value is not JSON: ${describeError(error)}`,
      };
    }
    if (typeof coerced !== 'object' || coerced === null) coerced = undefined;
  }
  return coerced === undefined
    ? {
        ok: false,
        errorCode: 'TYPE_MISMATCH',
        message: mustBe('value', type === 'object' ? 'an object' : `a ${type}`, value),
      }
    : { ok: true, value: coerced };
}
