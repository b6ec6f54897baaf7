/**
 * A fault to inject into the responses of one path, with `server.injectFault(fault)`.
 *
 * Give at least one of `status`, `dropConnection` or `delayMs`. A fault with only `delayMs`
 * delays the request and then serves it normally; with `status` it answers that status; with
 * `dropConnection` it destroys the socket without answering. `delayMs` combines with either.
 */
export interface Fault {
  /**
   * Which requests the fault applies to (any method except CORS preflight `OPTIONS`). A value
   * starting with `/` is an exact pathname (`/api/v1/flags/`, `/v1/events`). Otherwise it is a
   * shorthand: `v1/events` means `/v1/events`; anything else is taken relative to `/api/v1/`,
   * with a trailing `/` added when missing (`flags/` or `flags` mean `/api/v1/flags/`).
   */
  path: string;
  /** Answer with this HTTP status (200 to 599) instead of serving the request. */
  status?: number;
  /**
   * How many matching requests the fault applies to; `Infinity` until `clearFaults()` or
   * `reset()`.
   * @default 1
   */
  times?: number;
  /** Send `Retry-After` with this many seconds. Needs `status`. */
  retryAfterSeconds?: number;
  /** Send `Retry-After` with this raw value, for example an HTTP date. Needs `status`. */
  retryAfter?: string;
  /** Wait this long before answering (or dropping, or serving normally). */
  delayMs?: number;
  /** Destroy the connection without an answer: the client sees a network error. */
  dropConnection?: boolean;
  /**
   * The response body for `status`. A string is sent verbatim (so invalid JSON can be
   * served); anything else is sent as JSON.
   * @default {"detail": "Injected fault: <status>"}
   */
  body?: unknown;
}
