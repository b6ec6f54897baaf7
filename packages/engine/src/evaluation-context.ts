// Flagsmith's evaluation context: the shape shared by every Flagsmith engine and by Flagsmith's
// engine test data. `environmentToContext` builds it from an environment document.

/** A flag value as Flagsmith stores it. */
export type FlagValue = string | number | boolean | null;

/** A trait value. Numeric-looking strings are read as numbers by conditions, as Flagsmith does. */
export type TraitValue = string | number | boolean | null;

/** Segment rule types: every, at least one, or none of the rule's conditions and sub-rules. */
export type RuleType = 'ALL' | 'ANY' | 'NONE';

/** Segment condition operators. */
export type ConditionOperator =
  | 'EQUAL'
  | 'NOT_EQUAL'
  | 'GREATER_THAN'
  | 'GREATER_THAN_INCLUSIVE'
  | 'LESS_THAN'
  | 'LESS_THAN_INCLUSIVE'
  | 'CONTAINS'
  | 'NOT_CONTAINS'
  | 'REGEX'
  | 'PERCENTAGE_SPLIT'
  | 'MODULO'
  | 'IS_SET'
  | 'IS_NOT_SET'
  | 'IN';

/** Free-form feature metadata, returned with the flag (environment documents carry `{id}`). */
export type FeatureMetadata = Readonly<Record<string, unknown>>;

/** Free-form segment metadata, returned with matched segments. */
export type SegmentMetadata = Readonly<Record<string, unknown>>;

/** The environment being evaluated. */
export interface EnvironmentContext {
  /** The environment key (`api_key` in the document); also the prefix of the identity key. */
  readonly key: string;
  /** The environment name, readable by conditions as `$.environment.name`. */
  readonly name: string;
}

/** The identity being evaluated. */
export interface IdentityContext {
  /** The identity's identifier, readable by conditions as `$.identity.identifier`. */
  readonly identifier: string;
  /**
   * The key used for multivariate splits and percentage splits. Flagsmith's SDKs use
   * `${environmentKey}_${identifier}`, which is also what the engine uses when it is absent.
   */
  readonly key?: string;
  /** The identity's traits, by trait key. */
  readonly traits?: Readonly<Record<string, TraitValue>>;
}

/** One multivariate option of a feature. */
export interface FeatureVariant {
  /** The value served to identities in this variant's bucket. */
  readonly value: FlagValue;
  /** The share of identities, in percent. */
  readonly weight: number;
  /** Bucket order: lower first. */
  readonly priority: number;
  /** The variant's stable key, reported as the flag's `variant` when it is selected. */
  readonly key?: string;
}

/** A feature's state: the environment default, or a segment's override of it. */
export interface FeatureContext {
  /** The feature state key; with the identity key it decides the multivariate bucket. */
  readonly key: string;
  /** The feature name; flags are reported by name. */
  readonly name: string;
  /** Whether the flag is enabled. */
  readonly enabled: boolean;
  /** The value (the control value when there are variants). */
  readonly value: FlagValue;
  /** Multivariate options; the rest of the allocation is the control group. */
  readonly variants?: readonly FeatureVariant[];
  /** Override priority when this is a segment override: lower wins; absent loses to any number. */
  readonly priority?: number;
  /** Returned with the flag. */
  readonly metadata?: FeatureMetadata;
}

/** A segment condition: a property compared to a value with an operator. */
export interface SegmentCondition {
  /**
   * A trait key, or a JSONPath into the context such as `$.identity.identifier`. Empty for
   * PERCENTAGE_SPLIT on the identity key.
   */
  readonly property?: string | null;
  /** The operator. */
  readonly operator: ConditionOperator;
  /** The value to compare with; IN also takes a list, a JSON list or comma-separated text. */
  readonly value?: string | readonly string[] | null;
}

/** A segment rule: conditions and nested rules, combined by `type`. */
export interface SegmentRule {
  /** How the conditions, and separately the sub-rules, combine. */
  readonly type: RuleType;
  /** The rule's conditions. */
  readonly conditions?: readonly SegmentCondition[];
  /** Nested rules. */
  readonly rules?: readonly SegmentRule[];
}

/** A segment: an identity belongs to it when every rule matches. */
export interface SegmentContext {
  /** The segment key; percentage splits hash it with the identity key. */
  readonly key: string;
  /** The segment name, reported in reasons and results. */
  readonly name: string;
  /** The rules; a segment without rules matches no one. */
  readonly rules: readonly SegmentRule[];
  /** Feature states this segment overrides. */
  readonly overrides?: readonly FeatureContext[];
  /** Returned with the segment when it matches. */
  readonly metadata?: SegmentMetadata;
}

/** Everything an evaluation needs: environment, features, segments and optionally an identity. */
export interface EvaluationContext {
  /** The environment. */
  readonly environment: EnvironmentContext;
  /** The identity; without one, no multivariate splits apply. */
  readonly identity?: IdentityContext | null;
  /** Features by name. */
  readonly features?: Readonly<Record<string, FeatureContext>>;
  /** Segments by key, identity overrides included. */
  readonly segments?: Readonly<Record<string, SegmentContext>>;
}
