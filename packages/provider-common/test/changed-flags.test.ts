import type { Flag } from '@flagsmith-openfeature/core';
import { changedFlags, toOpenFeatureError } from '@flagsmith-openfeature/provider-common';
import { describe, expect, it } from 'vitest';

const flag = (name: string, overrides: Partial<Flag> = {}): [string, Flag] => [
  name,
  { featureId: 1, featureName: name, enabled: true, value: 'v', ...overrides },
];

describe('changedFlags', () => {
  it('names added, removed and changed flags, and every flag when there was none', () => {
    const before = new Map([flag('same'), flag('value'), flag('gone'), flag('variant')]);
    const after = new Map([
      flag('same'),
      flag('value', { value: 'w' }),
      flag('variant', { variant: 'b' }),
      flag('new'),
    ]);
    expect(changedFlags(before, after).sort()).toEqual(['gone', 'new', 'value', 'variant']);
    expect(changedFlags(undefined, after)).toEqual(['same', 'value', 'variant', 'new']);
    expect(changedFlags(after, after)).toEqual([]);
  });
});

describe('toOpenFeatureError', () => {
  it('says what failed and keeps the cause', () => {
    const cause = new Error('socket hang up');
    const error = toOpenFeatureError(cause, 'loading flags');
    expect(error.message).toBe('Flagsmith: loading flags failed: socket hang up');
    expect(error.code).toBe('GENERAL');
    expect(error.cause).toBe(cause);
  });
});
