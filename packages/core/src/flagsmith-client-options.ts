import type { FetchFunction } from './internal/http-request';
import { isRecord } from './internal/shape';
import type { Logger } from './logger';
import { noopLogger } from './logger';
import {
  optionTypeError,
  resolveBaseUrlOption,
  resolveEnvironmentKeyOption,
  resolveFetchOption,
  resolveLoggerOption,
  resolveNumberOptions,
} from './option-helpers';
import type { BackoffOptions } from './retry';

/**
 * Options for `FlagsmithClient`. Every optional key also accepts `undefined`, which means
 * "use the default", so options can be passed through from a wrapper unchanged.
 */
export interface FlagsmithClientOptions {
  /**
   * The environment's SDK key (Environment settings → SDK keys): client-side, or server-side
   * (`ser.…`). `getEnvironmentDocument()` needs a server-side key.
   */
  environmentKey: string;
  /**
   * The Flagsmith API root, ending in `/api/v1/` (a 404 usually means it does not). Must be an
   * http(s) URL; a trailing slash is added when missing.
   * @default 'https://edge.api.flagsmith.com/api/v1/'
   */
  apiUrl?: string | undefined;
  /**
   * The time limit of each attempt, from sending the request to reading the whole body, in
   * milliseconds. An attempt that runs out of time is retried like a network error.
   * @default 10_000
   */
  requestTimeoutMs?: number | undefined;
  /**
   * How many times a request is retried after a network error, a timeout, HTTP 408, 429 or 5xx.
   * Other 4xx answers are never retried. `0` disables retries.
   * @default 3
   */
  retries?: number | undefined;
  /**
   * The backoff between retries: retry `n` waits a random time below
   * `min(maxMs, baseMs * 2^(n-1))` (full jitter), unless the answer carried `Retry-After`.
   * @default { baseMs: 500, maxMs: 10_000 }
   */
  retryBackoff?: Partial<BackoffOptions> | undefined;
  /**
   * The longest `Retry-After` the client waits for, in milliseconds. An answer asking for a
   * longer wait ends the retries at once with its `FlagsmithHttpError`, rather than the client
   * blocking a caller for minutes or retrying sooner than Flagsmith asked.
   * @default 60_000
   */
  maxRetryAfterMs?: number | undefined;
  /**
   * Headers sent with every request (a proxy's auth, for instance). They cannot replace
   * `X-Environment-Key`, which always carries `environmentKey` (one given is ignored, with a
   * warning).
   * @default {}
   */
  customHeaders?: Readonly<Record<string, string>> | undefined;
  /**
   * The `fetch` to use, for runtimes without one or to route requests through an agent.
   * @default globalThis.fetch, looked up at each request
   */
  fetch?: FetchFunction | undefined;
  /**
   * Receives warnings about options and debug messages about retries.
   * @default a logger that discards everything
   */
  logger?: Logger | undefined;
}

/** {@link FlagsmithClientOptions} validated and complete, as the client uses them. */
export interface ResolvedFlagsmithClientOptions {
  readonly environmentKey: string;
  /** Always ends with `/`. */
  readonly apiUrl: string;
  readonly requestTimeoutMs: number;
  readonly retries: number;
  readonly retryBackoff: Readonly<BackoffOptions>;
  readonly maxRetryAfterMs: number;
  readonly customHeaders: Readonly<Record<string, string>>;
  /** Absent when `globalThis.fetch` is to be looked up at each request. */
  readonly fetch?: FetchFunction;
  readonly logger: Logger;
}

/** The defaults of {@link FlagsmithClientOptions}. */
export const DEFAULT_FLAGSMITH_CLIENT_OPTIONS = Object.freeze({
  apiUrl: 'https://edge.api.flagsmith.com/api/v1/',
  requestTimeoutMs: 10_000,
  retries: 3,
  retryBackoff: Object.freeze({ baseMs: 500, maxMs: 10_000 }),
  maxRetryAfterMs: 60_000,
  customHeaders: Object.freeze({}) as Readonly<Record<string, string>>,
});

/**
 * Validates {@link FlagsmithClientOptions} and fills in the defaults. Input of the wrong type
 * (a missing or empty `environmentKey`, an `apiUrl` that is not an http(s) URL, a `fetch` that is
 * not a function, …) throws a `TypeError` saying what to pass; a number out of range is
 * reported to the logger as a warning and replaced by its default.
 *
 * @param caller The name messages start with: a provider passes its own, since its user set
 *   these options on the provider.
 */
export function resolveFlagsmithClientOptions(
  options: FlagsmithClientOptions,
  caller = 'FlagsmithClient',
): ResolvedFlagsmithClientOptions {
  const logger = resolveLoggerOption(caller, options, noopLogger);
  const environmentKey = resolveEnvironmentKeyOption(caller, options.environmentKey);
  const defaults = DEFAULT_FLAGSMITH_CLIENT_OPTIONS;
  const backoff = options.retryBackoff ?? {};
  if (!isRecord(backoff)) {
    throw optionTypeError(caller, 'retryBackoff', 'an object', backoff);
  }
  const fetch = resolveFetchOption(caller, options.fetch);
  return Object.freeze({
    environmentKey,
    apiUrl: resolveBaseUrlOption(caller, 'apiUrl', options.apiUrl, defaults.apiUrl),
    ...resolveNumberOptions(caller, logger, options, defaults, {
      requestTimeoutMs: 'interval',
      retries: 'whole',
      maxRetryAfterMs: 'delay',
    }),
    retryBackoff: Object.freeze(
      resolveNumberOptions(
        caller,
        logger,
        backoff,
        defaults.retryBackoff,
        { baseMs: 'delay', maxMs: 'delay' },
        'retryBackoff.',
      ),
    ),
    customHeaders: resolveCustomHeaders(caller, logger, options.customHeaders),
    logger,
    // Absent, not undefined, when there is none.
    ...(fetch && { fetch }),
  });
}

function resolveCustomHeaders(
  caller: string,
  logger: Logger,
  value: unknown = {},
): Readonly<Record<string, string>> {
  if (!isRecord(value)) {
    throw optionTypeError(caller, 'customHeaders', 'an object', value);
  }
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(value)) {
    if (typeof headerValue !== 'string') {
      throw optionTypeError(caller, `customHeaders["${name}"]`, 'a string', headerValue);
    }
    if (name.toLowerCase() === 'x-environment-key') {
      logger.warn(`${caller}: customHeaders' X-Environment-Key is ignored`);
    } else {
      headers[name] = headerValue;
    }
  }
  return Object.freeze(headers);
}
