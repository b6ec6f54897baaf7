import type { TraitValue } from '../flag';
import { optionTypeError } from '../option-helpers';
import { isRecord } from './shape';

/** Traits as `[key, value]` pairs sorted by key, with `undefined` values left out. */
export type TraitEntries = ReadonlyArray<readonly [string, TraitValue]>;

/**
 * Checks an identity lookup's arguments and returns its traits in a stable order, so that the
 * same traits given in any order make the same request body and the same cache key.
 * Throws a `TypeError` for input no Flagsmith API would accept.
 */
export function normaliseIdentityTraits(
  caller: string,
  identifier: unknown,
  traits: unknown,
): TraitEntries {
  if (typeof identifier !== 'string' || identifier === '') {
    throw optionTypeError(caller, 'identifier', 'a non-empty string', identifier);
  }
  if (traits === undefined || traits === null) return [];
  if (!isRecord(traits)) {
    throw optionTypeError(caller, 'traits', 'an object', traits);
  }
  const entries: Array<readonly [string, TraitValue]> = [];
  for (const [key, value] of Object.entries(traits)) {
    if (value === undefined) continue;
    // Number.isFinite is false for anything but a finite number.
    if (
      !(
        value === null ||
        typeof value === 'string' ||
        typeof value === 'boolean' ||
        Number.isFinite(value)
      )
    ) {
      throw optionTypeError(
        caller,
        `trait "${key}"`,
        'a string, a finite number, a boolean or null',
        value,
      );
    }
    entries.push([key, value as TraitValue]);
  }
  // Keys are distinct, so no two compare equal.
  entries.sort(([a], [b]) => (a < b ? -1 : 1));
  return entries;
}

/**
 * A key that is equal for equal lookups and different otherwise: the identifier, `transient`,
 * and the traits in key order with their types (`"1"` and `1` differ), every variable part
 * length-prefixed so no two lookups collide. Built straight from the caller's traits, without
 * checking them, because it runs on every cached evaluation: a value no valid lookup can have
 * (an object, `NaN`) makes a key that no stored result has.
 */
export function identityCacheKey(
  identifier: string,
  traits: Readonly<Record<string, unknown>> | null | undefined,
  transient: boolean,
): string {
  let key = `${transient ? 'T' : 'P'}${identifier.length}:${identifier}`;
  if (traits === null || traits === undefined) return key;
  const names = Object.keys(traits);
  if (names.length > 1) names.sort();
  for (const name of names) {
    const value = traits[name];
    if (value === undefined) continue;
    key += `|${name.length}:${name}=`;
    if (typeof value === 'string') key += `s${value.length}:${value}`;
    else if (value === null) key += 'z';
    else key += `${(typeof value)[0]}${String(value)}`;
  }
  return key;
}
