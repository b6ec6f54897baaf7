export { sendHttpRequest } from '#send-http-request';
export type {
  FlagsmithErrorOptions,
  FlagsmithHttpErrorOptions,
  FlagsmithNetworkErrorOptions,
  FlagsmithResponseErrorOptions,
  FlagsmithTimeoutErrorOptions,
} from './errors';
export {
  FlagsmithAuthenticationError,
  FlagsmithError,
  FlagsmithHttpError,
  FlagsmithNetworkError,
  FlagsmithResponseError,
  FlagsmithTimeoutError,
} from './errors';
export type {
  EnvironmentDocument,
  Flag,
  FlagExperiment,
  Flags,
  FlagValue,
  Traits,
  TraitValue,
} from './flag';
export type {
  FetchFunction,
  FlagsmithClientOptions,
  IdentityFlagsRequestOptions,
  ResolvedFlagsmithClientOptions,
} from './flagsmith-client';
export {
  DEFAULT_FLAGSMITH_CLIENT_OPTIONS,
  FlagsmithClient,
  resolveFlagsmithClientOptions,
} from './flagsmith-client';
export type {
  IdentityFlagsCacheOptions,
  IdentityFlagsLoader,
  ResolvedIdentityFlagsCacheOptions,
} from './identity-flags-cache';
export {
  DEFAULT_IDENTITY_FLAGS_CACHE_OPTIONS,
  IdentityFlagsCache,
  resolveIdentityFlagsCacheOptions,
} from './identity-flags-cache';
export type { HttpRequest, SendHttpRequest } from './internal/http-request';
export type { Logger } from './logger';
export { isLogger, noopLogger } from './logger';
export type { LruCacheOptions } from './lru-cache';
export { LruCache } from './lru-cache';
export { resolveBaseUrlOption, resolveNumberOption } from './option-helpers';
export type { BackoffOptions } from './retry';
export { backoffDelayMs, isRetryableStatus, parseRetryAfter } from './retry';
