import type {
  Flags,
  FlagsmithClient,
  IdentityFlagsCacheOptions,
  Logger,
} from '@flagsmith-openfeature/core';
import { IdentityFlagsCache } from '@flagsmith-openfeature/core';
import type { FlagsmithIdentity } from '@flagsmith-openfeature/provider-common';
import { changedFlags, describeError } from '@flagsmith-openfeature/provider-common';
import type { FlagLookup, FlagSource } from './flag-source';
import { FlagsUnavailable } from './flag-source';

/**
 * Remote evaluation: the environment flags are kept in memory (loaded, then refreshed by the
 * provider), and an identity's flags are asked of Flagsmith through a cache that reuses results
 * for a while and shares concurrent identical lookups.
 */
export class RemoteFlagSource implements FlagSource {
  readonly refreshes = true;
  readonly #client: FlagsmithClient;
  readonly #identities: IdentityFlagsCache;
  #environmentFlags: Flags | undefined;
  #lastError = 'they have not been fetched yet';

  constructor(client: FlagsmithClient, cacheOptions: IdentityFlagsCacheOptions, logger: Logger) {
    this.#client = client;
    // Logged here, once per failed request, rather than once per evaluation waiting on it.
    this.#identities = new IdentityFlagsCache(
      (identifier, traits, options) =>
        client.getIdentityFlags(identifier, traits, options).catch((error: unknown) => {
          logger.error(
            `Flagsmith: the flags of identity "${identifier}" could not be fetched; serving defaults:`,
            error,
          );
          throw error;
        }),
      cacheOptions,
    );
  }

  async load(): Promise<readonly string[]> {
    let flags: Flags;
    try {
      flags = await this.#client.getEnvironmentFlags();
    } catch (error) {
      this.#lastError = describeError(error);
      throw error;
    }
    const before = this.#environmentFlags;
    const changed = changedFlags(before, flags);
    this.#environmentFlags = flags;
    // Identity flags derive from the environment's: once it changes, cached ones are stale.
    if (before !== undefined && changed.length > 0) this.#identities.clear();
    return changed;
  }

  lookup(flagKey: string, identity: FlagsmithIdentity): FlagLookup | Promise<FlagLookup> {
    if (identity.identifier === undefined) {
      const flags = this.#environmentFlags;
      if (flags === undefined) {
        return new FlagsUnavailable(
          `Flagsmith environment flags are not available: ${this.#lastError}`,
        );
      }
      return flags.get(flagKey);
    }
    const { identifier, traits } = identity;
    // A live cached result is answered synchronously: no promise, no turn of the event loop.
    const cached = this.#identities.peek(identifier, traits);
    if (cached !== undefined) return cached.get(flagKey);
    return this.#identities.get(identifier, traits).then(
      (flags) => flags.get(flagKey),
      (error: unknown) =>
        new FlagsUnavailable(
          `Flagsmith flags of identity "${identifier}" are not available: ${describeError(error)}`,
        ),
    );
  }

  close(): void {
    this.#identities.clear();
  }
}
