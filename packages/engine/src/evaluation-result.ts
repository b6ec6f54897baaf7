import type { FeatureMetadata, FlagValue, SegmentMetadata } from './evaluation-context';

/** The `variant` Flagsmith reports for an identity in a multivariate feature's control group. */
export const CONTROL_VARIANT = 'control';

/** One evaluated flag. */
export interface FlagResult {
  /** The feature name. */
  readonly name: string;
  /** Whether the flag is enabled. */
  readonly enabled: boolean;
  /** The value served. */
  readonly value: FlagValue;
  /**
   * Why, as Flagsmith words it: `DEFAULT`, `TARGETING_MATCH; segment=NAME` or
   * `SPLIT; weight=N`.
   */
  readonly reason: string;
  /**
   * The multivariate variant: the selected variant's key, `control` for the control group, null
   * for a feature without variants, an unkeyed variant, or no identity.
   */
  readonly variant: string | null;
  /** The feature metadata (from the override when a segment overrides the feature). */
  readonly metadata?: FeatureMetadata;
}

/** A segment the context belongs to. */
export interface SegmentResult {
  /** The segment name. */
  readonly name: string;
  /** The segment metadata, when it has any. */
  readonly metadata?: SegmentMetadata;
}

/** The result of evaluating a context: every flag, and the segments the context belongs to. */
export interface EvaluationResult {
  /** Flags by feature name. */
  readonly flags: Readonly<Record<string, FlagResult>>;
  /** Matched segments, in context order. */
  readonly segments: readonly SegmentResult[];
}
