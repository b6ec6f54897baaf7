export { LruCache } from './lru-cache';
export type { LruCacheOptions } from './lru-cache';
export { backoffDelayMs, isRetryableStatus, parseRetryAfter } from './retry';
export type { BackoffOptions } from './retry';
