import { hasMethods } from '@flagsmith-openfeature/provider-common';
import { describe, expect, it } from 'vitest';

interface Storage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

describe('hasMethods', () => {
  it('is true for an object with a function under each name, inherited ones included', () => {
    class Memory {
      getItem() {
        return null;
      }
      setItem() {}
    }
    expect(hasMethods<Storage>(new Memory(), ['getItem', 'setItem'])).toBe(true);
    expect(hasMethods<Storage>({ getItem() {}, setItem() {} }, ['getItem', 'setItem'])).toBe(true);
  });

  it('is false for anything else', () => {
    for (const value of [undefined, null, 'getItem', [], { getItem() {} }, { getItem: 1 }]) {
      expect(hasMethods<Storage>(value, ['getItem', 'setItem'])).toBe(false);
    }
  });
});
