/** How retries back off: exponential growth from `baseMs`, capped at `maxMs`, with full jitter. */
export interface BackoffOptions {
  /** The first delay's upper bound, in milliseconds. */
  baseMs: number;
  /** The largest delay, in milliseconds. */
  maxMs: number;
}

/**
 * The delay before retry number `attempt` (1 for the first retry): a uniformly random time in
 * `[0, min(maxMs, baseMs * 2^(attempt-1)))`. Full jitter spreads clients that failed together,
 * so a recovering server is not hit by all of them at once.
 */
export function backoffDelayMs(
  attempt: number,
  { baseMs, maxMs }: BackoffOptions,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1)));
}

/**
 * Reads a `Retry-After` header, in seconds or as an HTTP date, as milliseconds from `now`.
 * Returns `undefined` when the header is absent or unreadable; a date in the past gives 0.
 */
export function parseRetryAfter(
  header: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  const text = header?.trim() ?? '';
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // NaN for anything that is not a date, an absent or empty header included.
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Statuses worth retrying: the server may answer differently later. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
