import { isRetryableStatus, parseRetryAfter, sendHttpRequest } from '@flagsmith-openfeature/core';
import { SDK_USER_AGENT } from './version';

/** How one `POST v1/events` went, as the sender's retry policy needs to know it. */
export type PostOutcome =
  /** 2xx. `rejected` counts the events the body's `rejected` list declined. */
  | {
      readonly kind: 'accepted';
      readonly rejected: number;
      readonly firstError: string | undefined;
    }
  /** A network error, a timeout, 408, 429 or 5xx: worth trying again. */
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterMs: number | undefined }
  /** 400, 422 or another 4xx the batch will never get past. */
  | { readonly kind: 'rejected'; readonly status: number; readonly reason: string }
  /** 413: the batch is too large for the server. */
  | { readonly kind: 'too-large' }
  /** 401 or 403: the key is wrong, and will stay wrong. */
  | { readonly kind: 'unauthorized'; readonly status: number }
  /** The processor aborted the request (its `close()` ran out of time). */
  | { readonly kind: 'aborted' };

/** What {@link EventTransport} needs to reach the events API. */
export interface TransportConfig {
  readonly url: string;
  readonly environmentKey: string;
  readonly fetch: typeof globalThis.fetch;
  readonly requestTimeoutMs: number;
  readonly now: () => number;
}

const DETAIL_CHARS = 200;

function truncate(text: string): string {
  return text.length > DETAIL_CHARS ? `${text.slice(0, DETAIL_CHARS)}...` : text;
}

function countRejected(body: string, batchSize: number): { count: number; first?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { count: 0 };
  }
  if (typeof parsed !== 'object' || parsed === null) return { count: 0 };
  const { rejected } = parsed as { rejected?: unknown };
  if (!Array.isArray(rejected)) return { count: 0 };
  const indices = new Set<number>();
  let first: string | undefined;
  for (const entry of rejected) {
    const { index, error } = (entry ?? {}) as { index?: unknown; error?: unknown };
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= batchSize) {
      continue;
    }
    indices.add(index);
    if (first === undefined && typeof error === 'string') first = error;
  }
  return first === undefined ? { count: indices.size } : { count: indices.size, first };
}

/**
 * One `POST {eventsApiUrl}v1/events`, classified. The request goes through the core's
 * `sendHttpRequest` (ky, or the page's `fetch` in browser bundles), which never retries and never
 * throws for a status: the retry policy belongs to the sender, which knows about batches, order
 * and the buffer.
 */
export class EventTransport {
  readonly #config: TransportConfig;
  readonly #headers: Readonly<Record<string, string>>;

  constructor(config: TransportConfig) {
    this.#config = config;
    this.#headers = {
      'content-type': 'application/json',
      'x-environment-key': config.environmentKey,
      'flagsmith-sdk-user-agent': SDK_USER_AGENT,
    };
  }

  /**
   * Sends one serialised batch of `batchSize` events. Never rejects. `requestTimeoutMs` bounds
   * the whole exchange, body included, so a server that stalls mid-answer cannot hold the
   * sender's one request slot; `closeSignal` aborts it when the processor's `close()` runs out
   * of time.
   */
  async post(
    body: string,
    batchSize: number,
    keepalive: boolean,
    closeSignal: AbortSignal,
  ): Promise<PostOutcome> {
    const controller = new AbortController();
    let timedOut = false;
    // A request on the wire holds the process open anyway; this timer lives no longer than it.
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#config.requestTimeoutMs);
    const abort = () => controller.abort();
    closeSignal.addEventListener('abort', abort);
    try {
      return await this.#exchange(body, batchSize, keepalive, controller.signal);
    } catch (error) {
      if (closeSignal.aborted) return { kind: 'aborted' };
      if (timedOut) {
        return {
          kind: 'retry',
          reason: `no response within ${this.#config.requestTimeoutMs} ms`,
          retryAfterMs: undefined,
        };
      }
      const message = error instanceof Error ? error.message : String(error);
      return { kind: 'retry', reason: `network error (${message})`, retryAfterMs: undefined };
    } finally {
      clearTimeout(timer);
      closeSignal.removeEventListener('abort', abort);
    }
  }

  async #exchange(
    body: string,
    batchSize: number,
    keepalive: boolean,
    signal: AbortSignal,
  ): Promise<PostOutcome> {
    const response = await sendHttpRequest({
      method: 'POST',
      url: this.#config.url,
      headers: this.#headers,
      body,
      keepalive,
      signal,
      fetch: this.#config.fetch,
    });
    let text = '';
    try {
      text = await response.text();
    } catch (error) {
      // A 2xx whose body broke off still means the events arrived; anything else is retried.
      if (!response.ok) throw error;
    }
    const { status } = response;
    if (response.ok) {
      const { count, first } = countRejected(text, batchSize);
      return { kind: 'accepted', rejected: count, firstError: first };
    }
    if (status === 401 || status === 403) return { kind: 'unauthorized', status };
    if (status === 413) return { kind: 'too-large' };
    if (isRetryableStatus(status)) {
      return {
        kind: 'retry',
        reason: `HTTP ${status}${text === '' ? '' : `: ${truncate(text)}`}`,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), this.#config.now()),
      };
    }
    return {
      kind: 'rejected',
      status,
      reason: `HTTP ${status}${text === '' ? '' : `: ${truncate(text)}`}`,
    };
  }
}
