export { sendHttpRequest } from '#send-http-request';
export { getEnvironmentDocument } from './environment-document';
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
export type { IdentityFlagsRequestOptions } from './flag-requests';
export { getEnvironmentFlags, getIdentityFlags } from './flag-requests';
export { FlagsmithClient } from './flagsmith-client';
export type {
  FlagsmithClientOptions,
  ResolvedFlagsmithClientOptions,
} from './flagsmith-client-options';
export {
  DEFAULT_FLAGSMITH_CLIENT_OPTIONS,
  resolveFlagsmithClientOptions,
} from './flagsmith-client-options';
export type { FlagsmithTransport, JsonRequest, JsonResponse } from './flagsmith-transport';
export { createFlagsmithTransport } from './flagsmith-transport';
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
export type { HttpAttempt } from './internal/attempt-http-request';
export { attemptHttpRequest } from './internal/attempt-http-request';
export type { FetchFunction, HttpRequest, SendHttpRequest } from './internal/http-request';
export { describeValue, hasMethods, isRecord, mustBe } from './internal/shape';
export type { Logger } from './logger';
export { isLogger, noopLogger } from './logger';
export type { LruCacheOptions } from './lru-cache';
export { LruCache } from './lru-cache';
export type { NumberKind } from './option-helpers';
export {
  MAX_TIMER_MS,
  optionTypeError,
  resolveBaseUrlOption,
  resolveEnvironmentKeyOption,
  resolveFetchOption,
  resolveLoggerOption,
  resolveNumberOption,
  resolveNumberOptions,
} from './option-helpers';
export type { BackoffOptions } from './retry';
export { backoffDelayMs, isRetryableStatus, parseRetryAfter } from './retry';
