import { describe, expect, it } from 'vitest';
import { experimentEnvironment } from '../../src/index';
import { IdentityStore } from '../../src/internal/identity-store';

const document = structuredClone(experimentEnvironment);
const vip = document.identity_overrides?.[1];
if (vip !== undefined) vip.identity_traits = [{ trait_key: 'tier', trait_value: 'gold' }];

describe('IdentityStore', () => {
  it("starts an identity from its identity_traits in the document's overrides", () => {
    const store = new IdentityStore();
    expect(store.traitsOf('vip_customer_7', document)).toEqual([
      { trait_key: 'tier', trait_value: 'gold' },
    ]);
    expect(store.traitsOf('nobody', document)).toEqual([]);
  });

  it('sets, updates and deletes traits, and forgets everything on clear', () => {
    const store = new IdentityStore();
    store.apply(
      'u',
      [
        { trait_key: 'a', trait_value: 1 },
        { trait_key: 'b', trait_value: 'x' },
      ],
      false,
      document,
    );
    const result = store.apply(
      'u',
      [
        { trait_key: 'a', trait_value: 2 },
        { trait_key: 'b', trait_value: null },
      ],
      false,
      document,
    );
    expect(result).toEqual([{ trait_key: 'a', trait_value: 2 }]);
    expect(store.traitsOf('u', document)).toEqual([{ trait_key: 'a', trait_value: 2 }]);
    store.clear();
    expect(store.traitsOf('u', document)).toEqual([]);
  });
});
