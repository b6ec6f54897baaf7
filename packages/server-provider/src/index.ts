export type { EnvironmentDocument } from '@flagsmith-openfeature/engine';
export type { ExposureHookOptions } from '@flagsmith-openfeature/exposure-hook';
export { ExposureHook } from '@flagsmith-openfeature/exposure-hook';
export type {
  ProviderEventProcessorConfig,
  ResolvedEventsOption,
} from '@flagsmith-openfeature/provider-common';
export { FlagsmithServerProvider } from './flagsmith-server-provider';
export type {
  DefaultFlagHandler,
  FlagsmithServerProviderMode,
  FlagsmithServerProviderOptions,
  IdentityCacheOptions,
  ResolvedFlagsmithServerProviderOptions,
} from './flagsmith-server-provider-options';
export {
  DEFAULT_FLAGSMITH_SERVER_PROVIDER_OPTIONS,
  resolveFlagsmithServerProviderOptions,
} from './flagsmith-server-provider-options';
