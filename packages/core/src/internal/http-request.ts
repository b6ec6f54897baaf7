/** A `fetch`-compatible function. */
export type FetchFunction = (
  input: string | URL | Request,
  init?: RequestInit,
) => Promise<Response>;

/** One HTTP request, as the core's and the event processor's transports send them. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: URL | string;
  readonly headers: Readonly<Record<string, string>>;
  /** Sent as the JSON body, with `Content-Type: application/json`. */
  readonly json?: unknown;
  /** Sent as the body as it is (when there is no `json`). */
  readonly body?: string;
  /** Whether the request may outlive the page (browsers' `fetch` keepalive). */
  readonly keepalive?: boolean;
  readonly signal: AbortSignal;
  /** The `fetch` that sends it. */
  readonly fetch: FetchFunction;
}

/**
 * Sends one request and resolves with whatever status comes back: no retries, no time limit, no
 * throwing for a status (the transports own those policies). Rejects only when `fetch` does.
 */
export type SendHttpRequest = (request: HttpRequest) => Promise<Response>;
