export { changedFlags } from './changed-flags';
export type { Coercion, FlagsmithValue } from './coerce';
export { coerceValue } from './coerce';
export type {
  ProviderEventProcessorConfig,
  ProviderEventsOptions,
  ResolvedEventsOption,
} from './events-option';
export { eventsOffError, resolveEventsOption } from './events-option';
export { hasMethods } from './has-methods';
export { ProviderEventProcessor } from './provider-event-processor';
export type {
  LifecycleEmitter,
  LifecycleEvent,
  LifecycleEventDetails,
  LifecycleState,
} from './provider-lifecycle';
export { ProviderLifecycle } from './provider-lifecycle';
export type {
  ProviderCommonOptions,
  ProviderRequestOptions,
  ProviderServingOptions,
} from './provider-options';
export {
  resolveBooleanOption,
  resolveProviderClientOptions,
  resolveResolutionOptions,
} from './provider-options';
export type { DefaultFlag, ResolutionOptions, ResolutionRequest } from './resolve-flag';
export { openFeatureReason, resolveFlag, unavailableResolution } from './resolve-flag';
export { describeError, isFatal, toOpenFeatureError } from './to-open-feature-error';
export type { DebugLogger, FlagsmithIdentity, Traits, TraitValue } from './traits';
export { contextIdentifier, contextToIdentity, toTraitValue } from './traits';
