import type { Flag } from '@flagsmith-openfeature/core';
import type { FlagsmithIdentity } from '@flagsmith-openfeature/provider-common';

/** Why no flag can be had for an evaluation (nothing loaded yet, or a lookup failed). */
export class FlagsUnavailable {
  constructor(readonly why: string) {}
}

/**
 * What one evaluation finds: the flag, `undefined` when Flagsmith does not have it, or
 * {@link FlagsUnavailable} when the flags themselves cannot be had.
 */
export type FlagLookup = Flag | undefined | FlagsUnavailable;

/**
 * Where the provider's flags come from. The provider owns the lifecycle (first load, refresh
 * timer, provider events); a source only knows how to load its environment-level state and how
 * to find one flag for one identity.
 */
export interface FlagSource {
  /** Whether `load()` fetches anything worth repeating; `false` for an offline document. */
  readonly refreshes: boolean;
  /**
   * Loads (again) the environment-level state: the environment flags, or the environment
   * document. Resolves with the names of the flags whose state changed since the last
   * successful load (every flag on the first); rejects when Flagsmith cannot be reached, and the
   * previous state is kept.
   */
  load(): Promise<readonly string[]>;
  /**
   * Finds one flag for one evaluation. Synchronous when the answer is in memory; a promise when
   * Flagsmith has to be asked (identity flags in remote mode). Never rejects.
   */
  lookup(flagKey: string, identity: FlagsmithIdentity): FlagLookup | Promise<FlagLookup>;
  /** Forgets cached state; the source is not used again. */
  close(): void;
}
