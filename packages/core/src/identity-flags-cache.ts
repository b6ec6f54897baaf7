import type { Flags, Traits } from './flag';
import type { IdentityFlagsRequestOptions } from './flag-requests';
import type { FlagsmithClient } from './flagsmith-client';
import { hasMethods } from './internal/shape';
import { identityCacheKey, normaliseIdentityTraits } from './internal/traits';
import type { Logger } from './logger';
import { noopLogger } from './logger';
import { LruCache } from './lru-cache';
import { optionTypeError, resolveLoggerOption, resolveNumberOptions } from './option-helpers';

/** Fetches an identity's flags; what {@link IdentityFlagsCache} calls on a miss. */
export type IdentityFlagsLoader = (
  identifier: string,
  traits: Traits,
  options: IdentityFlagsRequestOptions,
) => Promise<Flags>;

/** Options for {@link IdentityFlagsCache}. Optional keys also accept `undefined`, meaning the default. */
export interface IdentityFlagsCacheOptions {
  /**
   * How long a lookup's flags are reused, in milliseconds. `0` keeps nothing, but concurrent
   * identical lookups still share one request.
   * @default 10_000
   */
  ttlMs?: number | undefined;
  /**
   * The most lookups kept; past it the least recently used is forgotten.
   * @default 10_000
   */
  maxEntries?: number | undefined;
  /**
   * When a lookup fails, serve the flags last fetched for the same lookup, however old, if they
   * are still held (at most `maxEntries` are), instead of failing: an identity keeps its flags
   * through a Flagsmith outage. `false` fails the lookup as soon as its result has expired.
   * Ignored with `ttlMs: 0`, which keeps nothing.
   * @default true
   */
  staleIfError?: boolean | undefined;
  /**
   * The clock, in milliseconds; inject one to test expiry without waiting.
   * @default Date.now
   */
  now?: (() => number) | undefined;
  /**
   * Receives warnings about out-of-range options.
   * @default a logger that discards everything
   */
  logger?: Logger | undefined;
}

/** {@link IdentityFlagsCacheOptions} validated and complete. */
export interface ResolvedIdentityFlagsCacheOptions {
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly staleIfError: boolean;
  readonly now: () => number;
  readonly logger: Logger;
}

/** The defaults of {@link IdentityFlagsCacheOptions}. */
export const DEFAULT_IDENTITY_FLAGS_CACHE_OPTIONS = Object.freeze({
  ttlMs: 10_000,
  maxEntries: 10_000,
  staleIfError: true,
});

/**
 * Validates {@link IdentityFlagsCacheOptions} and fills in the defaults: a value of the wrong type
 * throws a `TypeError`; a number out of range is warned about and replaced by its default.
 */
export function resolveIdentityFlagsCacheOptions(
  options: IdentityFlagsCacheOptions = {},
): ResolvedIdentityFlagsCacheOptions {
  const caller = 'IdentityFlagsCache';
  const logger = resolveLoggerOption(caller, options, noopLogger);
  const now: unknown = options.now ?? Date.now;
  if (typeof now !== 'function') {
    throw optionTypeError(caller, 'now', 'a function returning milliseconds, like Date.now', now);
  }
  const staleIfError = options.staleIfError ?? DEFAULT_IDENTITY_FLAGS_CACHE_OPTIONS.staleIfError;
  if (typeof staleIfError !== 'boolean') {
    throw optionTypeError(caller, 'staleIfError', 'a boolean', staleIfError);
  }
  const numbers = resolveNumberOptions(
    caller,
    logger,
    options,
    DEFAULT_IDENTITY_FLAGS_CACHE_OPTIONS,
    {
      ttlMs: 'delay',
      maxEntries: 'count',
    },
  );
  return Object.freeze({ ...numbers, staleIfError, now: now as () => number, logger });
}

/** A result held by the cache, with when it was fetched. */
interface HeldFlags {
  readonly flags: Flags;
  readonly fetchedAt: number;
}

/**
 * Identity flags with a bounded memory: results are reused for `ttlMs`, at most `maxEntries` are
 * kept (least recently used forgotten first), and concurrent identical lookups share one request
 * (single flight). A lookup is identical when the identifier, the traits (in any key order) and
 * `transient` are. Failures are never cached: every caller waiting on a failed request gets its
 * error (or, with `staleIfError`, the last flags fetched for that lookup), and the next lookup
 * asks again.
 */
export class IdentityFlagsCache {
  /** The resolved, frozen options. */
  readonly options: ResolvedIdentityFlagsCacheOptions;
  readonly #load: IdentityFlagsLoader;
  /** Held past `ttlMs` when `staleIfError` is on: freshness is checked on read. */
  readonly #results: LruCache<string, HeldFlags> | undefined;
  readonly #inFlight = new Map<string, Promise<Flags>>();
  /** Bumped by `clear()`, so a request started before it cannot refill the cache after it. */
  #generation = 0;

  /**
   * @param source the client to ask on a miss (its `getIdentityFlags`), or any loader function.
   */
  constructor(
    source: FlagsmithClient | IdentityFlagsLoader,
    options: IdentityFlagsCacheOptions = {},
  ) {
    if (typeof source === 'function') {
      this.#load = source;
    } else if (hasMethods<FlagsmithClient>(source, ['getIdentityFlags'])) {
      this.#load = (identifier, traits, requestOptions) =>
        source.getIdentityFlags(identifier, traits, requestOptions);
    } else {
      throw new TypeError(
        'IdentityFlagsCache: pass a FlagsmithClient or a function (identifier, traits, options) => Promise<Flags>',
      );
    }
    this.options = resolveIdentityFlagsCacheOptions(options);
    const { ttlMs, maxEntries, now, staleIfError } = this.options;
    this.#results =
      ttlMs > 0
        ? new LruCache({ ttlMs: staleIfError ? Number.POSITIVE_INFINITY : ttlMs, maxEntries, now })
        : undefined;
  }

  /** The number of results held, expired ones included until they are next looked up. */
  get size(): number {
    return this.#results?.size ?? 0;
  }

  /**
   * The identity's flags when a live result is held, synchronously; `undefined` otherwise (then
   * call {@link get}). Lets a caller answer from memory without waiting a turn of the event loop.
   */
  peek(
    identifier: string,
    traits: Traits = {},
    options: IdentityFlagsRequestOptions = {},
  ): Flags | undefined {
    if (typeof identifier !== 'string' || identifier === '') return undefined;
    // Not validated: input no lookup could have stored makes a key that finds nothing.
    return this.#fresh(identityCacheKey(identifier, traits, options.transient === true));
  }

  /**
   * The identity's flags: from the cache when a live result is held, else from the request
   * already in flight for the same lookup, else from a new request. Throws a `TypeError` for an
   * empty identifier or a trait value that is not a string, finite number, boolean or null.
   */
  async get(
    identifier: string,
    traits: Traits = {},
    options: IdentityFlagsRequestOptions = {},
  ): Promise<Flags> {
    const checked = normaliseIdentityTraits('IdentityFlagsCache.get', identifier, traits);
    const transient = options.transient === true;
    const key = identityCacheKey(identifier, traits, transient);
    const cached = this.#fresh(key);
    if (cached !== undefined) return cached;
    const pending = this.#inFlight.get(key);
    if (pending !== undefined) return pending;

    const generation = this.#generation;
    const request = this.#load(
      identifier,
      Object.fromEntries(checked.map((trait) => [trait.trait_key, trait.trait_value])),
      transient ? { transient: true } : {},
    ).then(
      (flags) => {
        if (generation === this.#generation) {
          this.#results?.set(key, { flags, fetchedAt: this.options.now() });
        }
        this.#forget(key, request);
        return flags;
      },
      (error: unknown) => {
        this.#forget(key, request);
        const stale = this.options.staleIfError ? this.#results?.get(key) : undefined;
        if (stale === undefined) throw error;
        this.options.logger.warn(
          `IdentityFlagsCache: serving the flags of "${identifier}" fetched ${Math.round((this.options.now() - stale.fetchedAt) / 1000)} s ago, since fetching them again failed:`,
          error,
        );
        return stale.flags;
      },
    );
    this.#inFlight.set(key, request);
    return request;
  }

  /** Forgets every result, and detaches requests in flight so that their results are not kept. */
  clear(): void {
    this.#generation++;
    this.#results?.clear();
    this.#inFlight.clear();
  }

  #fresh(key: string): Flags | undefined {
    const held = this.#results?.get(key);
    if (held === undefined) return undefined;
    return this.options.now() - held.fetchedAt < this.options.ttlMs ? held.flags : undefined;
  }

  #forget(key: string, request: Promise<Flags>): void {
    if (this.#inFlight.get(key) === request) this.#inFlight.delete(key);
  }
}
