// The environment document, as Flagsmith's `environment-document/` API serves it to server-side
// SDKs (the fields the engine reads; documents carry more).
import type { ConditionOperator, FlagValue, RuleType } from './evaluation-context';

/** A feature. */
export interface FeatureDocument {
  /** The feature id. */
  readonly id: number;
  /** The feature name. */
  readonly name: string;
  /** `STANDARD` or `MULTIVARIATE`. */
  readonly type?: string;
}

/** A multivariate option. */
export interface MultivariateFeatureOptionDocument {
  /** The option id. */
  readonly id?: number | null;
  /** The option's value. */
  readonly value: FlagValue;
  /** The option's stable key, when it has one. */
  readonly key?: string | null;
}

/** A multivariate option's allocation in one feature state. */
export interface MultivariateFeatureStateValueDocument {
  /** The id; orders the buckets. */
  readonly id?: number | null;
  /** The option. */
  readonly multivariate_feature_option: MultivariateFeatureOptionDocument;
  /** The share of identities, in percent. */
  readonly percentage_allocation: number;
  /** The uuid; orders the buckets when there is no id. */
  readonly mv_fs_value_uuid?: string | null;
}

/** Links a segment override to its priority. */
export interface FeatureSegmentDocument {
  /** Lower wins when several matched segments override one feature. */
  readonly priority?: number | null;
}

/** A feature state: environment default, segment override or identity override. */
export interface FeatureStateDocument {
  /** The feature. */
  readonly feature: FeatureDocument;
  /** Whether the flag is enabled. */
  readonly enabled: boolean;
  /** The value (the control value of a multivariate feature). */
  readonly feature_state_value?: FlagValue;
  /** Multivariate allocations. */
  readonly multivariate_feature_state_values?:
    | readonly MultivariateFeatureStateValueDocument[]
    | null;
  /** Present on segment overrides. */
  readonly feature_segment?: FeatureSegmentDocument | null;
  /** The feature state id; the multivariate hashing key. */
  readonly django_id?: number | null;
  /** The feature state uuid; the hashing key when there is no id. */
  readonly featurestate_uuid?: string | null;
}

/** A segment condition. */
export interface SegmentConditionDocument {
  /** The operator. */
  readonly operator: ConditionOperator;
  /** A trait key or a JSONPath (`$.identity.identifier`); empty for a plain percentage split. */
  readonly property_?: string | null;
  /** The value compared with. */
  readonly value?: string | null;
}

/** A segment rule. */
export interface SegmentRuleDocument {
  /** How conditions and sub-rules combine. */
  readonly type: RuleType;
  /** Nested rules. */
  readonly rules?: readonly SegmentRuleDocument[] | null;
  /** Conditions. */
  readonly conditions?: readonly SegmentConditionDocument[] | null;
}

/** A segment. */
export interface SegmentDocument {
  /** The segment id. */
  readonly id: number;
  /** The segment name. */
  readonly name: string;
  /** The rules. */
  readonly rules: readonly SegmentRuleDocument[];
  /** The segment's overrides. */
  readonly feature_states?: readonly FeatureStateDocument[] | null;
}

/** The project the environment belongs to. */
export interface ProjectDocument {
  /** The project id. */
  readonly id?: number;
  /** The project name. */
  readonly name?: string;
  /** Whether disabled flags are hidden from SDKs (applied by callers, not by the engine). */
  readonly hide_disabled_flags?: boolean;
  /** The project's segments. */
  readonly segments: readonly SegmentDocument[];
}

/** An identity with feature overrides of its own. */
export interface IdentityOverrideDocument {
  /** The identity's identifier. */
  readonly identifier: string;
  /** The identity's overrides. */
  readonly identity_features?: readonly FeatureStateDocument[] | null;
}

/** The environment document served by Flagsmith's `environment-document/` API. */
export interface EnvironmentDocument {
  /** The environment key. */
  readonly api_key: string;
  /** The environment name. */
  readonly name?: string;
  /** The environment id. */
  readonly id?: number;
  /** The project, with its segments. */
  readonly project: ProjectDocument;
  /** The environment's feature states. */
  readonly feature_states: readonly FeatureStateDocument[];
  /** Identities with overrides (merged across `Link: rel="next"` pages). */
  readonly identity_overrides?: readonly IdentityOverrideDocument[] | null;
}
