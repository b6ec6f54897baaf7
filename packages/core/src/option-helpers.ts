import type { FetchFunction } from './internal/http-request';
import { isRecord, mustBe } from './internal/shape';
import type { Logger } from './logger';
import { isLogger } from './logger';

/** `setTimeout` cannot wait longer than this, in milliseconds. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * The kinds of numeric option, each with its range:
 * - `count`: a whole number, 1 or more (a buffer size, a batch size);
 * - `whole`: a whole number, 0 or more (a number of retries);
 * - `delay`: milliseconds from 0 to {@link MAX_TIMER_MS} (a backoff, `0` for "none");
 * - `interval`: milliseconds from 1 to {@link MAX_TIMER_MS} (a timeout, a timer's period);
 * - `duration`: milliseconds, 1 or more, unbounded because no timer waits for it (a TTL).
 */
export type NumberKind = 'count' | 'whole' | 'delay' | 'interval' | 'duration';

/**
 * Each kind's bounds, how it reads in messages, and whether it takes whole numbers only (safe
 * integers, so at most `Number.MAX_SAFE_INTEGER`).
 */
const KINDS: Readonly<
  Record<NumberKind, readonly [min: number, max: number, description: string, whole?: true]>
> = {
  count: [1, Infinity, 'a whole number, 1 or more', true],
  whole: [0, Infinity, 'a whole number, 0 or more', true],
  delay: [0, MAX_TIMER_MS, `a number of milliseconds from 0 to ${MAX_TIMER_MS}`],
  interval: [1, MAX_TIMER_MS, `a number of milliseconds from 1 to ${MAX_TIMER_MS}`],
  duration: [1, Infinity, 'a number of milliseconds, 1 or more'],
};

/**
 * Reads a numeric option the way every options resolver of this project does: `undefined` means
 * the default; a value of the wrong type is a `TypeError` naming the rule; a number out of range
 * is reported to `logger` as a warning and replaced by the default.
 *
 * Shared by the packages of flagsmith-openfeature so their options behave alike.
 */
export function resolveNumberOption(
  caller: string,
  logger: Logger,
  name: string,
  value: unknown,
  fallback: number,
  kind: NumberKind,
): number {
  if (value === undefined) return fallback;
  const [min, max, description, whole] = KINDS[kind];
  if (typeof value !== 'number') throw optionTypeError(caller, name, description, value);
  if (value >= min && value <= max && (!whole || Number.isSafeInteger(value))) return value;
  logger.warn(
    `${caller}: ${name} must be ${description}; got ${value}, using the default ${fallback}`,
  );
  return fallback;
}

/**
 * Reads several numeric options at once with {@link resolveNumberOption}: `kinds` names each
 * option and its kind, `defaults` holds the fallbacks, and `prefix` is put before each name in
 * messages (`retryBackoff.`).
 */
export function resolveNumberOptions<K extends string>(
  caller: string,
  logger: Logger,
  options: Readonly<Partial<Record<NoInfer<K>, unknown>>>,
  defaults: Readonly<Record<NoInfer<K>, number>>,
  kinds: Readonly<Record<K, NumberKind>>,
  prefix = '',
): Record<K, number> {
  const resolved = {} as Record<K, number>;
  for (const name of Object.keys(kinds) as K[]) {
    resolved[name] = resolveNumberOption(
      caller,
      logger,
      prefix + name,
      options[name],
      defaults[name],
      kinds[name],
    );
  }
  return resolved;
}

/**
 * Reads a base URL option: `undefined` means `fallback`; anything but an absolute http(s) URL is
 * a `TypeError`. The result always ends with `/`, because paths such as `flags/` or `v1/events`
 * are resolved against it: without the trailing slash the last segment would be replaced
 * instead of extended.
 */
export function resolveBaseUrlOption(
  caller: string,
  name: string,
  value: unknown,
  fallback: string,
): string {
  if (value === undefined) return fallback;
  let url: URL | undefined;
  try {
    url = new URL(value as string);
  } catch {
    // reported below
  }
  if (typeof value !== 'string' || (url?.protocol !== 'http:' && url?.protocol !== 'https:')) {
    throw optionTypeError(caller, name, 'an absolute http(s) URL', value);
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/**
 * What every options resolver checks first: that options are an object, and that the logger
 * (or `fallbackLogger` when none is given) has the four methods. Returns the logger.
 */
export function resolveLoggerOption(
  caller: string,
  options: unknown,
  fallbackLogger: Logger,
): Logger {
  if (!isRecord(options)) {
    throw new TypeError(`${caller}: pass an options object`);
  }
  const logger = options.logger ?? fallbackLogger;
  if (!isLogger(logger)) {
    throw new TypeError(`${caller}: logger must have error, warn, info and debug methods`);
  }
  return logger;
}

/** Reads the required `environmentKey`: a non-empty string, else a `TypeError`. */
export function resolveEnvironmentKeyOption(caller: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(
      `${caller}: environmentKey is required, got ${
        typeof value === 'string' ? 'an empty string' : typeof value
      }`,
    );
  }
  return value;
}

/** Reads a `fetch` option: `undefined`, or a function; anything else is a `TypeError`. */
export function resolveFetchOption(caller: string, value: unknown): FetchFunction | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw optionTypeError(caller, 'fetch', 'a function', value);
  }
  return value as FetchFunction | undefined;
}

/**
 * The `TypeError` for an option or argument of the wrong kind:
 * "`caller`: `name` must be `expected`, got …".
 */
export function optionTypeError(
  caller: string,
  name: string,
  expected: string,
  value: unknown,
): TypeError {
  return new TypeError(`${caller}: ${mustBe(name, expected, value)}`);
}
