import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type {
  ConditionOperator,
  EvaluationContext,
  FeatureContext,
  SegmentContext,
  SegmentRule,
  TraitValue,
} from '../src/index';
import { evaluateFeature, getEvaluationResult } from '../src/index';

const environment = { key: 'env', name: 'Production' };
const feature: FeatureContext = {
  key: '1',
  name: 'banner',
  enabled: false,
  value: 'default',
  metadata: { id: 1 },
};
const override: FeatureContext = {
  key: '2',
  name: 'banner',
  enabled: true,
  value: 'segment',
  metadata: { id: 1 },
};

function segment(
  rules: readonly SegmentRule[],
  extra: Partial<SegmentContext> = {},
): SegmentContext {
  return { key: '10', name: 'target', rules, overrides: [override], ...extra };
}

function contextWith(
  segments: Record<string, SegmentContext>,
  traits: Record<string, TraitValue> = {},
  identifier = 'user',
): EvaluationContext {
  return {
    environment,
    identity: { identifier, key: `env_${identifier}`, traits },
    features: { banner: feature },
    segments,
  };
}

/** Whether an identity with `traits` belongs to a one-condition segment. */
function matches(
  operator: ConditionOperator,
  property: string,
  value: string | readonly string[] | null,
  traits: Record<string, TraitValue> = {},
  identifier = 'user',
): boolean {
  const context = contextWith(
    { '10': segment([{ type: 'ALL', conditions: [{ operator, property, value }] }]) },
    traits,
    identifier,
  );
  const inSegment = getEvaluationResult(context).segments.length === 1;
  expect(evaluateFeature(context, 'banner')?.value).toBe(inSegment ? 'segment' : 'default');
  return inSegment;
}

describe('conditions', () => {
  it('anchors REGEX at the start only, as Python re.match does', () => {
    expect(matches('REGEX', 'plan', 'o+', { plan: 'foo' })).toBe(false);
    expect(matches('REGEX', 'plan', 'f', { plan: 'foo' })).toBe(true);
    expect(matches('REGEX', 'plan', 'fo$', { plan: 'foo' })).toBe(false);
  });

  it('applies REGEX to Python str() of the value', () => {
    expect(matches('REGEX', 'beta', '^True$', { beta: true })).toBe(true);
    expect(matches('REGEX', 'beta', '^true', { beta: true })).toBe(false);
    expect(matches('REGEX', 'n', '^1e-05$', { n: 0.00001 })).toBe(true);
  });

  it('makes an invalid regex a non-matching condition', () => {
    expect(matches('REGEX', 'plan', '(unclosed', { plan: '(unclosed' })).toBe(false);
    expect(matches('NOT_CONTAINS', 'plan', 'zzz', { plan: 'abc' })).toBe(true);
  });

  it('reads numeric-looking string traits as numbers, as Flagsmith’s Python engine does', () => {
    expect(matches('GREATER_THAN', 'count', '99', { count: '123' })).toBe(true);
    expect(matches('EQUAL', 'code', '7', { code: '007' })).toBe(true);
    expect(matches('EQUAL', 'ratio', '1.5', { ratio: '1.50' })).toBe(true);
    expect(matches('CONTAINS', 'code', '2', { code: '123' })).toBe(false);
    expect(matches('NOT_CONTAINS', 'code', '9', { code: '123' })).toBe(false);
    expect(matches('IN', 'code', '007', { code: '007' })).toBe(false);
    expect(matches('IN', 'code', '7,8', { code: '007' })).toBe(true);
    expect(matches('IN', 'ratio', '1.5', { ratio: '1.5' })).toBe(false);
    expect(matches('REGEX', 'ratio', '^1\\.50', { ratio: '1.50' })).toBe(false);
    expect(matches('LESS_THAN', 'count', '2.5', { count: '2' })).toBe(false);
  });

  it('compares a JSON number with integer and decimal values alike', () => {
    expect(matches('LESS_THAN', 'price', '2.1', { price: 2 })).toBe(true);
    expect(matches('EQUAL', 'price', '2', { price: 2 })).toBe(true);
    expect(matches('EQUAL', 'big', '9007199254740993', { big: 9007199254740992 })).toBe(false);
    expect(matches('EQUAL', 'age', 'not_an_int', { age: 1 })).toBe(false);
    expect(matches('NOT_EQUAL', 'age', 'not_an_int', { age: 1 })).toBe(false);
  });

  it('casts the value to a boolean for boolean traits', () => {
    expect(matches('EQUAL', 'beta', 'true', { beta: true })).toBe(true);
    expect(matches('EQUAL', 'beta', '1', { beta: true })).toBe(true);
    expect(matches('EQUAL', 'beta', '0', { beta: false })).toBe(false);
    expect(matches('GREATER_THAN', 'beta', 'false', { beta: true })).toBe(true);
    expect(matches('CONTAINS', 'beta', 'true', { beta: true })).toBe(false);
  });

  it('matches IN against a list, a JSON list or comma-separated text', () => {
    expect(matches('IN', 'plan', ['pro', 'team'], { plan: 'team' })).toBe(true);
    expect(matches('IN', 'plan', '["pro","team"]', { plan: 'team' })).toBe(true);
    expect(matches('IN', 'plan', 'pro,team', { plan: 'team' })).toBe(true);
    expect(matches('IN', 'plan', 'pro, team', { plan: 'team' })).toBe(false);
    expect(matches('IN', 'level', '[1, 2]', { level: 2 })).toBe(true);
    expect(matches('IN', 'level', '[1.0, 2.0]', { level: 2 })).toBe(false);
    expect(matches('IN', 'score', '1.5', { score: 1.5 })).toBe(false);
    expect(matches('IN', 'beta', 'True,true,1', { beta: true })).toBe(false);
    expect(matches('IN', 'plan', null, { plan: 'None' })).toBe(false);
  });

  it('splits by percentage on the identity key, or on a property’s value when one is named', () => {
    // The identity key "test_env_foobar" hashes to 51.99% with segment key "12345".
    const split = (value: string, traits: Record<string, TraitValue> = {}, property = '') => {
      const context: EvaluationContext = {
        environment: { key: 'test_env', name: 'Test' },
        identity: { identifier: 'foobar', traits },
        segments: {
          s: {
            key: '12345',
            name: 's',
            rules: [
              { type: 'ALL', conditions: [{ operator: 'PERCENTAGE_SPLIT', property, value }] },
            ],
          },
        },
      };
      return getEvaluationResult(context).segments.length === 1;
    };
    expect(split('52')).toBe(true);
    expect(split('51.9')).toBe(false);
    expect(split('55', {}, '$.identity.key')).toBe(true);
    expect(split('100', {}, 'company')).toBe(false);
    expect(split('100', { company: 'acme' }, 'company')).toBe(true);
    expect(split('not a number')).toBe(false);
  });

  it('does not split a context without an identity', () => {
    const context: EvaluationContext = {
      environment,
      segments: {
        s: {
          key: '1',
          name: 's',
          rules: [
            {
              type: 'ALL',
              conditions: [{ operator: 'PERCENTAGE_SPLIT', property: '', value: '100' }],
            },
          ],
        },
      },
    };
    expect(getEvaluationResult(context).segments).toEqual([]);
  });

  it('computes MODULO as Python does, booleans included', () => {
    expect(matches('MODULO', 'n', '4|3', { n: -1 })).toBe(true);
    expect(matches('MODULO', 'n', '2|1', { n: true })).toBe(true);
    expect(matches('MODULO', 'n', '2|0', { n: '10' })).toBe(true);
    expect(matches('MODULO', 'n', '0|0', { n: 4 })).toBe(false);
    expect(matches('MODULO', 'n', '2|0|1', { n: 4 })).toBe(false);
    expect(matches('MODULO', 'n', 'a|b', { n: 4 })).toBe(false);
  });

  it('compares `:semver` values as semantic versions', () => {
    expect(matches('EQUAL', 'v', '1.0.0+build:semver', { v: '1.0.0' })).toBe(true);
    expect(matches('NOT_EQUAL', 'v', '1.0.0+build:semver', { v: '1.0.0' })).toBe(false);
    expect(matches('GREATER_THAN', 'v', '1.0.0-rc.2:semver', { v: '1.0.0-rc.10' })).toBe(true);
    expect(matches('GREATER_THAN', 'v', '0.1.0:semver', { v: 'v1.0.0' })).toBe(false);
    expect(matches('NOT_EQUAL', 'v', '1.0:semver', { v: '2.0.0' })).toBe(false);
    expect(matches('CONTAINS', 'v', '1.0.0:semver', { v: '1.0.0' })).toBe(false);
  });

  it('reads a trait named like a JSONPath before the path itself', () => {
    expect(
      matches('EQUAL', '$.identity.identifier', 'trait', { '$.identity.identifier': 'trait' }),
    ).toBe(true);
    expect(matches('EQUAL', '$.identity.identifier', 'user', {})).toBe(true);
    expect(matches('EQUAL', '$.identity.traits.plan', 'pro', { plan: 'pro' })).toBe(true);
    expect(matches('IS_SET', '$.identity', '', {})).toBe(false);
  });

  it('treats an empty property as unset', () => {
    expect(matches('IS_NOT_SET', '', '', { '': 'x' })).toBe(true);
    expect(matches('IS_SET', '', '', { '': 'x' })).toBe(false);
  });

  it('ignores inherited object properties as traits', () => {
    expect(matches('IS_SET', 'constructor', '', {})).toBe(false);
    expect(matches('IS_SET', '__proto__', '', {})).toBe(false);
  });
});

describe('rules', () => {
  const condition = (value: string) => ({ operator: 'EQUAL' as const, property: 'plan', value });
  const inSegment = (rules: readonly SegmentRule[]) =>
    getEvaluationResult(contextWith({ '10': segment(rules) }, { plan: 'pro' })).segments.length ===
    1;

  it('combines conditions and sub-rules by the rule type', () => {
    expect(inSegment([{ type: 'ANY', conditions: [condition('free'), condition('pro')] }])).toBe(
      true,
    );
    expect(inSegment([{ type: 'ALL', conditions: [condition('free'), condition('pro')] }])).toBe(
      false,
    );
    expect(inSegment([{ type: 'NONE', conditions: [condition('free')] }])).toBe(true);
    expect(
      inSegment([
        {
          type: 'ANY',
          rules: [
            { type: 'ALL', conditions: [condition('free')] },
            { type: 'ALL', conditions: [condition('pro')] },
          ],
        },
      ]),
    ).toBe(true);
    expect(
      inSegment([{ type: 'NONE', rules: [{ type: 'ALL', conditions: [condition('pro')] }] }]),
    ).toBe(false);
    expect(
      inSegment([
        {
          type: 'ANY',
          conditions: [condition('pro')],
          rules: [{ type: 'ALL', conditions: [condition('free')] }],
        },
      ]),
    ).toBe(false);
  });

  it('matches no one with a segment without rules', () => {
    expect(inSegment([])).toBe(false);
  });

  it('lets an empty rule match whatever its type', () => {
    expect(inSegment([{ type: 'ANY', conditions: [], rules: [] }])).toBe(true);
    expect(inSegment([{ type: 'WHATEVER' as 'ALL', conditions: [], rules: [] }])).toBe(true);
  });

  it('matches no one with a segment Flagsmith could not evaluate', () => {
    expect(inSegment([{ type: 'WHATEVER' as 'ALL', conditions: [condition('pro')] }])).toBe(false);
    expect(inSegment([{ type: 'NONE', conditions: [null as never] }])).toBe(false);
    expect(inSegment([{ type: 'ALL', conditions: 'plan' as never }])).toBe(false);
  });

  it('evaluates segments without an identity, as Flagsmith’s Python engine does', () => {
    const context: EvaluationContext = {
      environment,
      features: { banner: feature },
      segments: {
        '10': segment([
          {
            type: 'ALL',
            conditions: [
              { operator: 'EQUAL', property: '$.environment.name', value: 'Production' },
            ],
          },
        ]),
      },
    };
    expect(evaluateFeature(context, 'banner')).toEqual({
      name: 'banner',
      enabled: true,
      value: 'segment',
      reason: 'TARGETING_MATCH; segment=target',
      variant: null,
      metadata: { id: 1 },
    });
  });
});

describe('overrides', () => {
  const always: readonly SegmentRule[] = [
    { type: 'ALL', conditions: [{ operator: 'IS_NOT_SET', property: 'nothing' }] },
  ];
  const withPriority = (name: string, value: string, priority?: number): SegmentContext => ({
    key: name,
    name,
    rules: always,
    overrides: [{ ...override, value, ...(priority === undefined ? {} : { priority }) }],
  });

  it('lets the lowest priority win, ties going to the first segment', () => {
    const context = contextWith({
      a: withPriority('a', 'A', 2),
      b: withPriority('b', 'B', 1),
      c: withPriority('c', 'C', 1),
    });
    expect(getEvaluationResult(context).flags.banner?.value).toBe('B');
    expect(evaluateFeature(context, 'banner')?.reason).toBe('TARGETING_MATCH; segment=b');
  });

  it('ranks an override without priority below any with one', () => {
    const context = contextWith({ a: withPriority('a', 'A'), b: withPriority('b', 'B', 99) });
    expect(evaluateFeature(context, 'banner')?.value).toBe('B');
    expect(getEvaluationResult(context).flags.banner?.value).toBe('B');
  });

  it('applies identity-override segments to their identifiers exactly', () => {
    const identityOverride: SegmentContext = {
      key: '',
      name: 'identity_overrides',
      rules: [
        {
          type: 'ALL',
          conditions: [
            { operator: 'IN', property: '$.identity.identifier', value: ['007', 'a,b'] },
          ],
        },
      ],
      overrides: [{ ...override, value: 'mine', priority: Number.NEGATIVE_INFINITY }],
      metadata: { source: 'identity_override' },
    };
    for (const identifier of ['007', 'a,b']) {
      const context = contextWith(
        { io: identityOverride, a: withPriority('a', 'A', 0) },
        {},
        identifier,
      );
      expect(evaluateFeature(context, 'banner')?.value).toBe('mine');
      expect(getEvaluationResult(context).flags.banner?.value).toBe('mine');
    }
    const other = contextWith({ io: identityOverride, a: withPriority('a', 'A', 0) }, {}, '7');
    expect(evaluateFeature(other, 'banner')?.value).toBe('A');
  });
});

describe('multivariate', () => {
  // Identity key "test_env_foobar" with feature key "78986" hashes to 54.53%.
  const mv = (
    variants: NonNullable<FeatureContext['variants']>,
    identity: EvaluationContext['identity'] = { identifier: 'foobar' },
  ) =>
    getEvaluationResult({
      environment: { key: 'test_env', name: 'Test' },
      identity,
      features: {
        mv: { key: '78986', name: 'mv', enabled: true, value: 'control value', variants },
      },
    }).flags.mv;

  it('serves the variant whose bucket holds the identity, with its key', () => {
    expect(mv([{ value: 'a', weight: 54.54, priority: 1, key: 'variant_a' }])).toEqual({
      name: 'mv',
      enabled: true,
      value: 'a',
      reason: 'SPLIT; weight=54.54',
      variant: 'variant_a',
    });
  });

  it('orders buckets by priority', () => {
    const flag = mv([
      { value: 'second', weight: 50, priority: 2 },
      { value: 'first', weight: 50, priority: 1 },
    ]);
    expect(flag?.value).toBe('second');
    expect(flag?.variant).toBeNull();
  });

  it('reports the control group as variant `control` with the control value', () => {
    expect(mv([{ value: 'a', weight: 50, priority: 1 }])).toMatchObject({
      value: 'control value',
      reason: 'DEFAULT',
      variant: 'control',
    });
  });

  it('reports no variant without an identity', () => {
    expect(mv([{ value: 'a', weight: 100, priority: 1 }], null)).toMatchObject({
      value: 'control value',
      reason: 'DEFAULT',
      variant: null,
    });
  });

  it('splits a segment override’s own variants, and reports its control group', () => {
    const context = (weight: number): EvaluationContext => ({
      environment: { key: 'test_env', name: 'Test' },
      identity: { identifier: 'foobar' },
      features: { mv: { key: '1', name: 'mv', enabled: false, value: 'env' } },
      segments: {
        s: {
          key: 's',
          name: 'everyone',
          rules: [{ type: 'ALL', conditions: [{ operator: 'IS_NOT_SET', property: 'x' }] }],
          overrides: [
            {
              key: '78986',
              name: 'mv',
              enabled: true,
              value: 'override control',
              variants: [{ value: 'v', weight, priority: 1 }],
            },
          ],
        },
      },
    });
    expect(evaluateFeature(context(60), 'mv')).toMatchObject({
      value: 'v',
      reason: 'SPLIT; weight=60',
      variant: null,
    });
    expect(evaluateFeature(context(10), 'mv')).toMatchObject({
      value: 'override control',
      reason: 'TARGETING_MATCH; segment=everyone',
      variant: 'control',
    });
  });
});

describe('robustness', () => {
  it('returns no flag for a feature the context does not have', () => {
    expect(evaluateFeature(contextWith({}), 'missing')).toBeUndefined();
    expect(evaluateFeature(contextWith({}), 'toString')).toBeUndefined();
  });

  it('returns nothing for a context that is not one', () => {
    expect(getEvaluationResult(null as never)).toEqual({ flags: {}, segments: [] });
    expect(evaluateFeature(42 as never, 'banner')).toBeUndefined();
  });

  it('reports a feature named __proto__ like any other', () => {
    const context: EvaluationContext = {
      environment,
      features: JSON.parse(
        '{"__proto__": {"key": "1", "name": "__proto__", "enabled": true, "value": 1}}',
      ),
    };
    expect(Object.keys(getEvaluationResult(context).flags)).toEqual(['__proto__']);
    expect(evaluateFeature(context, '__proto__')?.value).toBe(1);
  });

  it('never throws, whatever the context holds', () => {
    const anyContext = fc.record({
      environment: fc.oneof(fc.constant(environment), fc.anything()),
      identity: fc.oneof(
        fc.record({ identifier: fc.anything(), key: fc.anything(), traits: fc.anything() }),
        fc.anything(),
      ),
      features: fc.oneof(fc.dictionary(fc.string(), fc.anything()), fc.anything()),
      segments: fc.oneof(
        fc.dictionary(
          fc.string(),
          fc.record({
            key: fc.anything(),
            name: fc.anything(),
            rules: fc.anything(),
            overrides: fc.anything(),
            metadata: fc.anything(),
          }),
        ),
        fc.anything(),
      ),
    });
    fc.assert(
      fc.property(anyContext, fc.string(), (context, name) => {
        getEvaluationResult(context as EvaluationContext);
        evaluateFeature(context as EvaluationContext, name);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws, whatever the conditions and traits hold', () => {
    const operators = [
      'EQUAL',
      'NOT_EQUAL',
      'GREATER_THAN',
      'GREATER_THAN_INCLUSIVE',
      'LESS_THAN',
      'LESS_THAN_INCLUSIVE',
      'CONTAINS',
      'NOT_CONTAINS',
      'REGEX',
      'PERCENTAGE_SPLIT',
      'MODULO',
      'IS_SET',
      'IS_NOT_SET',
      'IN',
      'BOGUS',
    ];
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom('1|0', '1.0.0:semver', '[1, "a"]', '(', '55', '1e3'),
      fc.anything(),
    );
    const condition = fc.record({
      operator: fc.constantFrom(...operators),
      property: fc.oneof(
        fc.constantFrom(
          'a',
          'b',
          '',
          '$.identity.identifier',
          '$..a',
          '$.identity.traits.a',
          '$[',
          '$.x[?@]',
        ),
        fc.anything(),
      ),
      value,
    });
    const type = fc.constantFrom('ALL', 'ANY', 'NONE', 'BOGUS');
    const conditions = fc.array(fc.oneof(condition, condition, fc.anything()), { maxLength: 3 });
    const rule = fc.record({
      type,
      conditions,
      rules: fc.array(fc.record({ type, conditions, rules: fc.constant([]) }), { maxLength: 2 }),
    });
    const context = fc.record({
      environment: fc.constant(environment),
      identity: fc.record({
        identifier: fc.string(),
        traits: fc.dictionary(fc.constantFrom('a', 'b'), fc.anything()),
      }),
      features: fc.constant({
        banner: { ...feature, variants: [{ value: 1, weight: 50, priority: 1 }] },
      }),
      segments: fc.dictionary(
        fc.string(),
        fc.record({
          key: fc.string(),
          name: fc.string(),
          rules: fc.array(rule, { maxLength: 2 }),
          overrides: fc.constant([override]),
        }),
      ),
    });
    fc.assert(
      fc.property(context, (generated) => {
        const result = getEvaluationResult(generated as EvaluationContext);
        expect(evaluateFeature(generated as EvaluationContext, 'banner')).toStrictEqual(
          result.flags.banner,
        );
      }),
      { numRuns: 2000 },
    );
  });
});
