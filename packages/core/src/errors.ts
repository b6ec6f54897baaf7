/** What every {@link FlagsmithError} may be constructed with. */
export interface FlagsmithErrorOptions {
  /** The underlying error, when there is one. */
  cause?: unknown;
}

/**
 * The base of every error the Flagsmith core throws. Catch this to handle any failure to get
 * flags; test for a subclass to tell why.
 */
export class FlagsmithError extends Error {
  override name = 'FlagsmithError';

  constructor(message: string, options?: FlagsmithErrorOptions) {
    // Error sets `cause` only when the options have one, as they are passed here.
    super(message, options);
    // The subclasses' fields (`status`, `url`, …) come with the options, under the same names
    // (`cause` is assigned again, unchanged and still not enumerable).
    Object.assign(this, options);
  }
}

/** What a {@link FlagsmithHttpError} is constructed with. */
export interface FlagsmithHttpErrorOptions extends FlagsmithErrorOptions {
  /** The HTTP status Flagsmith answered with. */
  status: number;
  /** The request's method, upper case. */
  method: string;
  /** The request's URL. */
  url: string;
  /** The response body as text, truncated to a few kilobytes; `''` when there was none. */
  body: string;
}

/**
 * Flagsmith answered with a status that is not 2xx (after any retries): `status` says which.
 * 401 and 403 arrive as the subclass {@link FlagsmithAuthenticationError}.
 */
export class FlagsmithHttpError extends FlagsmithError {
  override name = 'FlagsmithHttpError';
  /** The HTTP status Flagsmith answered with. */
  declare readonly status: number;
  /** The request's method, upper case. */
  declare readonly method: string;
  /** The request's URL. */
  declare readonly url: string;
  /** The response body as text, truncated to a few kilobytes; `''` when there was none. */
  declare readonly body: string;

  constructor(message: string, options: FlagsmithHttpErrorOptions) {
    super(message, options);
  }
}

/**
 * Flagsmith refused the environment key (HTTP 401 or 403). Retrying will not help: the key is
 * wrong, revoked, or of the wrong kind (the environment document needs a server-side `ser.` key).
 */
export class FlagsmithAuthenticationError extends FlagsmithHttpError {
  override name = 'FlagsmithAuthenticationError';
}

/** What a {@link FlagsmithNetworkError} is constructed with. */
export interface FlagsmithNetworkErrorOptions extends FlagsmithErrorOptions {
  /** The request's method, upper case. */
  method: string;
  /** The request's URL. */
  url: string;
}

/**
 * No HTTP answer came back (after any retries): DNS, connection refused or reset, TLS, CORS, or
 * a `fetch` that threw. The `cause` holds what `fetch` threw.
 */
export class FlagsmithNetworkError extends FlagsmithError {
  override name = 'FlagsmithNetworkError';
  /** The request's method, upper case. */
  declare readonly method: string;
  /** The request's URL. */
  declare readonly url: string;

  constructor(message: string, options: FlagsmithNetworkErrorOptions) {
    super(message, options);
  }
}

/** What a {@link FlagsmithTimeoutError} is constructed with. */
export interface FlagsmithTimeoutErrorOptions extends FlagsmithNetworkErrorOptions {
  /** The per-attempt time limit that ran out, in milliseconds. */
  timeoutMs: number;
}

/**
 * Flagsmith did not answer, body included, within `requestTimeoutMs` (on the last attempt).
 * A kind of {@link FlagsmithNetworkError}: both mean no usable answer arrived.
 */
export class FlagsmithTimeoutError extends FlagsmithNetworkError {
  override name = 'FlagsmithTimeoutError';
  /** The per-attempt time limit that ran out, in milliseconds. */
  declare readonly timeoutMs: number;

  constructor(message: string, options: FlagsmithTimeoutErrorOptions) {
    super(message, options);
  }
}

/** What a {@link FlagsmithResponseError} is constructed with. */
export interface FlagsmithResponseErrorOptions extends FlagsmithErrorOptions {
  /** The HTTP status of the response that could not be used. */
  status: number;
  /** The request's method, upper case. */
  method: string;
  /** The request's URL. */
  url: string;
  /** The response body as text, truncated to a few kilobytes. */
  body: string;
}

/**
 * Flagsmith answered 2xx with a body that is not what its API returns: not JSON, or JSON of the
 * wrong shape (the message names the first field that is wrong). Also thrown when the
 * environment document's pagination loops or leaves the API's origin.
 */
export class FlagsmithResponseError extends FlagsmithError {
  override name = 'FlagsmithResponseError';
  /** The HTTP status of the response that could not be used. */
  declare readonly status: number;
  /** The request's method, upper case. */
  declare readonly method: string;
  /** The request's URL. */
  declare readonly url: string;
  /** The response body as text, truncated to a few kilobytes. */
  declare readonly body: string;

  constructor(message: string, options: FlagsmithResponseErrorOptions) {
    super(message, options);
  }
}
