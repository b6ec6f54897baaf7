import type { TraitValue } from '@flagsmith-openfeature/engine';
import { environmentToContext, getEvaluationResult } from '@flagsmith-openfeature/engine';
import { describe, expect, it } from 'vitest';
import { buildSpecEnvironment, toFlagsmithValue } from '../src/spec-environment';
import type { SpecFlag, SpecFlagSet } from '../src/spec-flag-set';
import { parseSpecFlagSet } from '../src/spec-flag-set';
import { readSpecFlagSet, specSuitesPresent } from '../src/spec-suites';
import { targetingSegment } from '../src/targeting-segment';

describe('targetingSegment', () => {
  it('turns each term of a conjunction into a trait condition', () => {
    expect(
      targetingSegment(
        "!customer && email == 'ballmer@macrosoft.com' && age > 10 ? 'internal' : ''",
      ),
    ).toEqual({
      name: "!customer && email == 'ballmer@macrosoft.com' && age > 10",
      variant: 'internal',
      conditions: [
        { operator: 'EQUAL', property_: 'customer', value: 'false' },
        { operator: 'EQUAL', property_: 'email', value: 'ballmer@macrosoft.com' },
        { operator: 'GREATER_THAN', property_: 'age', value: '10' },
      ],
    });
  });

  it('reads bare booleans, inequalities and number and boolean literals', () => {
    expect(
      targetingSegment("beta && plan != 'free' && age <= 65 && vip == true ? 'on' : ''").conditions,
    ).toEqual([
      { operator: 'EQUAL', property_: 'beta', value: 'true' },
      { operator: 'NOT_EQUAL', property_: 'plan', value: 'free' },
      { operator: 'LESS_THAN_INCLUSIVE', property_: 'age', value: '65' },
      { operator: 'EQUAL', property_: 'vip', value: 'true' },
    ]);
  });

  it('refuses what it cannot translate rather than guessing', () => {
    expect(() => targetingSegment("email == 'a' || age > 3 ? 'x' : ''")).toThrow(/Unsupported/);
    expect(() => targetingSegment("email == 'a' ? 'x' : 'y'")).toThrow(/Unsupported targeting/);
    expect(() => targetingSegment("email.endsWith('.com') ? 'x' : ''")).toThrow(/Unsupported term/);
  });
});

describe('toFlagsmithValue', () => {
  it('keeps what Flagsmith stores and writes the rest as text', () => {
    expect(toFlagsmithValue(true)).toBe(true);
    expect(toFlagsmithValue(10)).toBe(10);
    expect(toFlagsmithValue('')).toBe('');
    expect(toFlagsmithValue(0.5)).toBe('0.5');
    expect(toFlagsmithValue({ a: [1] })).toBe('{"a":[1]}');
    expect(toFlagsmithValue(null)).toBeNull();
  });
});

describe('parseSpecFlagSet', () => {
  it('refuses a flag whose default variant is not one of its variants', () => {
    expect(() =>
      parseSpecFlagSet({ f: { variants: { on: true }, defaultVariant: 'off' } }),
    ).toThrow(/defaultVariant "off"/);
  });

  it('refuses a flag without variants', () => {
    expect(() => parseSpecFlagSet({ f: { defaultVariant: 'on' } })).toThrow(/variants/);
  });
});

describe.skipIf(!specSuitesPresent())('the environment built from test-flags.json', () => {
  const flags: SpecFlagSet = specSuitesPresent() ? parseSpecFlagSet(readSpecFlagSet()) : new Map();
  const document = specSuitesPresent() ? buildSpecEnvironment(flags) : undefined;

  function flagOf(key: string): SpecFlag {
    const flag = flags.get(key);
    if (flag === undefined) throw new Error(`"${key}" is not in the flag set`);
    return flag;
  }

  function evaluate(traits: Record<string, TraitValue>) {
    if (document === undefined) throw new Error('no document');
    return getEvaluationResult(environmentToContext(document, { identifier: 'someone', traits }))
      .flags;
  }

  it('has one feature per flag: its default variant as the value, disabled when the flag is', () => {
    expect(document?.feature_states.map((state) => state.feature.name)).toEqual([...flags.keys()]);
    for (const state of document?.feature_states ?? []) {
      const flag = flagOf(state.feature.name);
      expect(state.enabled, state.feature.name).toBe(!flag.disabled);
      const value = flag.defaultVariant === null ? undefined : flag.variants[flag.defaultVariant];
      expect(state.feature_state_value, state.feature.name).toEqual(toFlagsmithValue(value));
    }
  });

  it('serves the environment values to an identity no targeting matches', () => {
    const served = evaluate({ email: 'jobs@orange.com' });
    for (const state of document?.feature_states ?? []) {
      const flag = served[state.feature.name];
      expect(flag?.reason, state.feature.name).toBe('DEFAULT');
      expect(flag?.value, state.feature.name).toEqual(state.feature_state_value);
    }
  });

  // The sample contexts of the flag set's README, and the edges of its two expressions.
  const cases: {
    name: string;
    traits: Record<string, TraitValue>;
    email: boolean;
    internal: boolean;
  }[] = [
    {
      name: 'ballmer, not a customer, 25',
      traits: { email: 'ballmer@macrosoft.com', customer: false, age: 25 },
      email: true,
      internal: true,
    },
    {
      name: 'ballmer, not a customer, 15',
      traits: { email: 'ballmer@macrosoft.com', customer: false, age: 15 },
      email: true,
      internal: true,
    },
    { name: 'jobs', traits: { email: 'jobs@orange.com' }, email: false, internal: false },
    {
      name: 'a customer of 30',
      traits: { email: 'test@example.com', customer: true, age: 30 },
      email: false,
      internal: false,
    },
    {
      name: 'ballmer, not a customer, 10',
      traits: { email: 'ballmer@macrosoft.com', customer: false, age: 10 },
      email: true,
      internal: false,
    },
    {
      name: 'ballmer, a customer',
      traits: { email: 'ballmer@macrosoft.com', customer: true, age: 65 },
      email: true,
      internal: false,
    },
    // CEL's `!customer` fails on a missing attribute, and the flag falls back to its default.
    {
      name: 'ballmer, customer unknown',
      traits: { email: 'ballmer@macrosoft.com', age: 65 },
      email: true,
      internal: false,
    },
  ];

  it.each(cases)('targets $name as the CEL expressions do', ({ traits, email, internal }) => {
    const served = evaluate(traits);
    for (const [key, flag] of flags) {
      if (flag.contextEvaluator === undefined) continue;
      const targeted = flag.contextEvaluator.includes('customer') ? internal : email;
      const { variant } = targetingSegment(flag.contextEvaluator);
      const expected = targeted ? variant : flag.defaultVariant;
      expect(served[key]?.reason.startsWith('TARGETING_MATCH'), key).toBe(targeted);
      expect(served[key]?.value, key).toEqual(
        toFlagsmithValue(expected === null ? undefined : flag.variants[expected]),
      );
    }
  });
});
