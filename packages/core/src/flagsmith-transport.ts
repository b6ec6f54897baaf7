import type { FlagsmithError, FlagsmithResponseErrorOptions } from './errors';
import {
  FlagsmithAuthenticationError,
  FlagsmithHttpError,
  FlagsmithNetworkError,
  FlagsmithResponseError,
  FlagsmithTimeoutError,
} from './errors';
import type {
  FlagsmithClientOptions,
  ResolvedFlagsmithClientOptions,
} from './flagsmith-client-options';
import { resolveFlagsmithClientOptions } from './flagsmith-client-options';
import { attemptHttpRequest } from './internal/attempt-http-request';
import { describeValue, ShapeError } from './internal/shape';
import { backoffDelayMs, isRetryableStatus, parseRetryAfter } from './retry';

/** One JSON request to Flagsmith's flags API. */
export interface JsonRequest {
  readonly method: 'GET' | 'POST';
  /** Resolved against `apiUrl`: a path such as `flags/`, or an absolute URL. */
  readonly path: string;
  readonly json?: unknown;
  /** Added to the message of a 401/403, to say what kind of key this endpoint needs. */
  readonly authHint?: string;
}

/** A 2xx response whose body parsed as JSON and was read by the request's parser. */
export interface JsonResponse<T> {
  readonly data: T;
  readonly status: number;
  readonly headers: Headers;
  /** The request's URL. */
  readonly url: URL;
  /** The body as text, truncated, for error messages. */
  readonly bodyExcerpt: string;
}

/**
 * What the flag requests (`getEnvironmentFlags`, `getIdentityFlags`, `getEnvironmentDocument`)
 * run on: a client's resolved options, and the function that sends one request with them.
 */
export interface FlagsmithTransport {
  /** The resolved, frozen options. */
  readonly options: ResolvedFlagsmithClientOptions;
  /**
   * Sends `request` with `X-Environment-Key`, a time limit per attempt and retries, and resolves
   * with the JSON of a 2xx answer as `parse` reads it. Rejects with a `FlagsmithError` subclass:
   * a `FlagsmithResponseError` when the body is not JSON or `parse` throws a shape error.
   */
  readonly requestJson: <T>(
    request: JsonRequest,
    parse: (data: unknown) => T,
  ) => Promise<JsonResponse<T>>;
}

/**
 * Validates `options` (as `resolveFlagsmithClientOptions` does) and returns the transport the
 * flag requests run on. `FlagsmithClient` is one of these with methods; an application that needs
 * only some of the requests can call them on a transport, and bundle only those.
 *
 * Each request goes through `sendHttpRequest` (ky, or the page's `fetch` in browser bundles); the
 * retry loop is ours, so the policy is exactly the documented one and no HTTP library's error
 * types ever reach the caller.
 */
export function createFlagsmithTransport(options: FlagsmithClientOptions): FlagsmithTransport {
  const resolved = resolveFlagsmithClientOptions(options);
  const { requestTimeoutMs, retries, maxRetryAfterMs, logger } = resolved;
  const headers = {
    ...resolved.customHeaders,
    Accept: 'application/json',
    'X-Environment-Key': resolved.environmentKey,
  };

  const requestJson = async <T>(
    request: JsonRequest,
    parse: (data: unknown) => T,
  ): Promise<JsonResponse<T>> => {
    const { method, json } = request;
    const url = new URL(request.path, resolved.apiUrl);
    for (let attempt = 1; ; attempt++) {
      // Looked up at each attempt, so a `fetch` installed after construction (a polyfill, a
      // test's interceptor) is used. A missing fetch is a setup mistake, not a network failure:
      // it is reported at once, unretried.
      const fetch = resolved.fetch ?? globalThis.fetch;
      if (typeof fetch !== 'function') {
        throw new TypeError(
          'FlagsmithClient: no fetch is available in this runtime; pass one as the fetch option',
        );
      }
      const outcome = await attemptHttpRequest(
        { method, url, headers, fetch, json },
        requestTimeoutMs,
      );
      // Errors name the request, and how often it was tried when more than once.
      const where = `${method} ${url}${attempt > 1 ? ` (${attempt} attempts)` : ''}`;
      const sent = { method, url: url.href };
      let retryAfterMs: number | undefined;
      let failure: FlagsmithError;
      if (outcome.kind === 'failed') {
        const { error, timedOut } = outcome;
        failure = timedOut
          ? new FlagsmithTimeoutError(
              `${where}: no response within requestTimeoutMs (${requestTimeoutMs} ms)`,
              { ...sent, cause: error, timeoutMs: requestTimeoutMs },
            )
          : new FlagsmithNetworkError(`${where}: ${describeFailure(error)}`, {
              ...sent,
              cause: error,
            });
      } else {
        const { response, text } = outcome;
        const { status } = response;
        // Bodies are kept for diagnosis, but only their first 2,000 characters.
        const body = text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
        const details = { status, ...sent, body };
        if (response.ok) {
          try {
            const data = parse(JSON.parse(text));
            return { data, status, headers: response.headers, url, bodyExcerpt: body };
          } catch (error) {
            // Not JSON, or a ShapeError: anything else is a bug in `parse`, thrown as it is.
            if (!(error instanceof SyntaxError)) throw error;
            throw responseError(
              { ...details, cause: error },
              error instanceof ShapeError ? error.message : 'the body is not JSON',
            );
          }
        }
        if (status === 401 || status === 403) {
          const { authHint } = request;
          throw new FlagsmithAuthenticationError(
            `${where}: HTTP ${status}. Check environmentKey.${authHint ? ` ${authHint}` : ''}`,
            details,
          );
        }
        if (!isRetryableStatus(status)) {
          // A 4xx body says what was wrong with the request (5xx bodies are mostly a proxy's HTML).
          const said = text.trim().slice(0, 200);
          throw new FlagsmithHttpError(
            `${where}: HTTP ${status}${status === 404 ? '. Check apiUrl.' : said === '' ? '' : `: ${said}`}`,
            details,
          );
        }
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
        if (attempt <= retries && (retryAfterMs ?? 0) > maxRetryAfterMs) {
          throw new FlagsmithHttpError(
            `${where}: HTTP ${status}; Retry-After (${retryAfterMs} ms) exceeds maxRetryAfterMs`,
            details,
          );
        }
        failure = new FlagsmithHttpError(`${where}: HTTP ${status}`, details);
      }
      if (attempt > retries) throw failure;
      const delayMs = retryAfterMs ?? backoffDelayMs(attempt, resolved.retryBackoff);
      logger.debug(
        `FlagsmithClient: ${failure.message}; retry ${attempt} of ${retries} in ${delayMs} ms`,
      );
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  };

  return Object.freeze({ options: resolved, requestJson });
}

/**
 * The error for a 2xx answer that cannot be used: not JSON, not the shape the API returns, or a
 * broken pagination of the environment document.
 */
export function responseError(
  details: FlagsmithResponseErrorOptions,
  problem: string,
): FlagsmithResponseError {
  const { method, url, status } = details;
  return new FlagsmithResponseError(
    `${method} ${url}: unusable HTTP ${status} answer: ${problem}. Check apiUrl.`,
    details,
  );
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return describeValue(error);
  // Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, …) is in its cause.
  const { cause } = error;
  return `${error.message}${cause instanceof Error ? ` (${cause.message})` : ''}`;
}
