import type { FetchFunction, Logger } from '@flagsmith-openfeature/core';
import {
  hasMethods,
  isRecord,
  noopLogger,
  optionTypeError,
  resolveBaseUrlOption,
  resolveEnvironmentKeyOption,
  resolveFetchOption,
  resolveLoggerOption,
  resolveNumberOptions,
} from '@flagsmith-openfeature/core';
import type { EventTimers } from './timers';
import { defaultEventTimers } from './timers';

/** Options of exposure deduplication: a bounded LRU whose entries expire. */
export interface ExposureDedupeOptions {
  /**
   * The most (feature, identifier, value) keys remembered; the least recently seen go first.
   * @default 50_000
   */
  maxKeys?: number | undefined;
  /**
   * How long an exposure suppresses identical ones, in milliseconds.
   * @default 3_600_000 (one hour)
   */
  ttlMs?: number | undefined;
}

/**
 * Options for {@link EventProcessor}. Every optional key also accepts `undefined`, which means
 * "use the default", so options can be passed through from a provider unchanged.
 */
export interface EventProcessorOptions {
  /** The environment's SDK key (client-side or server-side), sent as `X-Environment-Key`. */
  environmentKey: string;
  /**
   * The events API root; events are posted to `{eventsApiUrl}v1/events`. Must be an http(s) URL;
   * a trailing slash is added when missing.
   * @default 'https://events.api.flagsmith.com/'
   */
  eventsApiUrl?: string | undefined;
  /**
   * The most events kept waiting. Reaching it starts a flush; while delivery fails, the oldest
   * events are dropped (counted in `stats().dropped.overflow`) so memory stays flat.
   * @default 1000
   */
  maxBufferItems?: number | undefined;
  /**
   * How often buffered events are sent, in milliseconds. The timer never keeps a process alive.
   * @default 10_000
   */
  flushIntervalMs?: number | undefined;
  /**
   * The most events in one request. A batch the server answers 413 is split further.
   * @default 1000
   */
  maxBatchItems?: number | undefined;
  /**
   * The time limit of each request, in milliseconds; a request that runs out is retried like a
   * network error.
   * @default 10_000
   */
  requestTimeoutMs?: number | undefined;
  /**
   * How many times a batch is retried (after a network error, a timeout, 408, 429 or 5xx) before
   * it goes back to the head of the buffer to wait for the next flush. `0` disables retries.
   * @default 3
   */
  maxRetries?: number | undefined;
  /**
   * The backoff before retry `n`: a random time below `min(retryMaxDelayMs,
   * retryBaseDelayMs * 2^(n-1))` (full jitter), or the `Retry-After` asked for if longer.
   * @default 1_000
   */
  retryBaseDelayMs?: number | undefined;
  /**
   * The longest backoff, in milliseconds. A `Retry-After` longer than this ends the round of
   * retries at once; nothing is sent before the time the server asked for.
   * @default 30_000
   */
  retryMaxDelayMs?: number | undefined;
  /**
   * Deduplication of `$flag_exposure`: one per (feature, identifier, value) within the window.
   * `false` records every exposure.
   * @default { maxKeys: 50_000, ttlMs: 3_600_000 }
   */
  exposureDedupe?: ExposureDedupeOptions | false | undefined;
  /**
   * The `fetch` to use, for runtimes without one or to route requests through an agent.
   * @default globalThis.fetch, looked up at each request
   */
  fetch?: FetchFunction | undefined;
  /**
   * Receives what the processor does not throw: delivery failures, disabled delivery,
   * dropped events, option warnings.
   * @default a logger that discards everything
   */
  logger?: Logger | undefined;
  /**
   * The clock and timers, for tests that drive time. The default's background timers never keep
   * a process alive.
   * @default the platform's timers and `Date.now`
   */
  timers?: EventTimers | undefined;
}

/** {@link EventProcessorOptions} validated and complete, as the processor uses them. */
export interface ResolvedEventProcessorOptions {
  readonly environmentKey: string;
  /** Always ends with `/`. */
  readonly eventsApiUrl: string;
  readonly maxBufferItems: number;
  readonly flushIntervalMs: number;
  readonly maxBatchItems: number;
  readonly requestTimeoutMs: number;
  readonly maxRetries: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly exposureDedupe: { readonly maxKeys: number; readonly ttlMs: number } | false;
  readonly fetch: FetchFunction;
  readonly logger: Logger;
  readonly timers: EventTimers;
}

/** The defaults of {@link EventProcessorOptions}. */
export const DEFAULT_EVENT_PROCESSOR_OPTIONS = Object.freeze({
  eventsApiUrl: 'https://events.api.flagsmith.com/',
  maxBufferItems: 1000,
  flushIntervalMs: 10_000,
  maxBatchItems: 1000,
  requestTimeoutMs: 10_000,
  maxRetries: 3,
  retryBaseDelayMs: 1_000,
  retryMaxDelayMs: 30_000,
  exposureDedupe: Object.freeze({ maxKeys: 50_000, ttlMs: 3_600_000 }),
});

const CALLER = 'EventProcessor';

function resolveTimers(value: unknown): EventTimers {
  if (value === undefined) return defaultEventTimers;
  if (!hasMethods<EventTimers>(value, ['now', 'setTimeout', 'clearTimeout'])) {
    throw optionTypeError(
      CALLER,
      'timers',
      'an object with now, setTimeout and clearTimeout',
      value,
    );
  }
  return value;
}

/** Looks `globalThis.fetch` up at each request, so a fetch installed later is still used. */
const globalFetch: FetchFunction = (input, init) => {
  if (typeof globalThis.fetch !== 'function') {
    return Promise.reject(
      new TypeError(
        `${CALLER}: no fetch is available in this runtime; pass one as the fetch option`,
      ),
    );
  }
  return globalThis.fetch(input, init);
};

/**
 * Validates {@link EventProcessorOptions} and fills in the defaults. Input of the wrong type (a
 * missing or empty `environmentKey`, an `eventsApiUrl` that is not an http(s) URL, a number
 * given as a string, a `fetch` that is not a function, …) throws a `TypeError` saying what to
 * pass; a number out of range is reported to the logger as a warning and replaced by its default.
 */
export function resolveEventProcessorOptions(
  options: EventProcessorOptions,
): ResolvedEventProcessorOptions {
  const logger = resolveLoggerOption(CALLER, options, noopLogger);
  const environmentKey = resolveEnvironmentKeyOption(CALLER, options.environmentKey);
  const fetch = resolveFetchOption(CALLER, options.fetch) ?? globalFetch;
  const defaults = DEFAULT_EVENT_PROCESSOR_OPTIONS;
  const numbers = resolveNumberOptions(CALLER, logger, options, defaults, {
    maxBufferItems: 'count',
    flushIntervalMs: 'interval',
    maxBatchItems: 'count',
    requestTimeoutMs: 'interval',
    maxRetries: 'whole',
    retryBaseDelayMs: 'delay',
    retryMaxDelayMs: 'delay',
  });
  const { retryBaseDelayMs, retryMaxDelayMs } = numbers;
  if (retryMaxDelayMs < retryBaseDelayMs) {
    logger.warn(
      `${CALLER}: retryMaxDelayMs must be retryBaseDelayMs (${retryBaseDelayMs}) or more; got ${retryMaxDelayMs}, using ${retryBaseDelayMs}`,
    );
    numbers.retryMaxDelayMs = retryBaseDelayMs;
  }
  const dedupe = options.exposureDedupe ?? defaults.exposureDedupe;
  if (dedupe !== false && !isRecord(dedupe)) {
    throw optionTypeError(CALLER, 'exposureDedupe', 'false or { maxKeys, ttlMs }', dedupe);
  }
  return Object.freeze({
    environmentKey,
    eventsApiUrl: resolveBaseUrlOption(
      CALLER,
      'eventsApiUrl',
      options.eventsApiUrl,
      defaults.eventsApiUrl,
    ),
    ...numbers,
    exposureDedupe:
      dedupe &&
      Object.freeze(
        resolveNumberOptions(
          CALLER,
          logger,
          dedupe,
          defaults.exposureDedupe,
          { maxKeys: 'count', ttlMs: 'duration' },
          'exposureDedupe.',
        ),
      ),
    fetch,
    logger,
    timers: resolveTimers(options.timers),
  });
}
