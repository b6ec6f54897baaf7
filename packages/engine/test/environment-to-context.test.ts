import { describe, expect, it } from 'vitest';
import type { EnvironmentDocument, FeatureStateDocument } from '../src/index';
import { environmentToContext, evaluateFeature, getEvaluationResult } from '../src/index';

const banner = { id: 1, name: 'banner', type: 'MULTIVARIATE' };
const checkout = { id: 2, name: 'checkout', type: 'STANDARD' };

const state = (
  overrides: Partial<FeatureStateDocument> & Pick<FeatureStateDocument, 'feature'>,
): FeatureStateDocument => ({
  enabled: true,
  feature_state_value: null,
  django_id: null,
  featurestate_uuid: '11111111-2222-4333-8444-555555555555',
  multivariate_feature_state_values: [],
  feature_segment: null,
  ...overrides,
});

const document: EnvironmentDocument = {
  api_key: 'env_key',
  name: 'Production',
  project: {
    segments: [
      {
        id: 7,
        name: 'beta users',
        rules: [
          {
            type: 'ALL',
            rules: [
              {
                type: 'ANY',
                rules: [],
                conditions: [{ operator: 'EQUAL', property_: 'beta', value: 'true' }],
              },
            ],
            conditions: [{ operator: 'PERCENTAGE_SPLIT', property_: null, value: '100' }],
          },
        ],
        feature_states: [
          state({
            feature: checkout,
            django_id: 99,
            enabled: true,
            feature_state_value: 'segment',
            feature_segment: { priority: 3 },
          }),
        ],
      },
    ],
  },
  feature_states: [
    state({
      feature: banner,
      django_id: 10,
      feature_state_value: 'control',
      multivariate_feature_state_values: [
        {
          id: 20,
          percentage_allocation: 30,
          multivariate_feature_option: { id: 1, value: 'blue', key: 'blue_variant' },
        },
        {
          id: null,
          mv_fs_value_uuid: '00000000-0000-4000-8000-000000000001',
          percentage_allocation: 20,
          multivariate_feature_option: { id: 2, value: 'green', key: null },
        },
      ],
    }),
    state({ feature: checkout, enabled: false, feature_state_value: 'old' }),
  ],
  identity_overrides: [
    {
      identifier: 'alice',
      identity_features: [
        state({ feature: checkout, enabled: true, feature_state_value: 'just for us' }),
      ],
    },
    {
      identifier: 'bob',
      identity_features: [
        state({ feature: checkout, enabled: true, feature_state_value: 'just for us' }),
      ],
    },
    {
      identifier: 'carol',
      identity_features: [state({ feature: checkout, enabled: false, feature_state_value: 'off' })],
    },
    { identifier: 'dave', identity_features: [] },
  ],
};

describe('environmentToContext', () => {
  it('maps features by name, keyed by django_id or else the feature state uuid', () => {
    const context = environmentToContext(document);
    expect(context.environment).toEqual({ key: 'env_key', name: 'Production' });
    expect(context.features?.banner).toEqual({
      key: '10',
      name: 'banner',
      enabled: true,
      value: 'control',
      metadata: { id: 1 },
      variants: [
        { value: 'blue', weight: 30, priority: 20, key: 'blue_variant' },
        {
          value: 'green',
          weight: 20,
          priority: Number(BigInt('0x00000000000040008000000000000001')),
        },
      ],
    });
    expect(context.features?.checkout).toEqual({
      key: '11111111-2222-4333-8444-555555555555',
      name: 'checkout',
      enabled: false,
      value: 'old',
      metadata: { id: 2 },
    });
  });

  it('maps segments by id, with rules, overrides and their priority', () => {
    expect(environmentToContext(document).segments?.['7']).toEqual({
      key: '7',
      name: 'beta users',
      rules: [
        {
          type: 'ALL',
          conditions: [{ property: '', operator: 'PERCENTAGE_SPLIT', value: '100' }],
          rules: [
            {
              type: 'ANY',
              conditions: [{ property: 'beta', operator: 'EQUAL', value: 'true' }],
              rules: [],
            },
          ],
        },
      ],
      overrides: [
        {
          key: '99',
          name: 'checkout',
          enabled: true,
          value: 'segment',
          priority: 3,
          metadata: { id: 2 },
        },
      ],
      metadata: { id: 7, source: 'api' },
    });
  });

  it('turns identity overrides into segments shared by identities with the same overrides', () => {
    const segments = Object.values(environmentToContext(document).segments ?? {}).filter(
      (segment) => segment.name === 'identity_overrides',
    );
    expect(segments).toHaveLength(2);
    expect(segments[0]).toMatchObject({
      rules: [
        {
          type: 'ALL',
          conditions: [
            { property: '$.identity.identifier', operator: 'IN', value: ['alice', 'bob'] },
          ],
        },
      ],
      overrides: [
        {
          name: 'checkout',
          enabled: true,
          value: 'just for us',
          priority: Number.NEGATIVE_INFINITY,
          metadata: { id: 2 },
        },
      ],
      metadata: { source: 'identity_override' },
    });
  });

  it('gives the identity its key and traits', () => {
    const context = environmentToContext(document, { identifier: 'erin', traits: { beta: true } });
    expect(context.identity).toEqual({
      identifier: 'erin',
      key: 'env_key_erin',
      traits: { beta: true },
    });
    expect(environmentToContext(document, { identifier: 'erin' }).identity?.traits).toEqual({});
  });

  it('builds the identity-independent part once per document', () => {
    const first = environmentToContext(document, { identifier: 'a' });
    const second = environmentToContext(document, { identifier: 'b' });
    expect(second.features).toBe(first.features);
    expect(second.segments).toBe(first.segments);
    expect(environmentToContext(document)).toBe(environmentToContext(document));
    expect(Object.isFrozen(first.segments)).toBe(true);
  });

  it('evaluates overrides in Flagsmith’s order: identity, then segment, then environment', () => {
    const flag = (identifier: string, beta: boolean) =>
      evaluateFeature(environmentToContext(document, { identifier, traits: { beta } }), 'checkout');
    expect(flag('alice', true)).toMatchObject({
      value: 'just for us',
      reason: 'TARGETING_MATCH; segment=identity_overrides',
    });
    expect(flag('carol', false)).toMatchObject({ enabled: false, value: 'off' });
    expect(flag('erin', true)).toMatchObject({
      enabled: true,
      value: 'segment',
      reason: 'TARGETING_MATCH; segment=beta users',
    });
    expect(flag('erin', false)).toMatchObject({ enabled: false, value: 'old', reason: 'DEFAULT' });
    expect(
      getEvaluationResult(
        environmentToContext(document, { identifier: 'erin', traits: { beta: true } }),
      ).segments,
    ).toEqual([{ name: 'beta users', metadata: { id: 7, source: 'api' } }]);
  });

  it('reports the variant key of a keyed variant', () => {
    const variants = new Set<string | null>();
    for (let i = 0; i < 200; i++) {
      variants.add(
        evaluateFeature(environmentToContext(document, { identifier: `user_${i}` }), 'banner')
          ?.variant ?? null,
      );
    }
    expect(variants).toEqual(new Set(['blue_variant', null, 'control']));
  });

  it('refuses documents and identities not shaped as Flagsmith serves them', () => {
    expect(() => environmentToContext(null as never)).toThrow(TypeError);
    expect(() => environmentToContext({ ...document, api_key: undefined } as never)).toThrow(
      /api_key/,
    );
    expect(() => environmentToContext({ ...document, feature_states: {} } as never)).toThrow(
      /feature_states/,
    );
    expect(() => environmentToContext({ ...document, project: {} } as never)).toThrow(
      /project\.segments/,
    );
    expect(() =>
      environmentToContext({ ...document, feature_states: [{ enabled: true }] } as never),
    ).toThrow(/feature_states\[0\]/);
    expect(() => environmentToContext(document, { identifier: '' })).toThrow(/identifier/);
    expect(() => environmentToContext(document, { identifier: 'x', traits: [] as never })).toThrow(
      /traits/,
    );
  });
});
