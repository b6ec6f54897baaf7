// The benchmark's environment document and identities, generated from a fixed seed so every run
// evaluates the same thing: 50 features (on/off, text, numbers, JSON, multivariate), 20 segments
// of several conditions over the identities' traits, identity overrides, and 1,000 identities
// with five or six traits each.
//
// The document stays inside what Flagsmith's engines agree on (see the engine README's
// divergences), so that every provider is expected to serve the same values: trait values are
// text that does not look like a number, positive integers or `true`; regexes are anchored at
// the start; percentage splits read no property; sub-rules sit only under ALL rules; every
// feature's overrides have distinct priorities; identities with overrides have no `django_id`.
import type {
  EnvironmentDocument,
  FeatureState,
  FeatureStateValue,
  MultivariateFeatureStateValue,
  Segment,
  SegmentCondition,
  SegmentRule,
  TraitValue,
} from '@flagsmith-openfeature/testing';

/** The document's client-side key; identities hash as `${BENCH_CLIENT_KEY}_${identifier}`. */
export const BENCH_CLIENT_KEY = 'BenchEnvironmentKey';

/** The OpenFeature type a flag is evaluated as. */
export type BenchFlagType = 'boolean' | 'string' | 'number' | 'object';

/** A flag the benchmark evaluates, with its type and environment state. */
export interface BenchFlag {
  readonly key: string;
  readonly type: BenchFlagType;
  readonly enabled: boolean;
  readonly value: FeatureStateValue;
}

/** An OpenFeature evaluation context: the identifier and its traits (a type, so it indexes). */
export type BenchContext = {
  readonly targetingKey: string;
  readonly traits: Readonly<Record<string, TraitValue>>;
};

/** What the benchmark runs against. */
export interface BenchEnvironment {
  readonly document: EnvironmentDocument;
  readonly flags: readonly BenchFlag[];
  readonly contexts: readonly BenchContext[];
}

const FEATURES = 50;
const SEGMENTS = 20;
const IDENTITIES = 1_000;
const OVERRIDDEN_IDENTITIES = 40;
const OTHER_OVERRIDES = 80;

const PLANS = ['free', 'pro', 'business', 'enterprise'] as const;
const COUNTRIES = ['FR', 'DE', 'GB', 'US', 'ES', 'IT', 'JP', 'BR'] as const;
const DOMAINS = ['example.com', 'example.org', 'mail.test', 'acme.example'] as const;
const ALLOCATIONS: readonly (readonly number[])[] = [
  [30, 30],
  [25, 25, 25],
  [50, 20],
  [10, 40],
];

type Kind = 'flag' | 'text' | 'number' | 'json' | 'multivariate';

function kindOf(index: number): Kind {
  if (index < 10) return 'flag';
  if (index < 28) return 'text';
  if (index < 36) return 'number';
  if (index < 40) return 'json';
  return 'multivariate';
}

const TYPES: Record<Kind, BenchFlagType> = {
  flag: 'boolean',
  text: 'string',
  number: 'number',
  json: 'object',
  multivariate: 'string',
};

/** mulberry32: a small seeded generator, so the document is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Builds the benchmark's environment; the same on every call. */
export function benchEnvironment(): BenchEnvironment {
  const random = seeded(2_024);
  const int = (below: number) => Math.floor(random() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  let nextId = 10_000;
  const id = () => nextId++;
  const uuid = () => `00000000-0000-4000-8000-${id().toString(16).padStart(12, '0')}`;

  const features = Array.from({ length: FEATURES }, (_, index) => {
    const kind = kindOf(index);
    return {
      index,
      kind,
      feature: {
        id: 100 + index,
        name: `${kind}_${String(index).padStart(2, '0')}`,
        type: kind === 'multivariate' ? ('MULTIVARIATE' as const) : ('STANDARD' as const),
      },
    };
  });

  function value(kind: Kind, index: number, scope: string): FeatureStateValue {
    switch (kind) {
      case 'flag':
        return null;
      case 'text':
      case 'multivariate':
        return `${scope}_${index}`;
      case 'number':
        return scope === 'environment' ? 100 + index : 1_000 + int(9_000);
      case 'json':
        return JSON.stringify({ layout: `${scope}_${index}`, items: [index, int(100)] });
    }
  }

  function variants(index: number, keyed: boolean): MultivariateFeatureStateValue[] {
    return pick(ALLOCATIONS).map((percentage_allocation, n) => ({
      id: id(),
      multivariate_feature_option: {
        id: id(),
        value: `variant_${index}_${n}`,
        ...(keyed ? { key: `v${n}` } : {}),
      },
      percentage_allocation,
      mv_fs_value_uuid: uuid(),
    }));
  }

  function state(
    at: (typeof features)[number],
    scope: string,
    extra: Partial<FeatureState> = {},
  ): FeatureState {
    return {
      feature: at.feature,
      enabled: true,
      feature_state_value: value(at.kind, at.index, scope),
      django_id: id(),
      featurestate_uuid: uuid(),
      multivariate_feature_state_values: [],
      feature_segment: null,
      ...extra,
    };
  }

  const environmentStates = features.map((at) =>
    state(at, 'environment', {
      enabled: at.index % 7 !== 3,
      multivariate_feature_state_values:
        at.kind === 'multivariate' ? variants(at.index, at.index % 2 === 0) : [],
    }),
  );

  const conditions: (() => SegmentCondition)[] = [
    () => ({ operator: 'EQUAL', property_: 'plan', value: pick(PLANS) }),
    () => ({ operator: 'NOT_EQUAL', property_: 'plan', value: pick(PLANS) }),
    () => ({ operator: 'IN', property_: 'plan', value: `${pick(PLANS)},${pick(PLANS)}` }),
    () => ({
      operator: 'IN',
      property_: 'country',
      value: [pick(COUNTRIES), pick(COUNTRIES), pick(COUNTRIES)].join(','),
    }),
    () => ({ operator: 'EQUAL', property_: 'country', value: pick(COUNTRIES) }),
    () => ({ operator: 'GREATER_THAN', property_: 'age', value: String(20 + int(40)) }),
    () => ({ operator: 'LESS_THAN_INCLUSIVE', property_: 'age', value: String(25 + int(40)) }),
    () => ({ operator: 'GREATER_THAN_INCLUSIVE', property_: 'orders', value: String(5 + int(45)) }),
    () => ({ operator: 'LESS_THAN', property_: 'orders', value: String(10 + int(40)) }),
    () => {
      const divisor = 2 + int(4);
      return { operator: 'MODULO', property_: 'orders', value: `${divisor}|${int(divisor)}` };
    },
    () => ({ operator: 'CONTAINS', property_: 'email', value: `@${pick(DOMAINS)}` }),
    () => ({ operator: 'NOT_CONTAINS', property_: 'email', value: '.test' }),
    () => ({ operator: 'REGEX', property_: 'email', value: `^user[0-9]*[${int(10)}${int(10)}]@` }),
    () => ({ operator: 'IS_SET', property_: 'beta', value: null }),
    () => ({ operator: 'IS_NOT_SET', property_: 'beta', value: null }),
    () => ({ operator: 'EQUAL', property_: 'beta', value: 'true' }),
    () => ({ operator: 'PERCENTAGE_SPLIT', property_: null, value: String(10 + int(60)) }),
  ];
  const condition = () => pick(conditions)();
  const conditionList = (count: number) => Array.from({ length: count }, condition);

  /** One top-level rule: ALL over conditions, or ALL over an ANY and a NONE sub-rule. */
  function rule(): SegmentRule {
    if (random() < 0.5) return { type: 'ALL', rules: [], conditions: conditionList(2 + int(2)) };
    return {
      type: 'ALL',
      conditions: conditionList(int(2)),
      rules: [
        { type: 'ANY', rules: [], conditions: conditionList(2 + int(2)) },
        { type: 'NONE', rules: [], conditions: conditionList(1) },
      ],
    };
  }

  // Distinct priorities per feature, so engines that break ties differently still agree.
  const usedPriorities = new Map<number, Set<number>>();
  function priorityFor(featureIndex: number): number {
    let used = usedPriorities.get(featureIndex);
    if (used === undefined) {
      used = new Set();
      usedPriorities.set(featureIndex, used);
    }
    let priority = int(100);
    while (used.has(priority)) priority = int(100);
    used.add(priority);
    return priority;
  }

  const segments: Segment[] = Array.from({ length: SEGMENTS }, (_, n) => {
    const overridden = new Set<number>();
    const count = 2 + int(4);
    while (overridden.size < count) overridden.add(int(FEATURES));
    return {
      id: 500 + n,
      name: `segment_${n}`,
      rules: Array.from({ length: 1 + int(2) }, rule),
      feature_states: [...overridden].map((index) => {
        const at = features[index] as (typeof features)[number];
        const ownVariants = at.kind === 'multivariate' && random() < 0.5;
        return state(at, `segment_${n}`, {
          enabled: random() < 0.85,
          feature_segment: { priority: priorityFor(index) },
          multivariate_feature_state_values: ownVariants ? variants(index, index % 2 === 0) : [],
        });
      }),
    };
  });

  const contexts: BenchContext[] = Array.from({ length: IDENTITIES }, (_, n) => {
    const traits: Record<string, TraitValue> = {
      plan: pick(PLANS),
      country: pick(COUNTRIES),
      age: 18 + int(60),
      orders: 1 + int(60),
      email: `user${n}@${pick(DOMAINS)}`,
    };
    if (random() < 0.3) traits.beta = true;
    return { targetingKey: `user_${n}`, traits };
  });

  const overridden = [
    ...Array.from({ length: OVERRIDDEN_IDENTITIES }, (_, n) => `user_${n * 25 + 3}`),
    ...Array.from({ length: OTHER_OVERRIDES }, (_, n) => `someone_else_${n}`),
  ];
  const identityOverrides = overridden.map((identifier, n) => {
    const chosen = new Set<number>();
    const count = 1 + int(3);
    while (chosen.size < count) chosen.add(int(FEATURES));
    return {
      identifier,
      identity_uuid: uuid(),
      environment_api_key: BENCH_CLIENT_KEY,
      created_date: '2025-05-01T12:00:00.000000+00:00',
      django_id: null,
      identity_features: [...chosen].map((index) =>
        state(features[index] as (typeof features)[number], `identity_${n}`, {
          enabled: random() < 0.9,
          django_id: null,
        }),
      ),
      identity_traits: [],
    };
  });

  const document: EnvironmentDocument = {
    id: 1,
    api_key: BENCH_CLIENT_KEY,
    name: 'Benchmark',
    project: {
      id: 1,
      name: 'Benchmark',
      organisation: {
        id: 1,
        name: 'Benchmark',
        feature_analytics: false,
        stop_serving_flags: false,
        persist_trait_data: true,
      },
      hide_disabled_flags: false,
      segments,
    },
    feature_states: environmentStates,
    identity_overrides: identityOverrides,
    hide_disabled_flags: null,
  };

  const flags = environmentStates.map((environmentState, index) => ({
    key: environmentState.feature.name,
    type: TYPES[kindOf(index)],
    enabled: environmentState.enabled,
    value: environmentState.feature_state_value,
  }));
  return { document, flags, contexts };
}
