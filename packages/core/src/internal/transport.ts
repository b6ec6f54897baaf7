import { sendHttpRequest } from '#send-http-request';
import {
  FlagsmithAuthenticationError,
  FlagsmithHttpError,
  FlagsmithNetworkError,
  FlagsmithResponseError,
  FlagsmithTimeoutError,
} from '../errors';
import type { Logger } from '../logger';
import type { BackoffOptions } from '../retry';
import { backoffDelayMs, isRetryableStatus, parseRetryAfter } from '../retry';
import { describeValue } from './shape';

/** A `fetch`-compatible function. */
export type FetchFunction = (
  input: string | URL | Request,
  init?: RequestInit,
) => Promise<Response>;

/** What the transport needs from the client's resolved options. */
export interface TransportConfig {
  environmentKey: string;
  requestTimeoutMs: number;
  retries: number;
  retryBackoff: Readonly<BackoffOptions>;
  maxRetryAfterMs: number;
  customHeaders: Readonly<Record<string, string>>;
  fetch?: FetchFunction;
  logger: Logger;
}

/** One JSON request to Flagsmith. */
export interface JsonRequest {
  method: 'GET' | 'POST';
  url: URL;
  json?: unknown;
  /** Added to the message of a 401/403, to say what kind of key this endpoint needs. */
  authHint?: string;
}

/** A 2xx response whose body parsed as JSON. */
export interface JsonResponse {
  data: unknown;
  status: number;
  headers: Headers;
  /** The body as text, truncated, for error messages. */
  bodyExcerpt: string;
}

/** Error bodies are kept for diagnosis, but only this much of them. */
const BODY_EXCERPT_CHARS = 2_000;

type AttemptOutcome =
  | { kind: 'response'; status: number; statusText: string; headers: Headers; text: string }
  | { kind: 'failure'; error: unknown; timedOut: boolean };

/**
 * Sends requests to Flagsmith with the environment key, a time limit per attempt and retries.
 * `sendHttpRequest` makes each request (ky, or the page's `fetch` in browser bundles); the retry
 * loop is ours, so the policy is exactly the documented one and no HTTP library's error types
 * ever reach the caller.
 */
export class Transport {
  readonly #config: TransportConfig;
  readonly #headers: Readonly<Record<string, string>>;

  constructor(config: TransportConfig) {
    this.#config = config;
    this.#headers = {
      ...withoutEnvironmentKey(config.customHeaders),
      Accept: 'application/json',
      'X-Environment-Key': config.environmentKey,
    };
  }

  /** Sends `request`, retrying as configured, and returns the parsed JSON of a 2xx answer. */
  async requestJson(request: JsonRequest): Promise<JsonResponse> {
    const { retries, logger } = this.#config;
    // A missing fetch is a setup mistake, not a network failure: say so at once, unretried.
    this.#resolveFetch();
    const attempts = retries + 1;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#attempt(request);
      if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
        return parseJson(request, outcome.status, outcome.headers, outcome.text);
      }
      let retryAfterMs: number | undefined;
      if (outcome.kind === 'response') {
        if (!isRetryableStatus(outcome.status) || attempt >= attempts) {
          throw httpError(request, outcome, attempt);
        }
        retryAfterMs = parseRetryAfter(outcome.headers.get('retry-after'));
        if (retryAfterMs !== undefined && retryAfterMs > this.#config.maxRetryAfterMs) {
          throw httpError(
            request,
            outcome,
            attempt,
            ` Flagsmith asked to wait ${Math.ceil(retryAfterMs / 1000)} s before retrying, longer than maxRetryAfterMs (${this.#config.maxRetryAfterMs} ms), so the client gave up.`,
          );
        }
      } else if (attempt >= attempts) {
        throw this.#failureError(request, outcome, attempt);
      }
      const delayMs = retryAfterMs ?? backoffDelayMs(attempt, this.#config.retryBackoff);
      logger.debug(
        `Flagsmith: retrying ${request.method} ${request.url.href} in ${delayMs} ms after ${
          outcome.kind === 'response' ? `HTTP ${outcome.status}` : describeFailure(outcome)
        } (attempt ${attempt + 1} of ${attempts})`,
      );
      await sleep(delayMs);
    }
  }

  /** One attempt: the time limit covers sending, the response headers and the whole body. */
  async #attempt(request: JsonRequest): Promise<AttemptOutcome> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#config.requestTimeoutMs);
    try {
      const response = await sendHttpRequest({
        method: request.method,
        url: request.url,
        headers: this.#headers,
        signal: controller.signal,
        // Resolved at call time, so a `fetch` installed after construction (a polyfill, a test's
        // interceptor) is used.
        fetch: this.#resolveFetch(),
        ...(request.json === undefined ? {} : { json: request.json }),
      });
      const text = await response.text();
      return {
        kind: 'response',
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        text,
      };
    } catch (error) {
      return { kind: 'failure', error, timedOut };
    } finally {
      clearTimeout(timer);
    }
  }

  #resolveFetch(): FetchFunction {
    const fetchFunction = this.#config.fetch ?? globalThis.fetch;
    if (typeof fetchFunction !== 'function') {
      throw new TypeError(
        'FlagsmithClient: no fetch is available in this runtime; pass one as the `fetch` option',
      );
    }
    return fetchFunction;
  }

  #failureError(
    request: JsonRequest,
    outcome: Extract<AttemptOutcome, { kind: 'failure' }>,
    attempts: number,
  ): FlagsmithNetworkError {
    const where = `${request.method} ${request.url.href}`;
    const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
    if (outcome.timedOut) {
      const timeoutMs = this.#config.requestTimeoutMs;
      return new FlagsmithTimeoutError(
        `Flagsmith did not answer ${where} within requestTimeoutMs (${timeoutMs} ms)${tries}.`,
        { method: request.method, url: request.url.href, timeoutMs, cause: outcome.error },
      );
    }
    return new FlagsmithNetworkError(
      `Could not reach Flagsmith at ${where}${tries}: ${describeFailure(outcome)}. Check apiUrl and the network.`,
      { method: request.method, url: request.url.href, cause: outcome.error },
    );
  }
}

function withoutEnvironmentKey(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'x-environment-key'),
  );
}

function describeFailure(outcome: Extract<AttemptOutcome, { kind: 'failure' }>): string {
  if (outcome.timedOut) return 'a timeout';
  const { error } = outcome;
  if (!(error instanceof Error)) return describeValue(error);
  // Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, …) is in its cause.
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}

function excerpt(text: string): string {
  return text.length > BODY_EXCERPT_CHARS ? `${text.slice(0, BODY_EXCERPT_CHARS)}…` : text;
}

function parseJson(
  request: JsonRequest,
  status: number,
  headers: Headers,
  text: string,
): JsonResponse {
  const bodyExcerpt = excerpt(text);
  try {
    return { data: JSON.parse(text), status, headers, bodyExcerpt };
  } catch (cause) {
    throw new FlagsmithResponseError(
      `Flagsmith's answer to ${request.method} ${request.url.href} (HTTP ${status}) is not JSON${
        text.trim() === '' ? ': the body is empty' : ''
      }. Check that apiUrl points at the Flagsmith API.`,
      { status, method: request.method, url: request.url.href, body: bodyExcerpt, cause },
    );
  }
}

function httpError(
  request: JsonRequest,
  response: Extract<AttemptOutcome, { kind: 'response' }>,
  attempts: number,
  suffix = '',
): FlagsmithHttpError {
  const { status } = response;
  const options = {
    status,
    method: request.method,
    url: request.url.href,
    body: excerpt(response.text),
  };
  const where = `${request.method} ${request.url.href}`;
  if (status === 401 || status === 403) {
    return new FlagsmithAuthenticationError(
      `Flagsmith rejected the environment key (HTTP ${status} from ${where}). Check environmentKey: it must be the key of an existing environment.${
        request.authHint === undefined ? '' : ` ${request.authHint}`
      }`,
      options,
    );
  }
  const statusText = response.statusText === '' ? '' : ` ${response.statusText}`;
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  let hint = '';
  if (status === 404) {
    hint =
      ' Check apiUrl: it must be the API root, such as https://edge.api.flagsmith.com/api/v1/.';
  } else if (status < 500 && status !== 408 && status !== 429 && response.text.trim() !== '') {
    hint = ` Flagsmith said: ${response.text.trim().slice(0, 200)}`;
  }
  return new FlagsmithHttpError(
    `Flagsmith answered HTTP ${status}${statusText} to ${where}${tries}.${hint}${suffix}`,
    options,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
