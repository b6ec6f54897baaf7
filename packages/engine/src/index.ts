/**
 * Local evaluation of Flagsmith environment documents, exact to Flagsmith's engines: pure,
 * isomorphic, no dependencies.
 *
 * @packageDocumentation
 */
export type {
  EnvironmentDocument,
  FeatureDocument,
  FeatureSegmentDocument,
  FeatureStateDocument,
  IdentityOverrideDocument,
  MultivariateFeatureOptionDocument,
  MultivariateFeatureStateValueDocument,
  ProjectDocument,
  SegmentConditionDocument,
  SegmentDocument,
  SegmentRuleDocument,
} from './environment-document';
export type { IdentityInput } from './environment-to-context';
export { environmentToContext, IDENTITY_OVERRIDES_SEGMENT_NAME } from './environment-to-context';
export { evaluateFeature, getEvaluationResult } from './evaluate';
export type {
  ConditionOperator,
  EnvironmentContext,
  EvaluationContext,
  FeatureContext,
  FeatureMetadata,
  FeatureVariant,
  FlagValue,
  IdentityContext,
  RuleType,
  SegmentCondition,
  SegmentContext,
  SegmentMetadata,
  SegmentRule,
  TraitValue,
} from './evaluation-context';
export type { EvaluationResult, FlagResult, SegmentResult } from './evaluation-result';
export { CONTROL_VARIANT } from './evaluation-result';
