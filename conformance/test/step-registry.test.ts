import { describe, expect, it } from 'vitest';
import { QUOTED, StepRegistry } from '../src/step-registry';

describe('StepRegistry', () => {
  it('runs the definition whose pattern matches the whole step, with unescaped captures', async () => {
    const seen: string[][] = [];
    const registry = new StepRegistry<string[][]>()
      .define(new RegExp(`the value should be ${QUOTED}`), (world, { args }) => {
        world.push([...args]);
      })
      .define(/the value should be empty/, () => {});
    await registry.run(seen, 'the value should be "{\\"a\\": 1}"', undefined);
    expect(seen).toEqual([['{"a": 1}']]);
  });

  it('says when no definition matches, or more than one does', () => {
    const registry = new StepRegistry<object>()
      .define(/a (\w+) provider/, () => {})
      .define(/a stable provider/, () => {});
    expect(() => registry.find('a provider is here')).toThrow(/No step definition matches/);
    expect(() => registry.find('a stable provider')).toThrow(/ambiguous/);
    expect(registry.find('a fatal provider').args).toEqual(['fatal']);
  });
});
