export type { ApiFlag, ApiIdentityResponse, ApiTrait } from './api-flag';
export type {
  EnvironmentDocument,
  Feature,
  FeatureSegment,
  FeatureState,
  FeatureStateValue,
  FeatureType,
  IdentityOverride,
  IdentityTrait,
  IntegrationConfig,
  MultivariateFeatureOption,
  MultivariateFeatureStateValue,
  Organisation,
  Project,
  Segment,
  SegmentCondition,
  SegmentConditionOperator,
  SegmentRule,
  SegmentRuleType,
  TraitValue,
  WebhookConfig,
} from './environment-document';
export type {
  ConfidenceInterval,
  ExperimentEvent,
  ExperimentMetric,
  ExperimentQuery,
  ExperimentResults,
  MetricAggregation,
  MetricResult,
  VariantResult,
} from './experiment-results';
export { computeExperimentResults } from './experiment-results';
export type { Fault } from './fault';
export {
  EXPERIMENT_ENVIRONMENT_CLIENT_KEY,
  experimentEnvironment,
} from './fixtures/experiment-environment';
export { MINIMAL_ENVIRONMENT_CLIENT_KEY, minimalEnvironment } from './fixtures/minimal-environment';
export type { EventRejector, ReceivedEvent, RejectedEvent } from './received-event';
export type { RecordedRequest } from './recorded-request';
export type { LogLevel, RecordingLogger, RecordingLoggerOptions } from './recording-logger';
export { createRecordingLogger } from './recording-logger';
export type { TestServer, WaitForEventsOptions } from './test-server';
export { startTestServer } from './test-server';
export type { ResolvedTestServerOptions, TestServerOptions } from './test-server-options';
export {
  DEFAULT_SERVER_KEY,
  resolveTestServerOptions,
  TEST_SERVER_DEFAULTS,
} from './test-server-options';
