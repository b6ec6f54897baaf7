import { describe, expect, it } from 'vitest';
import { compileJsonPath } from '../../src/internal/jsonpath';

const data = {
  environment: { key: 'env', name: 'Production' },
  identity: {
    identifier: 'user',
    key: 'env_user',
    traits: { 'a b': 1, "it's": 2, é: 3, list: [10, 20, 30] },
  },
  store: {
    books: [
      { title: 'A', price: 8 },
      { title: 'B', price: 12 },
    ],
  },
};

const query = (path: string) => {
  const compiled = compileJsonPath(path);
  return compiled === null ? 'invalid' : compiled(data);
};

describe('compileJsonPath', () => {
  it('selects members by shorthand and by quoted name', () => {
    expect(query('$.environment.name')).toBe('Production');
    expect(query("$['identity']['traits']['a b']")).toBe(1);
    expect(query('$["identity"].traits["it\'s"]')).toBe(2);
    expect(query("$.identity.traits['it\\'s']")).toBe(2);
    expect(query('$.identity.traits.é')).toBe(3);
    expect(query('$.identity.traits["\\u00e9"]')).toBe(3);
  });

  it('selects indexes, slices and wildcards, taking the first node', () => {
    expect(query('$.identity.traits.list[1]')).toBe(20);
    expect(query('$.identity.traits.list[-1]')).toBe(30);
    expect(query('$.identity.traits.list[1:]')).toBe(20);
    expect(query('$.identity.traits.list[::-1]')).toBe(30);
    expect(query('$.store.books[*].title')).toBe('A');
    expect(query('$.store.books[0, 1].price')).toBe(8);
    expect(query('$..price')).toBe(8);
    expect(query('$.store.*[1].title')).toBe('B');
  });

  it('selects nothing where nothing is', () => {
    expect(query('$.leads.to.nowhere')).toBeUndefined();
    expect(query('$.identity.traits.list[5]')).toBeUndefined();
    expect(query('$.identity.constructor')).toBeUndefined();
    expect(query('$.environment.name.length')).toBeUndefined();
  });

  it('refuses text that is not an RFC 9535 query', () => {
    for (const path of [
      '$.  i am not" a valid jsonpath',
      '$.',
      '$.1abc',
      'identity',
      '$[',
      "$['a",
      '$.a[-0]',
      '$.a[01]',
    ]) {
      expect(query(path), path).toBe('invalid');
    }
  });

  it('does not evaluate filter selectors', () => {
    expect(query('$.store.books[?@.price > 10].title')).toBe('invalid');
  });
});
