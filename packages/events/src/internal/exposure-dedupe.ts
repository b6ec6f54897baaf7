import { LruCache } from '@flagsmith-openfeature/core';
import type { FlagsmithEvent } from '../flagsmith-event';

/**
 * The key exposures are deduplicated by: (feature, identifier, value). Lengths are prefixed so
 * no choice of strings can make two different triples collide.
 */
export function exposureKey(event: FlagsmithEvent): string {
  return exposureKeyOf(event.feature_name ?? '', event.identifier, String(event.value));
}

/** The dedupe key of an exposure from its parts; lengths prefix the parts so no two collide. */
export function exposureKeyOf(feature: string, identifier: string | null, value: string): string {
  const who = identifier === null ? '-' : `${identifier.length}:${identifier}`;
  return `${feature.length}:${feature}|${who}|${value}`;
}

/**
 * Remembers which exposures were recorded recently, in a bounded LRU whose entries expire after
 * `ttlMs`: one `$flag_exposure` per (feature, identifier, value) within the window, in bounded
 * memory however many identities pass through.
 */
export class ExposureDedupe {
  readonly #seen: LruCache<string, true>;

  constructor(maxKeys: number, ttlMs: number, now: () => number) {
    this.#seen = new LruCache<string, true>({ maxEntries: maxKeys, ttlMs, now });
  }

  /** Whether an exposure with this key was recorded within the window (refreshing its recency). */
  has(key: string): boolean {
    return this.#seen.get(key) === true;
  }

  /** Records a key once its exposure is accepted into the buffer. */
  record(key: string): void {
    this.#seen.set(key, true);
  }

  /** Forgets an exposure that was dropped before delivery, so the next one is recorded again. */
  forget(event: FlagsmithEvent): void {
    this.#seen.delete(exposureKey(event));
  }
}
