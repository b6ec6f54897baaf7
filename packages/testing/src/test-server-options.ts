import type { EnvironmentDocument } from './environment-document';
import { experimentEnvironment } from './fixtures/experiment-environment';
import { checkEnvironmentDocument } from './internal/check-environment-document';
import type { EventRejector } from './received-event';

/** The server-side key a test server accepts when none is given. */
export const DEFAULT_SERVER_KEY = 'ser.test-server-key';

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  /**
   * The environment document to serve. The server keeps its own copy; use
   * `server.setEnvironment()` to change it later.
   * @default experimentEnvironment
   */
  environment?: EnvironmentDocument;
  /**
   * The client-side environment key the flags and events APIs accept.
   * @default environment.api_key
   */
  clientKey?: string;
  /**
   * The server-side environment key (must start with `ser.`). It is accepted everywhere and is
   * the only key `environment-document/` accepts.
   * @default 'ser.test-server-key'
   */
  serverKey?: string;
  /**
   * The port to listen on; `0` picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * The interface to listen on.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * When set, `environment-document/` pages `identity_overrides` this many at a time, linking
   * each page to the next with a `Link: <url>; rel="next"` header.
   * @default undefined (one page)
   */
  environmentDocumentPageSize?: number;
  /**
   * The largest `POST /v1/events` body accepted, in bytes; larger bodies get 413.
   * @default 1_048_576 (1 MiB)
   */
  maxEventsBodyBytes?: number;
  /**
   * The most events accepted in one `POST /v1/events`; more get 413, so a client splits the
   * batch.
   * @default 10_000
   */
  maxEventsPerRequest?: number;
  /**
   * Declines valid events "softly": they are listed in the 202 body's `rejected` and not
   * stored. Can also be set later with `server.rejectEvents()`.
   * @default undefined (every valid event is accepted)
   */
  rejectEvents?: EventRejector;
}

/** {@link TestServerOptions} with every default applied. */
export interface ResolvedTestServerOptions {
  environment: EnvironmentDocument;
  clientKey: string;
  serverKey: string;
  port: number;
  host: string;
  environmentDocumentPageSize: number | undefined;
  maxEventsBodyBytes: number;
  maxEventsPerRequest: number;
  rejectEvents: EventRejector | undefined;
}

/** The defaults of {@link TestServerOptions} that do not depend on the environment. */
export const TEST_SERVER_DEFAULTS = Object.freeze({
  serverKey: DEFAULT_SERVER_KEY,
  port: 0,
  host: '127.0.0.1',
  environmentDocumentPageSize: undefined,
  maxEventsBodyBytes: 1_048_576,
  maxEventsPerRequest: 10_000,
  rejectEvents: undefined,
} as const);

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(
      `startTestServer: \`${name}\` must be a positive integer, got ${String(value)}.`,
    );
  }
  return value;
}

function key(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`startTestServer: \`${name}\` must be a non-empty string.`);
  }
  return value;
}

/**
 * Validates {@link TestServerOptions} and fills in the defaults. Throws a `TypeError` that
 * says what to change for anything missing, mistyped or out of range: a test server is better
 * loud than lenient.
 */
export function resolveTestServerOptions(
  options: TestServerOptions = {},
): ResolvedTestServerOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('startTestServer: pass an options object, for example { environment }.');
  }
  const environment =
    options.environment === undefined
      ? checkEnvironmentDocument(experimentEnvironment, 'startTestServer')
      : checkEnvironmentDocument(options.environment, 'startTestServer: `environment`');
  const clientKey = key('clientKey', options.clientKey, environment.api_key);
  const serverKey = key('serverKey', options.serverKey, TEST_SERVER_DEFAULTS.serverKey);
  if (!serverKey.startsWith('ser.')) {
    throw new TypeError(
      `startTestServer: \`serverKey\` must start with "ser." as Flagsmith's server-side keys do, got "${serverKey}".`,
    );
  }
  if (clientKey.startsWith('ser.')) {
    throw new TypeError(
      `startTestServer: \`clientKey\` must not start with "ser." (that marks a server-side key), got "${clientKey}".`,
    );
  }
  const { port = TEST_SERVER_DEFAULTS.port } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(
      `startTestServer: \`port\` must be an integer from 0 to 65535, got ${String(port)}.`,
    );
  }
  const host = key('host', options.host, TEST_SERVER_DEFAULTS.host);
  const { rejectEvents } = options;
  if (rejectEvents !== undefined && typeof rejectEvents !== 'function') {
    throw new TypeError(
      'startTestServer: `rejectEvents` must be a function (event, index) => boolean | string.',
    );
  }
  return {
    environment,
    clientKey,
    serverKey,
    port,
    host,
    environmentDocumentPageSize:
      options.environmentDocumentPageSize === undefined
        ? undefined
        : positiveInteger('environmentDocumentPageSize', options.environmentDocumentPageSize, 1),
    maxEventsBodyBytes: positiveInteger(
      'maxEventsBodyBytes',
      options.maxEventsBodyBytes,
      TEST_SERVER_DEFAULTS.maxEventsBodyBytes,
    ),
    maxEventsPerRequest: positiveInteger(
      'maxEventsPerRequest',
      options.maxEventsPerRequest,
      TEST_SERVER_DEFAULTS.maxEventsPerRequest,
    ),
    rejectEvents,
  };
}
