import type { Flags, Traits } from './flag';
import type { IdentityFlagsRequestOptions } from './flag-requests';
import type { FlagsmithClient } from './flagsmith-client';
import { isRecord } from './internal/shape';
import { identityCacheKey, normaliseIdentity } from './internal/traits';
import type { Logger } from './logger';
import { isLogger, noopLogger } from './logger';
import { LruCache } from './lru-cache';

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
  readonly now: () => number;
  readonly logger: Logger;
}

/** The defaults of {@link IdentityFlagsCacheOptions}. */
export const DEFAULT_IDENTITY_FLAGS_CACHE_OPTIONS = Object.freeze({
  ttlMs: 10_000,
  maxEntries: 10_000,
});

/**
 * Validates {@link IdentityFlagsCacheOptions} and fills in the defaults: a value of the wrong type
 * throws a `TypeError`; a number out of range is warned about and replaced by its default.
 */
export function resolveIdentityFlagsCacheOptions(
  options: IdentityFlagsCacheOptions = {},
): ResolvedIdentityFlagsCacheOptions {
  const caller = 'IdentityFlagsCache';
  if (!isRecord(options)) {
    throw new TypeError(
      `${caller}: options must be an object such as { ttlMs: 10000, maxEntries: 10000 }`,
    );
  }
  const logger = options.logger ?? noopLogger;
  if (!isLogger(logger)) {
    throw new TypeError(`${caller}: logger must have error, warn, info and debug methods`);
  }
  const now: unknown = options.now ?? Date.now;
  if (typeof now !== 'function') {
    throw new TypeError(`${caller}: now must be a function returning milliseconds, like Date.now`);
  }
  const defaults = DEFAULT_IDENTITY_FLAGS_CACHE_OPTIONS;
  const resolve = (
    name: string,
    value: unknown,
    fallback: number,
    valid: (n: number) => boolean,
    rule: string,
  ) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number') {
      throw new TypeError(`${caller}: ${name} must be a number (${rule}), got ${typeof value}`);
    }
    if (Number.isNaN(value) || !valid(value)) {
      logger.warn(
        `${caller}: ${name} must be ${rule}; got ${value}, using the default ${fallback}`,
      );
      return fallback;
    }
    return value;
  };
  return Object.freeze({
    ttlMs: resolve(
      'ttlMs',
      options.ttlMs,
      defaults.ttlMs,
      (n) => n >= 0,
      'a number of milliseconds, 0 or more',
    ),
    maxEntries: resolve(
      'maxEntries',
      options.maxEntries,
      defaults.maxEntries,
      (n) => Number.isInteger(n) && n >= 1,
      'a whole number, 1 or more',
    ),
    now: now as () => number,
    logger,
  });
}

/**
 * Identity flags with a bounded memory: results are reused for `ttlMs`, at most `maxEntries` are
 * kept (least recently used forgotten first), and concurrent identical lookups share one request
 * (single flight). A lookup is identical when the identifier, the traits (in any key order) and
 * `transient` are. Failures are never cached: every caller waiting on a failed request gets its
 * error, and the next lookup asks again.
 */
export class IdentityFlagsCache {
  /** The resolved, frozen options. */
  readonly options: ResolvedIdentityFlagsCacheOptions;
  readonly #load: IdentityFlagsLoader;
  readonly #results: LruCache<string, Flags> | undefined;
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
    } else if (isRecord(source) && typeof source.getIdentityFlags === 'function') {
      this.#load = (identifier, traits, requestOptions) =>
        source.getIdentityFlags(identifier, traits, requestOptions);
    } else {
      throw new TypeError(
        'IdentityFlagsCache: pass a FlagsmithClient or a function (identifier, traits, options) => Promise<Flags>',
      );
    }
    this.options = resolveIdentityFlagsCacheOptions(options);
    const { ttlMs, maxEntries, now } = this.options;
    this.#results = ttlMs > 0 ? new LruCache({ ttlMs, maxEntries, now }) : undefined;
  }

  /** The number of results held, expired ones included until they are next looked up. */
  get size(): number {
    return this.#results?.size ?? 0;
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
    const identity = normaliseIdentity('IdentityFlagsCache.get', identifier, traits);
    const transient = options.transient === true;
    const key = identityCacheKey(identity.identifier, identity.traits, transient);
    const cached = this.#results?.get(key);
    if (cached !== undefined) return cached;
    const pending = this.#inFlight.get(key);
    if (pending !== undefined) return pending;

    const generation = this.#generation;
    const request = this.#load(
      identity.identifier,
      Object.fromEntries(identity.traits),
      transient ? { transient: true } : {},
    ).then(
      (flags) => {
        if (generation === this.#generation) this.#results?.set(key, flags);
        this.#forget(key, request);
        return flags;
      },
      (error: unknown) => {
        this.#forget(key, request);
        throw error;
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

  #forget(key: string, request: Promise<Flags>): void {
    if (this.#inFlight.get(key) === request) this.#inFlight.delete(key);
  }
}
