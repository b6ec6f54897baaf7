/** One request the test server received, as kept in `server.requests`. */
export interface RecordedRequest {
  /** The HTTP method, such as `GET`. */
  readonly method: string;
  /** The pathname, such as `/api/v1/flags/` (no query string). */
  readonly path: string;
  /** The query parameters (the first value of each). */
  readonly query: Readonly<Record<string, string>>;
  /** The request headers, names in lower case, repeated ones joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The body: parsed JSON when it is JSON, the raw text otherwise, `null` when empty or over
   * the size limit.
   */
  readonly body: unknown;
  /** The body's size in bytes. */
  readonly bodyBytes: number;
  /** The response status; `null` while the response is pending or when the connection was dropped. */
  readonly status: number | null;
  /** `true` when an injected fault dropped the connection. */
  readonly dropped: boolean;
  /** `true` when an injected fault applied to the request (delayed, answered or dropped it). */
  readonly faulted: boolean;
  /** When the request arrived, in epoch milliseconds. */
  readonly receivedAt: number;
}
