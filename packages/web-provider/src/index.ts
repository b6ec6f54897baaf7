export type { PageLifecycleTargets } from '@flagsmith-openfeature/events';
export type { ExposureHookOptions } from '@flagsmith-openfeature/exposure-hook';
export { ExposureHook } from '@flagsmith-openfeature/exposure-hook';
export type {
  DefaultFlag,
  ProviderEventProcessorConfig,
  ResolvedEventsOption,
} from '@flagsmith-openfeature/provider-common';
export { FlagsmithWebProvider } from './flagsmith-web-provider';
export type {
  DefaultFlagHandler,
  FlagsmithWebProviderOptions,
  FlagsStorage,
  ResolvedFlagsmithWebProviderOptions,
} from './flagsmith-web-provider-options';
export {
  DEFAULT_FLAGSMITH_WEB_PROVIDER_OPTIONS,
  resolveFlagsmithWebProviderOptions,
} from './flagsmith-web-provider-options';
