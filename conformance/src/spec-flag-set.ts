import type { JsonValue } from '@openfeature/core';

/**
 * One flag of the specification's flag set (`test-flags.json`): named variants, the variant
 * served when targeting does not pick one, and optionally a CEL targeting expression over the
 * evaluation context that names the variant to serve (or `''` for the default).
 */
export interface SpecFlag {
  /** The flag's values by variant name. */
  readonly variants: Readonly<Record<string, JsonValue>>;
  /** The variant served by default; `null` or absent: none (the caller's default applies). */
  readonly defaultVariant: string | null;
  /** A disabled flag serves the caller's default with reason DISABLED. */
  readonly disabled: boolean;
  /** A CEL expression such as `email == 'x' ? 'zero' : ''`. */
  readonly contextEvaluator: string | undefined;
  /** Free-form metadata returned with every evaluation. */
  readonly flagMetadata: Readonly<Record<string, JsonValue>> | undefined;
}

/** The flag set, by flag key, in file order. */
export type SpecFlagSet = ReadonlyMap<string, SpecFlag>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the parsed `test-flags.json` into {@link SpecFlagSet}, checking the shape this project
 * relies on: a change in the specification's format is a loud `TypeError`, not a silently
 * different environment.
 */
export function parseSpecFlagSet(json: unknown): SpecFlagSet {
  if (!isRecord(json)) throw new TypeError('test-flags.json: expected an object of flags by key');
  const flags = new Map<string, SpecFlag>();
  for (const [key, flag] of Object.entries(json)) {
    const problem = (what: string) => new TypeError(`test-flags.json: flag "${key}": ${what}`);
    if (!isRecord(flag) || !isRecord(flag.variants)) throw problem('expected { variants: {…} }');
    const { defaultVariant = null, disabled = false, contextEvaluator, flagMetadata } = flag;
    if (defaultVariant !== null && typeof defaultVariant !== 'string')
      throw problem('defaultVariant must be a string or null');
    if (typeof defaultVariant === 'string' && !Object.hasOwn(flag.variants, defaultVariant))
      throw problem(`defaultVariant "${defaultVariant}" is not one of its variants`);
    if (typeof disabled !== 'boolean') throw problem('disabled must be a boolean');
    if (contextEvaluator !== undefined && typeof contextEvaluator !== 'string')
      throw problem('contextEvaluator must be a string');
    if (flagMetadata !== undefined && flagMetadata !== null && !isRecord(flagMetadata))
      throw problem('flagMetadata must be an object or null');
    flags.set(key, {
      variants: flag.variants as Record<string, JsonValue>,
      defaultVariant,
      disabled,
      contextEvaluator,
      flagMetadata: isRecord(flagMetadata)
        ? (flagMetadata as Record<string, JsonValue>)
        : undefined,
    });
  }
  return flags;
}
