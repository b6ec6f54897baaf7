import type { Fault } from '../fault';

/** A validated fault with its path resolved to a pathname and its remaining uses. */
export interface QueuedFault {
  pathname: string;
  status: number | undefined;
  remaining: number;
  retryAfter: string | undefined;
  delayMs: number;
  dropConnection: boolean;
  body: unknown;
}

/** Resolves a fault's `path` to the exact pathname it matches. */
export function faultPathname(path: string): string {
  if (path.startsWith('/')) return path;
  if (path === 'v1/events') return '/v1/events';
  return `/api/v1/${path.endsWith('/') ? path : `${path}/`}`;
}

function isNonNegativeFinite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Validates a fault as given to `injectFault`, with TypeErrors that say what to fix. */
export function resolveFault(fault: Fault): QueuedFault {
  if (typeof fault !== 'object' || fault === null) {
    throw new TypeError('injectFault: pass an object such as { path: "flags/", status: 500 }.');
  }
  const {
    path,
    status,
    times = 1,
    retryAfterSeconds,
    retryAfter,
    delayMs,
    dropConnection,
    body,
  } = fault;
  if (typeof path !== 'string' || path === '' || path.includes('?')) {
    throw new TypeError(
      'injectFault: `path` must be a pathname such as "/api/v1/flags/" or a shorthand such as "flags/" or "v1/events" (no query string).',
    );
  }
  if (status !== undefined && !(Number.isInteger(status) && status >= 200 && status <= 599)) {
    throw new TypeError(
      `injectFault: \`status\` must be an integer from 200 to 599, got ${String(status)}.`,
    );
  }
  if (!(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times >= 1))) {
    throw new TypeError(
      `injectFault: \`times\` must be a positive integer or Infinity, got ${String(times)}.`,
    );
  }
  if (delayMs !== undefined && !isNonNegativeFinite(delayMs)) {
    throw new TypeError(
      `injectFault: \`delayMs\` must be a non-negative number, got ${String(delayMs)}.`,
    );
  }
  if (dropConnection !== undefined && typeof dropConnection !== 'boolean') {
    throw new TypeError('injectFault: `dropConnection` must be a boolean.');
  }
  if (retryAfterSeconds !== undefined && !isNonNegativeFinite(retryAfterSeconds)) {
    throw new TypeError(
      `injectFault: \`retryAfterSeconds\` must be a non-negative number, got ${String(retryAfterSeconds)}.`,
    );
  }
  if (retryAfter !== undefined && (typeof retryAfter !== 'string' || retryAfter === '')) {
    throw new TypeError(
      'injectFault: `retryAfter` must be a non-empty header value such as an HTTP date.',
    );
  }
  if (retryAfter !== undefined && retryAfterSeconds !== undefined) {
    throw new TypeError('injectFault: give `retryAfterSeconds` or `retryAfter`, not both.');
  }
  if (dropConnection === true && status !== undefined) {
    throw new TypeError(
      'injectFault: a dropped connection cannot also answer a `status`; give one of them.',
    );
  }
  if (
    status === undefined &&
    (retryAfter !== undefined || retryAfterSeconds !== undefined || body !== undefined)
  ) {
    throw new TypeError(
      'injectFault: `retryAfter`, `retryAfterSeconds` and `body` shape a response, so they need a `status`.',
    );
  }
  if (status === undefined && dropConnection !== true && delayMs === undefined) {
    throw new TypeError(
      'injectFault: give at least one of `status`, `dropConnection` or `delayMs`.',
    );
  }
  return {
    pathname: faultPathname(path),
    status,
    remaining: times,
    retryAfter:
      retryAfter ?? (retryAfterSeconds === undefined ? undefined : String(retryAfterSeconds)),
    delayMs: delayMs ?? 0,
    dropConnection: dropConnection === true,
    body,
  };
}

/** Injected faults per pathname, each path's faults used in the order they were injected. */
export class FaultQueue {
  readonly #byPath = new Map<string, QueuedFault[]>();

  add(fault: QueuedFault): void {
    const queue = this.#byPath.get(fault.pathname);
    if (queue === undefined) this.#byPath.set(fault.pathname, [fault]);
    else queue.push(fault);
  }

  /** Takes one use of the first fault queued for the pathname, if any. */
  take(pathname: string): QueuedFault | undefined {
    const queue = this.#byPath.get(pathname);
    const fault = queue?.[0];
    if (queue === undefined || fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) queue.shift();
    if (queue.length === 0) this.#byPath.delete(pathname);
    return fault;
  }

  clear(): void {
    this.#byPath.clear();
  }
}
