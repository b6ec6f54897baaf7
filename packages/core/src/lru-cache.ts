/** Options for {@link LruCache}. */
export interface LruCacheOptions {
  /** The most entries kept; inserting past it evicts the least recently used. */
  maxEntries: number;
  /** How long an entry lives after it was set, in milliseconds. `Infinity` keeps entries until evicted. */
  ttlMs: number;
  /**
   * The clock, in milliseconds.
   * @default Date.now
   */
  now?: () => number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * A bounded map that forgets: least recently used entries are evicted past `maxEntries`, and
 * entries older than `ttlMs` read as absent. Backed by a `Map`, whose insertion order doubles as
 * the recency order, so every operation is O(1).
 */
export class LruCache<K, V> {
  // Set by the constructor once checked: declared only, so no empty field is defined first.
  declare readonly maxEntries: number;
  declare readonly ttlMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<K, Entry<V>>();
  /** Where the last eviction stopped (see `set`). */
  #evictionCursor: Iterator<K> = this.#entries.keys();

  constructor({ maxEntries, ttlMs, now = Date.now }: LruCacheOptions) {
    // Callers resolve these options first; this only guards against a cache that cannot work.
    if (!(Number.isInteger(maxEntries) && maxEntries > 0 && ttlMs > 0)) {
      throw new TypeError(
        `LruCache: maxEntries (${maxEntries}) must be a whole number above 0, ttlMs (${ttlMs}) above 0`,
      );
    }
    this.maxEntries = maxEntries;
    this.ttlMs = ttlMs;
    this.#now = now;
  }

  /** The number of entries held, expired ones included until they are next touched. */
  get size(): number {
    return this.#entries.size;
  }

  /** The live value for `key`, marking it most recently used; `undefined` when absent or expired. */
  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    // Deleted either way: an expired entry is forgotten, a live one moves to the end.
    this.#entries.delete(key);
    if (entry.expiresAt > this.#now()) {
      this.#entries.set(key, entry);
      return entry.value;
    }
    return undefined;
  }

  /** Whether `key` has a live value. Does not change its recency. */
  has(key: K): boolean {
    const entry = this.#entries.get(key);
    return entry !== undefined && entry.expiresAt > this.#now();
  }

  /** Stores `value` as the most recently used entry, evicting the least recently used past the bound. */
  set(key: K, value: V): void {
    const entries = this.#entries;
    entries.delete(key);
    entries.set(key, { value, expiresAt: this.#now() + this.ttlMs });
    if (entries.size > this.maxEntries) {
      // Map iterators are live: they skip deleted entries and reach entries added after them. A
      // fresh `keys()` iterator would walk over every slot freed at the front of the table since
      // the last rehash, which makes eviction O(n) in a full cache; a cursor kept between
      // evictions resumes where the last one stopped, and everything before it is already gone
      // (evicted, or moved to the end by a `get` or `set`).
      let oldest = this.#evictionCursor.next();
      if (oldest.done) {
        this.#evictionCursor = entries.keys();
        oldest = this.#evictionCursor.next();
      }
      // Past the bound at least two keys are held, so a fresh cursor always yields one.
      entries.delete(oldest.value as K);
    }
  }

  /** Forgets `key`. Returns whether it was held. */
  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  /** Forgets everything. */
  clear(): void {
    // The cursor stays: a cleared map's live iterators go on to the entries added after.
    this.#entries.clear();
  }
}
