import type {
  EnvironmentDocument,
  Feature,
  FeatureState,
  FeatureStateValue,
} from '@flagsmith-openfeature/testing';
import type { FlagValueType } from '@openfeature/server-sdk';

/** The OpenFeature value types, in the order the resolution table lists them. */
export const VALUE_TYPES = [
  'boolean',
  'string',
  'number',
  'object',
] as const satisfies readonly FlagValueType[];

/** What each kind of feature state stores for a flag of one value type. */
export interface StoredValues {
  environment: FeatureStateValue;
  segment: FeatureStateValue;
  identity: FeatureStateValue;
  control: FeatureStateValue;
  variant: FeatureStateValue;
}

/**
 * The values stored per value type. Boolean flags resolve from their enabled state, so their
 * values stay `null`; object flags hold JSON text, as Flagsmith stores it.
 */
export const STORED: Readonly<Record<(typeof VALUE_TYPES)[number], StoredValues>> = {
  boolean: { environment: null, segment: null, identity: null, control: null, variant: null },
  string: {
    environment: 'environment',
    segment: 'segment',
    identity: 'identity',
    control: 'control',
    variant: 'variant',
  },
  number: { environment: 10, segment: '20', identity: 30, control: 40, variant: 50 },
  object: {
    environment: '{"from":"environment"}',
    segment: '{"from":"segment"}',
    identity: '["identity"]',
    control: '{"from":"control"}',
    variant: '{"from":"variant"}',
  },
};

/** The key of the one variant of each multivariate flag. */
export const VARIANT_KEY = 'treatment';
/** The identity with identity overrides for every `value_*` flag. */
export const OVERRIDDEN_IDENTITY = 'overridden_user';
/** The trait that puts an identity in the `gold_tier` segment. */
export const GOLD_TIER = { tier: 'gold' } as const;

function state(
  id: number,
  feature: Feature,
  enabled: boolean,
  value: FeatureStateValue,
  extra: Partial<FeatureState> = {},
): FeatureState {
  return {
    feature,
    enabled,
    feature_state_value: value,
    django_id: id,
    featurestate_uuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
    multivariate_feature_state_values: [],
    feature_segment: null,
    ...extra,
  };
}

/** A multivariate state whose single variant takes `percentage` of identities. */
function multivariate(
  id: number,
  feature: Feature,
  values: StoredValues,
  percentage: number,
): FeatureState {
  return state(id, feature, true, values.control, {
    multivariate_feature_state_values: [
      {
        id,
        multivariate_feature_option: { id, value: values.variant, key: VARIANT_KEY },
        percentage_allocation: percentage,
        mv_fs_value_uuid: `00000000-0000-4000-9000-${String(id).padStart(12, '0')}`,
      },
    ],
  });
}

/**
 * An environment document with, for each value type `T`:
 *
 * - `value_T`: an environment value, a `gold_tier` segment override (trait `tier: gold`) and an
 *   identity override for {@link OVERRIDDEN_IDENTITY};
 * - `split_T`: multivariate, its one variant ({@link VARIANT_KEY}) at 100%: every identity gets
 *   the variant;
 * - `control_T`: multivariate, its one variant at 0%: every identity is in the control group;
 *
 * and `disabled_flag` (off, value `"off"`), `empty_flag` (on, no value) and `not_a_number`
 * (on, `"twelve"`), shared by every type.
 */
export function typedEnvironment(apiKey = 'TypedEnvClientKey001'): EnvironmentDocument {
  let nextFeatureId = 300;
  const feature = (name: string, type: Feature['type'] = 'STANDARD'): Feature => ({
    id: nextFeatureId++,
    name,
    type,
  });
  let nextStateId = 9_000;
  const id = () => nextStateId++;

  const environmentStates: FeatureState[] = [];
  const segmentStates: FeatureState[] = [];
  const identityStates: FeatureState[] = [];
  for (const type of VALUE_TYPES) {
    const values = STORED[type];
    const value = feature(`value_${type}`);
    environmentStates.push(state(id(), value, true, values.environment));
    segmentStates.push(
      state(id(), value, true, values.segment, { feature_segment: { priority: 1 } }),
    );
    identityStates.push(state(id(), value, true, values.identity, { django_id: null }));
    environmentStates.push(
      multivariate(id(), feature(`split_${type}`, 'MULTIVARIATE'), values, 100),
    );
    environmentStates.push(
      multivariate(id(), feature(`control_${type}`, 'MULTIVARIATE'), values, 0),
    );
  }
  environmentStates.push(state(id(), feature('disabled_flag'), false, 'off'));
  environmentStates.push(state(id(), feature('empty_flag'), true, null));
  environmentStates.push(state(id(), feature('not_a_number'), true, 'twelve'));

  return {
    id: 77,
    api_key: apiKey,
    name: 'Typed flags',
    project: {
      id: 78,
      name: 'Resolution table',
      organisation: {
        id: 79,
        name: 'Tests',
        feature_analytics: false,
        stop_serving_flags: false,
        persist_trait_data: true,
      },
      hide_disabled_flags: false,
      segments: [
        {
          id: 501,
          name: 'gold_tier',
          rules: [
            {
              type: 'ALL',
              rules: [],
              conditions: [{ operator: 'EQUAL', property_: 'tier', value: GOLD_TIER.tier }],
            },
          ],
          feature_states: segmentStates,
        },
      ],
    },
    feature_states: environmentStates,
    identity_overrides: [
      {
        identifier: OVERRIDDEN_IDENTITY,
        identity_uuid: '00000000-0000-4000-a000-000000000001',
        environment_api_key: apiKey,
        created_date: '2025-05-01T00:00:00.000000+00:00',
        django_id: null,
        identity_features: identityStates,
        identity_traits: [],
      },
    ],
    allow_client_traits: true,
    hide_sensitive_data: false,
    hide_disabled_flags: null,
    use_identity_composite_key_for_hashing: true,
    use_identity_overrides_in_local_eval: true,
  };
}

/** The feature id of a flag of {@link typedEnvironment}. */
export function featureIdOf(document: EnvironmentDocument, name: string): number {
  const found = document.feature_states.find((candidate) => candidate.feature.name === name);
  if (found === undefined) throw new Error(`typedEnvironment has no flag ${name}`);
  return found.feature.id;
}
