import type { Flag, Flags, Logger } from '@flagsmith-openfeature/core';
import { isRecord } from '@flagsmith-openfeature/core';
import type { DefaultFlag } from '@flagsmith-openfeature/provider-common';

/** The part of the Web Storage API the flags cache uses; `localStorage` fits. */
export interface FlagsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** One identity's cached flags; `identifier` is null for the environment's own flags. */
interface CacheEntry {
  identifier: string | null;
  flags: Flag[];
}

/** What is stored under one environment's key. */
interface CacheRecord {
  version: 1;
  /** The most recently loaded first. */
  entries: CacheEntry[];
}

/** How many identities' flags one environment keeps: enough for "anonymous, then signed in". */
const MAX_ENTRIES = 5;

/**
 * Flags kept in Web Storage between page loads, keyed by environment (one storage key each) and
 * identity (an entry in it, at most {@link MAX_ENTRIES}, least recently loaded dropped first).
 * Storage that throws (full, blocked) or holds something unreadable never fails the provider: a
 * read is then a miss, and a failed write is logged once.
 */
export class FlagsCache {
  readonly #storage: FlagsStorage;
  readonly #key: string;
  /** Told of the first failed write only, then dropped. */
  #logger: Logger | undefined;

  constructor(storage: FlagsStorage, environmentKey: string, logger: Logger) {
    this.#storage = storage;
    this.#key = `flagsmith-openfeature:flags:${environmentKey}`;
    this.#logger = logger;
  }

  /** The flags cached for an identity (`undefined`: the environment's), if any. */
  read(identifier: string | undefined): Flags | undefined {
    const entry = this.#load().find((candidate) => candidate.identifier === (identifier ?? null));
    return entry && new Map(entry.flags.map((flag) => [flag.featureName, flag]));
  }

  /** Stores an identity's flags as the most recently loaded. */
  write(identifier: string | undefined, flags: Flags): void {
    const id = identifier ?? null;
    const entries = [
      { identifier: id, flags: [...flags.values()] },
      ...this.#load().filter((entry) => entry.identifier !== id),
    ].slice(0, MAX_ENTRIES);
    try {
      this.#storage.setItem(
        this.#key,
        JSON.stringify({ version: 1, entries } satisfies CacheRecord),
      );
    } catch (error) {
      this.#logger?.warn('Flagsmith: caching flags failed:', error);
      this.#logger = undefined;
    }
  }

  /** The stored entries; anything unreadable reads as none. */
  #load(): CacheEntry[] {
    try {
      const record: unknown = JSON.parse(this.#storage.getItem(this.#key) ?? 'null');
      if (isRecord(record) && record.version === 1 && Array.isArray(record.entries)) {
        return record.entries.filter(isEntry);
      }
    } catch {
      // Inaccessible storage or text that is not JSON: a cache miss.
    }
    return [];
  }
}

/**
 * Whether `value` has a flag's `enabled` and `value`: what a default flag is, and what a cached
 * flag has too.
 */
export function isDefaultFlag(value: unknown): value is DefaultFlag & Record<string, unknown> {
  return (
    isRecord(value) &&
    typeof value.enabled === 'boolean' &&
    (value.value === null || ['string', 'number', 'boolean'].includes(typeof value.value))
  );
}

/** An entry's `identifier` is only ever compared with the one looked up, so any value is safe. */
function isEntry(value: unknown): value is CacheEntry {
  return isRecord(value) && Array.isArray(value.flags) && value.flags.every(isFlag);
}

/** The fields resolution reads; `experiment` is only ever destructured, so any value is safe. */
function isFlag(value: unknown): value is Flag {
  return (
    isDefaultFlag(value) &&
    typeof value.featureId === 'number' &&
    typeof value.featureName === 'string' &&
    [value.variant, value.reason].every((text) => text === undefined || typeof text === 'string')
  );
}
