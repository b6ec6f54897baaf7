import type {
  EnvironmentDocument,
  Feature,
  FeatureState,
  FeatureStateValue,
  MultivariateFeatureStateValue,
  Segment,
} from '@flagsmith-openfeature/testing';

/** The load document's client-side key. */
export const LOAD_CLIENT_KEY = 'ReliabilityLoadKey';

/** The OpenFeature type a flag is read as. */
export type LoadFlagType = 'boolean' | 'string' | 'number';

/** One of the document's flags, as the load test evaluates it. */
export interface LoadFlag {
  readonly key: string;
  readonly type: LoadFlagType;
}

const PLANS = ['free', 'pro', 'business', 'enterprise'] as const;
const COUNTRIES = ['FR', 'DE', 'GB', 'US', 'ES', 'IT', 'JP', 'BR'] as const;

/** An identity's traits; `upgraded` moves it to another plan (and so other segments). */
export function traitsOf(index: number, upgraded = false): Record<string, string | number> {
  const plan = PLANS[(index + (upgraded ? 1 : 0)) % PLANS.length] as string;
  return { plan, country: COUNTRIES[index % COUNTRIES.length] as string, orders: index % 23 };
}

let uuid = 0;
function nextUuid(): string {
  uuid++;
  return `00000000-0000-4000-8000-${uuid.toString(16).padStart(12, '0')}`;
}

function state(
  feature: Feature,
  enabled: boolean,
  value: FeatureStateValue,
  variants: MultivariateFeatureStateValue[] = [],
  priority?: number,
): FeatureState {
  return {
    feature,
    enabled,
    feature_state_value: value,
    django_id: null,
    featurestate_uuid: nextUuid(),
    multivariate_feature_state_values: variants,
    feature_segment: priority === undefined ? null : { priority },
  };
}

function variantsOf(
  values: readonly string[],
  allocations: readonly number[],
  keyed: boolean,
): MultivariateFeatureStateValue[] {
  return values.map((value, index) => ({
    multivariate_feature_option: keyed ? { value, key: `${value}_key` } : { value },
    percentage_allocation: allocations[index] as number,
    mv_fs_value_uuid: nextUuid(),
  }));
}

/**
 * A document of exactly 20 flags for the load test: on/off flags (one disabled), text and number
 * flags with segment overrides on `plan`, `country` and `orders`, a disabled text flag (served as
 * the caller's default, so never an exposure), and multivariate experiments with keyed and
 * unkeyed variants. Deterministic: every run builds the same document.
 */
export function loadEnvironment(): { document: EnvironmentDocument; flags: readonly LoadFlag[] } {
  uuid = 0;
  const flags: LoadFlag[] = [];
  const featureStates: FeatureState[] = [];
  const features = new Map<string, Feature>();
  const add = (
    key: string,
    type: LoadFlagType,
    enabled: boolean,
    value: FeatureStateValue,
    variants: MultivariateFeatureStateValue[] = [],
  ) => {
    const feature: Feature = {
      id: 1_000 + flags.length,
      name: key,
      type: variants.length > 0 ? 'MULTIVARIATE' : 'STANDARD',
    };
    features.set(key, feature);
    flags.push({ key, type });
    featureStates.push(state(feature, enabled, value, variants));
  };

  for (let index = 0; index < 5; index++) add(`switch_${index}`, 'boolean', index !== 4, null);
  add('banner', 'string', true, 'Welcome');
  add('support_tier', 'string', true, 'standard');
  add('shipping_copy', 'string', true, 'Ships in 3 days');
  add('retired_copy', 'string', false, 'old'); // disabled: the caller's default, no exposure
  add('currency', 'string', true, 'EUR');
  add('max_items', 'number', true, 20);
  add('discount', 'number', true, 0.1);
  add('page_size', 'number', true, 25);
  add('checkout_button', 'string', true, 'blue', variantsOf(['green', 'orange'], [30, 30], true));
  add('pricing_page', 'string', true, 'a', variantsOf(['b', 'c', 'd'], [25, 25, 25], true));
  add('onboarding', 'string', true, 'tour', variantsOf(['video'], [50], false));
  add('search_ranker', 'string', true, 'bm25', variantsOf(['vector', 'hybrid'], [20, 20], false));
  add('recommendations', 'string', true, 'off', variantsOf(['on'], [10], true));
  add('theme', 'string', true, 'light', variantsOf(['dark', 'contrast'], [45, 5], true));
  add('free_trial_days', 'number', true, 14, variantsOf(['30'], [50], true));

  const feature = (key: string) => features.get(key) as Feature;
  const segment = (
    id: number,
    name: string,
    conditions: Segment['rules'][number]['conditions'],
    states: FeatureState[],
  ): Segment => ({
    id,
    name,
    rules: [{ type: 'ALL', rules: [], conditions }],
    feature_states: states,
  });
  const segments: Segment[] = [
    segment(
      1,
      'paying',
      [{ operator: 'IN', property_: 'plan', value: 'pro,business,enterprise' }],
      [
        state(feature('banner'), true, 'Thanks for your subscription', [], 2),
        state(feature('max_items'), true, 50, [], 2),
        state(feature('switch_1'), false, null, [], 2),
      ],
    ),
    segment(
      2,
      'enterprise',
      [{ operator: 'EQUAL', property_: 'plan', value: 'enterprise' }],
      [
        state(feature('support_tier'), true, 'dedicated', [], 1),
        state(feature('max_items'), true, 500, [], 1),
      ],
    ),
    segment(
      3,
      'north_america',
      [{ operator: 'IN', property_: 'country', value: 'US,CA' }],
      [
        state(feature('currency'), true, 'USD', [], 3),
        state(feature('shipping_copy'), true, 'Ships in 5 days', [], 3),
      ],
    ),
    segment(
      4,
      'loyal',
      [{ operator: 'GREATER_THAN_INCLUSIVE', property_: 'orders', value: '15' }],
      [state(feature('discount'), true, 0.2, [], 4), state(feature('page_size'), true, 50, [], 4)],
    ),
  ];

  const document: EnvironmentDocument = {
    id: 99,
    api_key: LOAD_CLIENT_KEY,
    name: 'Load',
    project: {
      id: 9,
      name: 'Reliability',
      organisation: {
        id: 1,
        name: 'Reliability',
        feature_analytics: false,
        stop_serving_flags: false,
        persist_trait_data: true,
      },
      hide_disabled_flags: false,
      segments,
    },
    feature_states: featureStates,
    identity_overrides: [],
    hide_disabled_flags: null,
    use_identity_composite_key_for_hashing: true,
  };
  return { document, flags };
}
