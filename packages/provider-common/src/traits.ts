import type { Logger } from '@flagsmith-openfeature/core';
import { isRecord, mustBe } from '@flagsmith-openfeature/core';
import type { EvaluationContext } from '@openfeature/core';

/** A Flagsmith trait value. */
export type TraitValue = string | number | boolean | null;

/** Traits by key, as Flagsmith stores them on an identity. */
export type Traits = Record<string, TraitValue>;

/** Who an evaluation context describes, in Flagsmith's terms. */
export interface FlagsmithIdentity {
  /** The identity identifier: the context's `targetingKey`; `undefined` means "no identity". */
  identifier: string | undefined;
  /** Every other context attribute that Flagsmith can store as a trait. */
  traits: Traits;
}

/** Told, at debug level, what was left out of the mapping, so a user can see why a trait is missing. */
export type DebugLogger = Pick<Logger, 'debug'>;

/**
 * Maps an OpenFeature evaluation context to a Flagsmith identity.
 *
 * `targetingKey` is the identifier; every other attribute is a trait, and a nested `traits`
 * object is merged in too (its keys win over top-level ones of the same name, since they were
 * named as traits on purpose). Trait values are strings, finite numbers, booleans or null; a
 * `Date` becomes its ISO string; anything else is left out, with a debug message to `logger`
 * saying so.
 */
export function contextToIdentity(
  context: EvaluationContext,
  logger?: DebugLogger,
): FlagsmithIdentity {
  const traits: Traits = {};
  let nested: Record<string, unknown> | undefined;
  for (const key in context) {
    const value = context[key];
    if (key === 'traits' && isRecord(value) && !(value instanceof Date)) {
      nested = value;
    } else if (key !== 'targetingKey') {
      addTrait(traits, key, value, logger);
    }
  }
  // After the top-level attributes, so that the nested traits win.
  for (const key in nested) addTrait(traits, key, nested[key], logger);
  return { identifier: contextIdentifier(context), traits };
}

/**
 * The identity identifier of an evaluation context: its `targetingKey` when that is a non-empty
 * string. Cheaper than {@link contextToIdentity} where the traits are not needed.
 */
export function contextIdentifier(context: EvaluationContext): string | undefined {
  const { targetingKey } = context;
  return typeof targetingKey === 'string' && targetingKey !== '' ? targetingKey : undefined;
}

/** A trait value in Flagsmith's terms, or `undefined` when the value cannot be one. */
export function toTraitValue(value: unknown): TraitValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  // Number.isFinite is false for anything but a finite number.
  if (Number.isFinite(value)) return value as number;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  return undefined;
}

function addTrait(
  traits: Traits,
  key: string,
  value: unknown,
  logger: DebugLogger | undefined,
): void {
  const trait = toTraitValue(value);
  if (trait !== undefined) {
    traits[key] = trait;
  } else if (value !== undefined) {
    logger?.debug(
      `Flagsmith: ${mustBe(`trait "${key}"`, 'a string, a finite number, a boolean, null or a Date', value)}; left out`,
    );
  }
}
