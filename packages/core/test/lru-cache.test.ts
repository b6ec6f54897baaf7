import { LruCache } from '@flagsmith-openfeature/core';
import { describe, expect, it } from 'vitest';

function cacheWithClock(maxEntries: number, ttlMs: number) {
  const clock = { now: 1_000 };
  const cache = new LruCache<string, number>({ maxEntries, ttlMs, now: () => clock.now });
  return { cache, clock };
}

describe('LruCache', () => {
  it('returns what was set until the TTL passes', () => {
    const { cache, clock } = cacheWithClock(10, 100);
    cache.set('a', 1);
    clock.now += 99;
    expect(cache.get('a')).toBe(1);
    clock.now += 1;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry past maxEntries', () => {
    const { cache } = cacheWithClock(2, 1_000);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.has('b')).toBe(false);
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('restarts the TTL when a key is set again', () => {
    const { cache, clock } = cacheWithClock(2, 100);
    cache.set('a', 1);
    clock.now += 80;
    cache.set('a', 2);
    clock.now += 80;
    expect(cache.get('a')).toBe(2);
  });

  it('refuses a maxEntries that is not a whole number above 0, and a ttlMs of 0', () => {
    expect(() => new LruCache({ maxEntries: 0, ttlMs: 1 })).toThrow(TypeError);
    expect(() => new LruCache({ maxEntries: 1.5, ttlMs: 1 })).toThrow(
      'LruCache: maxEntries (1.5) must be a whole number above 0, ttlMs (1) above 0',
    );
    expect(() => new LruCache({ maxEntries: 1, ttlMs: 0 })).toThrow(/ttlMs \(0\)/);
  });

  it('evicts in least-recently-used order through long runs of gets, sets and deletes', () => {
    const cache = new LruCache<number, number>({ maxEntries: 50, ttlMs: 1_000_000 });
    const model: number[] = []; // least recently used first
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let step = 0; step < 20_000; step++) {
      const key = Math.floor(random() * 120);
      const action = random();
      const at = model.indexOf(key);
      if (action < 0.5) {
        cache.set(key, step);
        if (at >= 0) model.splice(at, 1);
        model.push(key);
        if (model.length > 50) model.shift();
      } else if (action < 0.9) {
        expect(cache.get(key) !== undefined).toBe(at >= 0);
        if (at >= 0) model.push(...model.splice(at, 1));
      } else {
        expect(cache.delete(key)).toBe(at >= 0);
        if (at >= 0) model.splice(at, 1);
      }
    }
    expect(cache.size).toBe(model.length);
    for (const key of model) expect(cache.has(key)).toBe(true);
  });
});
