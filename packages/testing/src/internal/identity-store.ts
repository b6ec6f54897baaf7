import type { ApiTrait } from '../api-flag';
import type { EnvironmentDocument, TraitValue } from '../environment-document';

/** A trait from an identities request, possibly marked as not to be stored. */
export interface IncomingTrait extends ApiTrait {
  transient?: boolean;
}

/**
 * Traits of non-transient identities, remembered per identifier as Flagsmith remembers them.
 * An identity first seen here starts from its `identity_traits` in the document's
 * `identity_overrides`, when it has any.
 */
export class IdentityStore {
  readonly #traits = new Map<string, Map<string, TraitValue>>();

  #stored(identifier: string, document: EnvironmentDocument): Map<string, TraitValue> {
    const known = this.#traits.get(identifier);
    if (known !== undefined) return known;
    const override = document.identity_overrides?.find((item) => item.identifier === identifier);
    return new Map((override?.identity_traits ?? []).map((t) => [t.trait_key, t.trait_value]));
  }

  /** The identity's stored traits. */
  traitsOf(identifier: string, document: EnvironmentDocument): ApiTrait[] {
    return toTraits(this.#stored(identifier, document));
  }

  /**
   * Applies traits from a request (a `null` value deletes the trait) and returns the traits
   * the identity has for this request. Only non-transient traits of a non-transient identity
   * are remembered.
   */
  apply(
    identifier: string,
    traits: readonly IncomingTrait[],
    transientIdentity: boolean,
    document: EnvironmentDocument,
  ): ApiTrait[] {
    const stored = this.#stored(identifier, document);
    const effective = new Map(stored);
    const next = new Map(stored);
    for (const trait of traits) {
      for (const target of trait.transient === true ? [effective] : [effective, next]) {
        if (trait.trait_value === null) target.delete(trait.trait_key);
        else target.set(trait.trait_key, trait.trait_value);
      }
    }
    if (!transientIdentity) this.#traits.set(identifier, next);
    return toTraits(effective);
  }

  clear(): void {
    this.#traits.clear();
  }
}

function toTraits(traits: ReadonlyMap<string, TraitValue>): ApiTrait[] {
  return [...traits].map(([trait_key, trait_value]) => ({ trait_key, trait_value }));
}
