import { FlagsmithResponseError } from './errors';
import type { EnvironmentDocument, Flags, Traits } from './flag';
import {
  parseEnvironmentDocument,
  parseFlagList,
  parseIdentityOverrides,
  parseIdentityResponse,
} from './flag';
import { nextLinkTarget } from './internal/link-header';
import { isRecord, ShapeError } from './internal/shape';
import { normaliseIdentity } from './internal/traits';
import type { FetchFunction, JsonRequest, JsonResponse } from './internal/transport';
import { Transport } from './internal/transport';
import type { Logger } from './logger';
import { isLogger, noopLogger } from './logger';
import { resolveBaseUrlOption, resolveNumberOption } from './option-helpers';
import type { BackoffOptions } from './retry';

export type { FetchFunction } from './internal/transport';

/**
 * Options for {@link FlagsmithClient}. Every optional key also accepts `undefined`, which means
 * "use the default", so options can be passed through from a wrapper unchanged.
 */
export interface FlagsmithClientOptions {
  /**
   * The environment's SDK key: client-side, or server-side (`ser.…`). `getEnvironmentDocument()`
   * needs a server-side key.
   */
  environmentKey: string;
  /**
   * The Flagsmith API root. Must be an http(s) URL; a trailing slash is added when missing.
   * @default 'https://edge.api.flagsmith.com/api/v1/'
   */
  apiUrl?: string | undefined;
  /**
   * The time limit of each attempt, from sending the request to reading the whole body, in
   * milliseconds. An attempt that runs out of time is retried like a network error.
   * @default 10_000
   */
  requestTimeoutMs?: number | undefined;
  /**
   * How many times a request is retried after a network error, a timeout, HTTP 408, 429 or 5xx.
   * Other 4xx answers are never retried. `0` disables retries.
   * @default 3
   */
  retries?: number | undefined;
  /**
   * The backoff between retries: retry `n` waits a random time below
   * `min(maxMs, baseMs * 2^(n-1))` (full jitter), unless the answer carried `Retry-After`.
   * @default { baseMs: 500, maxMs: 10_000 }
   */
  retryBackoff?: Partial<BackoffOptions> | undefined;
  /**
   * The longest `Retry-After` the client waits for, in milliseconds. An answer asking for a
   * longer wait ends the retries at once with its `FlagsmithHttpError`, rather than the client
   * blocking a caller for minutes or retrying sooner than Flagsmith asked.
   * @default 60_000
   */
  maxRetryAfterMs?: number | undefined;
  /**
   * Headers sent with every request (a proxy's auth, for instance). They cannot replace
   * `X-Environment-Key`, which always carries `environmentKey`.
   * @default {}
   */
  customHeaders?: Readonly<Record<string, string>> | undefined;
  /**
   * The `fetch` to use, for runtimes without one or to route requests through an agent.
   * @default globalThis.fetch, looked up at each request
   */
  fetch?: FetchFunction | undefined;
  /**
   * Receives warnings about options and debug messages about retries.
   * @default a logger that discards everything
   */
  logger?: Logger | undefined;
}

/** {@link FlagsmithClientOptions} validated and complete, as the client uses them. */
export interface ResolvedFlagsmithClientOptions {
  readonly environmentKey: string;
  /** Always ends with `/`. */
  readonly apiUrl: string;
  readonly requestTimeoutMs: number;
  readonly retries: number;
  readonly retryBackoff: Readonly<BackoffOptions>;
  readonly maxRetryAfterMs: number;
  readonly customHeaders: Readonly<Record<string, string>>;
  /** Absent when `globalThis.fetch` is to be looked up at each request. */
  readonly fetch?: FetchFunction;
  readonly logger: Logger;
}

/** The defaults of {@link FlagsmithClientOptions}. */
export const DEFAULT_FLAGSMITH_CLIENT_OPTIONS = Object.freeze({
  apiUrl: 'https://edge.api.flagsmith.com/api/v1/',
  requestTimeoutMs: 10_000,
  retries: 3,
  retryBackoff: Object.freeze({ baseMs: 500, maxMs: 10_000 }),
  maxRetryAfterMs: 60_000,
  customHeaders: Object.freeze({}) as Readonly<Record<string, string>>,
});

/** `setTimeout` cannot wait longer than this. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Validates {@link FlagsmithClientOptions} and fills in the defaults. Input of the wrong type
 * (a missing or empty `environmentKey`, an `apiUrl` that is not an http(s) URL, a `fetch` that is
 * not a function, …) throws a `TypeError` saying what to pass; a number out of range is
 * reported to the logger as a warning and replaced by its default.
 */
export function resolveFlagsmithClientOptions(
  options: FlagsmithClientOptions,
): ResolvedFlagsmithClientOptions {
  const caller = 'FlagsmithClient';
  if (!isRecord(options)) {
    throw new TypeError(`${caller}: pass an options object, such as { environmentKey: '…' }`);
  }
  const logger = options.logger ?? noopLogger;
  if (!isLogger(logger)) {
    throw new TypeError(`${caller}: logger must have error, warn, info and debug methods`);
  }
  const { environmentKey } = options;
  if (typeof environmentKey !== 'string' || environmentKey.trim() === '') {
    throw new TypeError(
      `${caller}: environmentKey is required: pass your Flagsmith environment's SDK key (Environment settings → SDK keys), got ${
        typeof environmentKey === 'string' ? 'an empty string' : typeof environmentKey
      }`,
    );
  }
  const defaults = DEFAULT_FLAGSMITH_CLIENT_OPTIONS;
  const number = (
    name: string,
    value: unknown,
    fallback: number,
    valid: (n: number) => boolean,
    rule: string,
  ) => resolveNumberOption(caller, logger, name, value, fallback, valid, rule);
  const backoff = options.retryBackoff;
  if (backoff !== undefined && !isRecord(backoff)) {
    throw new TypeError(
      `${caller}: retryBackoff must be an object such as { baseMs: 500, maxMs: 10000 }`,
    );
  }
  const delay = (n: number) => n >= 0 && n <= MAX_TIMER_MS;
  const resolved: ResolvedFlagsmithClientOptions = {
    environmentKey,
    apiUrl: resolveBaseUrlOption(
      caller,
      'apiUrl',
      options.apiUrl,
      DEFAULT_FLAGSMITH_CLIENT_OPTIONS.apiUrl,
    ),
    requestTimeoutMs: number(
      'requestTimeoutMs',
      options.requestTimeoutMs,
      defaults.requestTimeoutMs,
      (n) => n > 0 && n <= MAX_TIMER_MS,
      `a positive number of milliseconds, at most ${MAX_TIMER_MS}`,
    ),
    retries: number(
      'retries',
      options.retries,
      defaults.retries,
      (n) => Number.isInteger(n) && n >= 0,
      'a whole number, 0 or more',
    ),
    retryBackoff: Object.freeze({
      baseMs: number(
        'retryBackoff.baseMs',
        backoff?.baseMs,
        defaults.retryBackoff.baseMs,
        delay,
        'a number of milliseconds, 0 or more',
      ),
      maxMs: number(
        'retryBackoff.maxMs',
        backoff?.maxMs,
        defaults.retryBackoff.maxMs,
        delay,
        'a number of milliseconds, 0 or more',
      ),
    }),
    maxRetryAfterMs: number(
      'maxRetryAfterMs',
      options.maxRetryAfterMs,
      defaults.maxRetryAfterMs,
      delay,
      `a number of milliseconds, 0 or more and at most ${MAX_TIMER_MS}`,
    ),
    customHeaders: resolveCustomHeaders(caller, logger, options.customHeaders),
    logger,
  };
  if (options.fetch !== undefined) {
    if (typeof options.fetch !== 'function') {
      throw new TypeError(
        `${caller}: fetch must be a function with the signature of globalThis.fetch`,
      );
    }
    return Object.freeze({ ...resolved, fetch: options.fetch });
  }
  return Object.freeze(resolved);
}

function resolveCustomHeaders(
  caller: string,
  logger: Logger,
  value: unknown,
): Readonly<Record<string, string>> {
  if (value === undefined) return DEFAULT_FLAGSMITH_CLIENT_OPTIONS.customHeaders;
  if (!isRecord(value)) {
    throw new TypeError(
      `${caller}: customHeaders must be an object of header names to string values`,
    );
  }
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(value)) {
    if (typeof headerValue !== 'string') {
      throw new TypeError(
        `${caller}: customHeaders["${name}"] must be a string, got ${typeof headerValue}`,
      );
    }
    if (name.toLowerCase() === 'x-environment-key') {
      logger.warn(
        `${caller}: customHeaders cannot set X-Environment-Key; it always carries environmentKey`,
      );
      continue;
    }
    headers[name] = headerValue;
  }
  return Object.freeze(headers);
}

/** Options of one {@link FlagsmithClient.getIdentityFlags} call. */
export interface IdentityFlagsRequestOptions {
  /**
   * Evaluate without persisting the identity or its traits in Flagsmith. Sent as
   * `transient: true` only when true.
   * @default false
   */
  transient?: boolean | undefined;
}

/** The most pages `getEnvironmentDocument()` follows before deciding the API is misbehaving. */
const MAX_ENVIRONMENT_DOCUMENT_PAGES = 1_000;

/**
 * A thin client for Flagsmith's flags API: environment flags, identity flags and the environment
 * document, with per-attempt timeouts, retries and typed errors. Every failure rejects with a
 * {@link FlagsmithError} subclass, except misuse (bad arguments), which throws a `TypeError`.
 * Holds no state between calls beyond its options; share one per environment key.
 */
export class FlagsmithClient {
  /** The resolved, frozen options. */
  readonly options: ResolvedFlagsmithClientOptions;
  readonly #transport: Transport;

  constructor(options: FlagsmithClientOptions) {
    this.options = resolveFlagsmithClientOptions(options);
    this.#transport = new Transport(this.options);
  }

  /** The environment's flags, keyed by feature name: `GET {apiUrl}flags/`. */
  async getEnvironmentFlags(): Promise<Flags> {
    const request: JsonRequest = { method: 'GET', url: this.#url('flags/') };
    const response = await this.#transport.requestJson(request);
    return readBody(request, response, (data) => parseFlagList(data, 'the body'));
  }

  /**
   * An identity's flags, keyed by feature name: `POST {apiUrl}identities/` with
   * `{identifier, traits: [{trait_key, trait_value}], transient?}`. Traits are sent sorted by key;
   * `undefined` values are left out. Throws a `TypeError` for an empty identifier or a trait
   * value that is not a string, finite number, boolean or null.
   */
  async getIdentityFlags(
    identifier: string,
    traits: Traits = {},
    options: IdentityFlagsRequestOptions = {},
  ): Promise<Flags> {
    const identity = normaliseIdentity('FlagsmithClient.getIdentityFlags', identifier, traits);
    const body: Record<string, unknown> = {
      identifier: identity.identifier,
      traits: identity.traits.map(([trait_key, trait_value]) => ({ trait_key, trait_value })),
    };
    if (options.transient === true) body.transient = true;
    const request: JsonRequest = { method: 'POST', url: this.#url('identities/'), json: body };
    const response = await this.#transport.requestJson(request);
    return readBody(request, response, parseIdentityResponse);
  }

  /**
   * The environment document, for local evaluation: `GET {apiUrl}environment-document/`. Needs a
   * server-side key. When the answer has a `Link: <…>; rel="next"` header, the next pages
   * (absolute or relative URLs, on the apiUrl's origin only) are fetched in turn and their
   * `identity_overrides` appended to the first page's. A page URL seen twice, a link to another
   * origin or more than 1000 pages rejects with a {@link FlagsmithResponseError}.
   */
  async getEnvironmentDocument(): Promise<EnvironmentDocument> {
    const authHint = this.options.environmentKey.startsWith('ser.')
      ? 'The environment document needs a server-side key (one starting with "ser.").'
      : 'The environment document needs a server-side key (one starting with "ser."), and the key given is not one.';
    let request: JsonRequest = { method: 'GET', url: this.#url('environment-document/'), authHint };
    let response = await this.#transport.requestJson(request);
    const document = readBody(request, response, parseEnvironmentDocument);
    const overrides = document.identity_overrides;
    const seen = new Set([request.url.href]);
    const origin = new URL(this.options.apiUrl).origin;
    for (let pages = 1; ; pages++) {
      const target = nextLinkTarget(response.headers.get('link'));
      if (target === undefined) return document;
      const nextUrl = parseUrl(target, request.url);
      const broken = (problem: string) =>
        responseError(
          request,
          response,
          `the environment document cannot be read whole: ${problem}`,
        );
      if (nextUrl === undefined) {
        throw broken(`its Link header's next page "${target}" is not a URL`);
      }
      if (nextUrl.origin !== origin) {
        throw broken(
          `its Link header points at another origin (${nextUrl.origin}), which would receive the environment key`,
        );
      }
      if (seen.has(nextUrl.href)) {
        throw broken(`its Link header points back at ${nextUrl.href}, a page already read`);
      }
      if (pages >= MAX_ENVIRONMENT_DOCUMENT_PAGES) {
        throw broken(`it has more than ${MAX_ENVIRONMENT_DOCUMENT_PAGES} pages`);
      }
      seen.add(nextUrl.href);
      request = { method: 'GET', url: nextUrl, authHint };
      response = await this.#transport.requestJson(request);
      for (const override of readBody(request, response, parseIdentityOverrides)) {
        overrides.push(override);
      }
    }
  }

  #url(path: string): URL {
    return new URL(path, this.options.apiUrl);
  }
}

/** `target` resolved against `base`, or `undefined` when it is not a URL. */
function parseUrl(target: string, base: URL): URL | undefined {
  try {
    return new URL(target, base);
  } catch {
    return undefined;
  }
}

/** Runs a body parser, turning a shape mismatch into a {@link FlagsmithResponseError}. */
function readBody<T>(request: JsonRequest, response: JsonResponse, parse: (data: unknown) => T): T {
  try {
    return parse(response.data);
  } catch (error) {
    if (error instanceof ShapeError) {
      throw responseError(
        request,
        response,
        `it is not what the Flagsmith API returns: ${error.message}`,
        error,
      );
    }
    throw error;
  }
}

function responseError(
  request: JsonRequest,
  response: JsonResponse,
  problem: string,
  cause?: unknown,
): FlagsmithResponseError {
  return new FlagsmithResponseError(
    `Flagsmith's answer to ${request.method} ${request.url.href} (HTTP ${response.status}) cannot be used: ${problem}. Check that apiUrl points at the Flagsmith API.`,
    {
      status: response.status,
      method: request.method,
      url: request.url.href,
      body: response.bodyExcerpt,
      ...(cause === undefined ? {} : { cause }),
    },
  );
}
