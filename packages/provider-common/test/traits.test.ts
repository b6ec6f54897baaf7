import { contextIdentifier, contextToIdentity } from '@flagsmith-openfeature/provider-common';
import { describe, expect, it } from 'vitest';

describe('contextToIdentity', () => {
  it('uses targetingKey as the identifier and every other attribute as a trait', () => {
    expect(
      contextToIdentity({
        targetingKey: 'user_42',
        plan: 'pro',
        age: 31,
        beta: true,
        nickname: null,
      }),
    ).toEqual({
      identifier: 'user_42',
      traits: { plan: 'pro', age: 31, beta: true, nickname: null },
    });
  });

  it('merges a nested traits object, whose keys win', () => {
    expect(
      contextToIdentity({ targetingKey: 'u', plan: 'free', traits: { plan: 'pro', seats: 3 } })
        .traits,
    ).toEqual({
      plan: 'pro',
      seats: 3,
    });
  });

  it('turns a Date into its ISO string', () => {
    const signup = new Date('2026-01-02T03:04:05.000Z');
    expect(contextToIdentity({ signup }).traits).toEqual({ signup: '2026-01-02T03:04:05.000Z' });
  });

  it('leaves out values Flagsmith cannot store, and says why at debug level', () => {
    const messages: string[] = [];
    const identity = contextToIdentity(
      {
        targetingKey: 'u',
        tags: ['a'],
        address: { city: 'Paris' },
        score: Number.NaN,
        plan: 'pro',
      },
      { debug: (message) => messages.push(String(message)) },
    );
    expect(identity.traits).toEqual({ plan: 'pro' });
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/^Flagsmith: trait "tags" must be a string, .*, got .*; left out$/);
  });

  it('has no identifier without a non-empty targetingKey', () => {
    expect(contextToIdentity({ plan: 'pro' })).toEqual({ traits: { plan: 'pro' } });
    expect(contextToIdentity({ targetingKey: '' }).identifier).toBeUndefined();
  });
});

describe('contextIdentifier', () => {
  it('is the targetingKey when it is a non-empty string, as contextToIdentity reads it', () => {
    for (const context of [{ targetingKey: 'user_42', plan: 'pro' }, { targetingKey: '' }, {}]) {
      expect(contextIdentifier(context)).toBe(contextToIdentity(context).identifier);
    }
    expect(contextIdentifier({ targetingKey: 'user_42' })).toBe('user_42');
    expect(contextIdentifier({ targetingKey: '' })).toBeUndefined();
    expect(contextIdentifier({ targetingKey: 42 as unknown as string })).toBeUndefined();
  });
});
