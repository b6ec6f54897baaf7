import type { TraitValue } from '../flag';
import { optionTypeError } from '../option-helpers';
import { isRecord } from './shape';

/** A trait as the identities API takes it. */
export interface ApiTrait {
  trait_key: string;
  trait_value: TraitValue;
}

/**
 * Checks an identity lookup's arguments and returns its traits as the API takes them, sorted by
 * key and without `undefined` values, so that the same traits given in any order make the same
 * request body. Throws a `TypeError` for input no Flagsmith API would accept.
 */
export function normaliseIdentityTraits(
  caller: string,
  identifier: unknown,
  traits: unknown,
): ApiTrait[] {
  if (typeof identifier !== 'string' || identifier === '') {
    throw optionTypeError(caller, 'identifier', 'a non-empty string', identifier);
  }
  if (traits === undefined || traits === null) return [];
  if (!isRecord(traits)) {
    throw optionTypeError(caller, 'traits', 'an object', traits);
  }
  const list: ApiTrait[] = [];
  for (const key of Object.keys(traits).sort()) {
    const value = traits[key];
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
    list.push({ trait_key: key, trait_value: value as TraitValue });
  }
  return list;
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
