/**
 * Types for Flagsmith's environment document: the JSON that `GET /api/v1/environment-document/`
 * returns to server-side keys and that SDKs evaluate locally. Field names are Flagsmith's own
 * (snake_case), so a document fetched from Flagsmith or exported from it type-checks as is.
 *
 * The engine's `EnvironmentDocument` types only the fields evaluation reads, read-only; these
 * type the whole document the server serves (organisation, integrations, settings), mutable so
 * that tests can change a copy. The two agree: a document typed here is an engine document, and
 * the unions below are the engine's own. (The identities endpoint hands a document typed here to
 * the engine without a cast, so the compiler keeps the two in step.)
 */
import type {
  ConditionOperator,
  TraitValue as EngineTraitValue,
  FlagValue,
  RuleType,
} from '@flagsmith-openfeature/engine';

/**
 * How a segment rule combines its conditions and sub-rules: every one (`ALL`), at least one
 * (`ANY`) or none of them (`NONE`).
 */
export type SegmentRuleType = RuleType;

/** Every operator a Flagsmith segment condition can use. */
export type SegmentConditionOperator = ConditionOperator;

/**
 * A feature's kind. `MULTIVARIATE` features carry variants in
 * {@link FeatureState.multivariate_feature_state_values}; their `feature_state_value` is the
 * control value.
 */
export type FeatureType = 'STANDARD' | 'MULTIVARIATE';

/**
 * A flag's remote-config value. Flagsmith stores strings, integers and booleans; documents
 * built by hand may also carry floats. `null` means "no value" (a plain on/off flag).
 */
export type FeatureStateValue = FlagValue;

/** A trait's value as Flagsmith stores it. */
export type TraitValue = EngineTraitValue;

/** A feature as it appears inside a feature state. */
export interface Feature {
  /** Flagsmith's numeric feature id. */
  id: number;
  /** The feature's name: the flag key users evaluate. */
  name: string;
  /** `STANDARD` or `MULTIVARIATE`. */
  type: FeatureType;
}

/** One option of a multivariate feature: the value a variant serves. */
export interface MultivariateFeatureOption {
  /** Flagsmith's id of the option. */
  id?: number | null;
  /** The value served to identities allocated to this variant. */
  value: FeatureStateValue;
  /**
   * The variant's stable key, reported as the flag's `variant` to identities allocated to it;
   * options without one are reported as `null`.
   */
  key?: string | null;
}

/** A variant of a multivariate feature state, with its share of identities. */
export interface MultivariateFeatureStateValue {
  /** Flagsmith's id of this variant's state. */
  id?: number | null;
  /** The option this variant serves. */
  multivariate_feature_option: MultivariateFeatureOption;
  /**
   * Share of identities, in percent (0 to 100), allocated to this variant. Whatever the
   * variants leave over is served the control value.
   */
  percentage_allocation: number;
  /** A stable UUID; engines order variants by it (or by `id`) before allocating. */
  mv_fs_value_uuid: string;
}

/** Where a segment override sits among the overrides of the same feature. */
export interface FeatureSegment {
  /** Lower numbers win when an identity matches several segments that override a feature. */
  priority?: number | null;
}

/**
 * A feature's state in one scope: the environment, a segment override or an identity
 * override.
 */
export interface FeatureState {
  /** The feature this state belongs to. */
  feature: Feature;
  /** Whether the flag is on. */
  enabled: boolean;
  /** The remote-config value (the control value of a multivariate feature). */
  feature_state_value: FeatureStateValue;
  /** Flagsmith's database id of the state; absent for states that never had one. */
  django_id?: number | null;
  /** A stable UUID of the state. */
  featurestate_uuid: string;
  /** The variants of a multivariate feature; empty for a standard one. */
  multivariate_feature_state_values: MultivariateFeatureStateValue[];
  /** Set on segment overrides (carries the priority); `null` elsewhere. */
  feature_segment: FeatureSegment | null;
}

/** One condition of a segment rule, such as `plan EQUAL premium`. */
export interface SegmentCondition {
  /** How the trait is compared. */
  operator: SegmentConditionOperator;
  /**
   * The trait key (or a JSONPath such as `$.identity.identifier`); `null` for operators that
   * need no property, such as `PERCENTAGE_SPLIT`.
   */
  property_: string | null;
  /**
   * The comparison value, always a string in the document: a number for `GREATER_THAN`, a
   * percentage for `PERCENTAGE_SPLIT`, `divisor|remainder` for `MODULO`, a comma-separated
   * list for `IN`.
   */
  value: string | null;
}

/** A rule of a segment: conditions and nested rules combined by {@link SegmentRule.type}. */
export interface SegmentRule {
  /** `ALL`, `ANY` or `NONE`. */
  type: SegmentRuleType;
  /** Nested rules. */
  rules: SegmentRule[];
  /** Conditions of this rule. */
  conditions: SegmentCondition[];
}

/** A segment: rules an identity can match, and the feature overrides it then receives. */
export interface Segment {
  /** Flagsmith's numeric segment id. */
  id: number;
  /** The segment's name, as it appears in reasons (`TARGETING_MATCH; segment=NAME`). */
  name: string;
  /** The segment's rules; an identity matches when every top-level rule matches. */
  rules: SegmentRule[];
  /** Overrides served to matching identities; each carries a `feature_segment` priority. */
  feature_states: FeatureState[];
}

/** The organisation that owns the project. */
export interface Organisation {
  /** Flagsmith's numeric organisation id. */
  id: number;
  /** The organisation's name. */
  name: string;
  /** Whether flag analytics are enabled for the organisation. */
  feature_analytics: boolean;
  /** When `true`, Flagsmith stops serving flags for the organisation. */
  stop_serving_flags: boolean;
  /** Whether identities' traits are stored. */
  persist_trait_data: boolean;
}

/** The project an environment belongs to: its segments and project-wide settings. */
export interface Project {
  /** Flagsmith's numeric project id. */
  id: number;
  /** The project's name. */
  name: string;
  /** The owning organisation. */
  organisation: Organisation;
  /** When `true`, disabled flags are left out of flags responses. */
  hide_disabled_flags: boolean;
  /** The project's segments. */
  segments: Segment[];
  /** Ids of features served only to server-side keys. */
  server_key_only_feature_ids?: number[];
  /** Whether real-time flag updates are enabled. */
  enable_realtime_updates?: boolean;
}

/** A trait stored on an identity. */
export interface IdentityTrait {
  /** The trait's key. */
  trait_key: string;
  /** The trait's value. */
  trait_value: TraitValue;
}

/** An identity with feature overrides of its own, carried in the environment document. */
export interface IdentityOverride {
  /** The identity's identifier (the OpenFeature `targetingKey`). */
  identifier: string;
  /** A stable UUID of the identity. */
  identity_uuid: string;
  /** The client-side key of the environment the identity belongs to. */
  environment_api_key: string;
  /** The identity's feature overrides. */
  identity_features: FeatureState[];
  /** The identity's stored traits (often empty in documents). */
  identity_traits: IdentityTrait[];
  /** When the identity was created, as an ISO date-time. */
  created_date?: string;
  /** Flagsmith's database id of the identity, when it has one. */
  django_id?: number | null;
  /** `environment_api_key` and `identifier` joined by `_`. */
  composite_key?: string;
}

/** Settings of a third-party integration such as Amplitude or Segment. */
export interface IntegrationConfig {
  /** The integration's key. */
  api_key: string;
  /** The integration's base URL, when it is not the default one. */
  base_url?: string | null;
}

/** Settings of an environment webhook. */
export interface WebhookConfig {
  /** Where the webhook posts. */
  url: string;
  /** The secret used to sign its payloads. */
  secret: string;
}

/**
 * Flagsmith's environment document: everything needed to evaluate the environment's flags
 * locally.
 */
export interface EnvironmentDocument {
  /** Flagsmith's numeric environment id. */
  id: number;
  /** The environment's client-side key. */
  api_key: string;
  /** The environment's name. */
  name?: string;
  /** The project, with its segments. */
  project: Project;
  /** The environment's feature states: one per feature. */
  feature_states: FeatureState[];
  /** Identities with overrides of their own. */
  identity_overrides?: IdentityOverride[];
  /** Whether client-side keys may set traits. */
  allow_client_traits?: boolean;
  /** When the environment last changed, as an ISO date-time. */
  updated_at?: string;
  /** Whether sensitive data is hidden from responses. */
  hide_sensitive_data?: boolean;
  /** Overrides the project's `hide_disabled_flags` when not `null`. */
  hide_disabled_flags?: boolean | null;
  /** Whether multivariate allocation hashes the identity's composite key. */
  use_identity_composite_key_for_hashing?: boolean;
  /** Whether SDKs apply `identity_overrides` during local evaluation. */
  use_identity_overrides_in_local_eval?: boolean;
  /** Amplitude integration settings. */
  amplitude_config?: IntegrationConfig | null;
  /** Dynatrace integration settings. */
  dynatrace_config?: IntegrationConfig | null;
  /** Heap integration settings. */
  heap_config?: IntegrationConfig | null;
  /** Mixpanel integration settings. */
  mixpanel_config?: IntegrationConfig | null;
  /** RudderStack integration settings. */
  rudderstack_config?: IntegrationConfig | null;
  /** Segment integration settings. */
  segment_config?: IntegrationConfig | null;
  /** Webhook settings. */
  webhook_config?: WebhookConfig | null;
}
