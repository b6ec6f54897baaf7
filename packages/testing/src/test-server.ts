import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EnvironmentDocument } from './environment-document';
import type { ExperimentQuery, ExperimentResults } from './experiment-results';
import { computeExperimentResults } from './experiment-results';
import type { Fault } from './fault';
import { checkEnvironmentDocument } from './internal/check-environment-document';
import { EVENTS_PATH, serveEventsApi } from './internal/events-api';
import { resolveExperimentQuery } from './internal/experiment-query';
import { serveExperimentsApi } from './internal/experiments-api';
import type { QueuedFault } from './internal/fault-queue';
import { FaultQueue, resolveFault } from './internal/fault-queue';
import { serveFlagsApi } from './internal/flags-api';
import type { RequestBody } from './internal/http';
import { headerRecord, parseBodyForLog, readBody, send } from './internal/http';
import { IdentityStore } from './internal/identity-store';
import type { RequestContext, ServerState } from './internal/request-context';
import type { EventRejector, ReceivedEvent } from './received-event';
import type { RecordedRequest } from './recorded-request';
import type { ResolvedTestServerOptions, TestServerOptions } from './test-server-options';
import { resolveTestServerOptions } from './test-server-options';

/** Bodies of flags API requests are small; this only keeps a runaway client in check. */
const MAX_API_BODY_BYTES = 1_048_576;

/** Options of {@link TestServer.waitForEvents}. */
export interface WaitForEventsOptions {
  /**
   * How long to wait before rejecting.
   * @default 5_000
   */
  timeoutMs?: number;
}

/**
 * A running local Flagsmith-compatible server: the flags API under `/api/v1/` and the events
 * API at `/v1/events`, with a request log, fault injection and experiment results. Start one with
 * {@link startTestServer}.
 */
export interface TestServer {
  /** The server's root URL, such as `http://127.0.0.1:53124/`. */
  readonly url: string;
  /** The flags API's base URL (the `apiUrl` option of clients and providers). */
  readonly apiUrl: string;
  /** The events API's base URL (the `eventsApiUrl` option); events go to `${eventsApiUrl}v1/events`. */
  readonly eventsApiUrl: string;
  /** The port the server listens on. */
  readonly port: number;
  /** The client-side environment key the server accepts. */
  readonly clientKey: string;
  /** The server-side environment key the server accepts (`ser.…`). */
  readonly serverKey: string;
  /** Every event accepted so far, in arrival order (a copy). */
  readonly events: readonly ReceivedEvent[];
  /** Every request received so far, in arrival order (a copy). */
  readonly requests: readonly RecordedRequest[];
  /** Serves another environment document from now on (the server keeps its own copy). */
  setEnvironment(document: EnvironmentDocument): void;
  /** Queues a fault for a path; see {@link Fault} for what each field does. */
  injectFault(fault: Fault): void;
  /** Removes every queued fault. */
  clearFaults(): void;
  /** Sets (or, with `undefined`, removes) the soft rejection of valid events. */
  rejectEvents(rejector?: EventRejector): void;
  /**
   * Resolves with the accepted events once at least `count` have arrived; rejects after the
   * timeout or when the server closes.
   */
  waitForEvents(count: number, options?: WaitForEventsOptions): Promise<readonly ReceivedEvent[]>;
  /**
   * Compares the variants of an experiment over the events received so far: per variant, over
   * the identities exposed to `featureName`, counting their events from their first exposure
   * on. See {@link computeExperimentResults} for the definitions; also served at
   * `GET`/`POST v1/experiments/results`. Throws a `TypeError` when the query is malformed.
   */
  experimentResults(query: ExperimentQuery): ExperimentResults;
  /**
   * Forgets events, requests, faults and remembered identity traits, and restores the
   * `rejectEvents` option. The environment document stays.
   */
  reset(): void;
  /** Stops the server, cutting open connections. Safe to call more than once. */
  close(): Promise<void>;
}

type MutableRecord = { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] };

interface EventWaiter {
  count: number;
  resolve(events: readonly ReceivedEvent[]): void;
  reject(error: Error): void;
}

interface Sleeper {
  timer: ReturnType<typeof setTimeout>;
  resolve(completed: boolean): void;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

class RunningTestServer implements TestServer, ServerState {
  readonly options: ResolvedTestServerOptions;
  readonly identities = new IdentityStore();
  readonly #http: Server;
  readonly #faults = new FaultQueue();
  readonly #events: ReceivedEvent[] = [];
  readonly #requests: MutableRecord[] = [];
  readonly #waiters = new Set<EventWaiter>();
  readonly #sleepers = new Set<Sleeper>();
  #environment: EnvironmentDocument;
  #rejector: EventRejector | undefined;
  #url = '';
  #port = 0;
  #closing: Promise<void> | undefined;

  constructor(options: ResolvedTestServerOptions) {
    this.options = options;
    this.#environment = options.environment;
    this.#rejector = options.rejectEvents;
    this.#http = createServer((request, response) => {
      void this.#handle(request, response);
    });
  }

  async listen(): Promise<void> {
    const { host, port } = this.options;
    await new Promise<void>((resolve, reject) => {
      this.#http.once('error', reject);
      this.#http.listen(port, host, () => {
        this.#http.off('error', reject);
        resolve();
      });
    });
    this.#port = (this.#http.address() as AddressInfo).port;
    this.#url = `http://${urlHost(host)}:${this.#port}/`;
  }

  get url(): string {
    return this.#url;
  }

  get apiUrl(): string {
    return `${this.#url}api/v1/`;
  }

  get eventsApiUrl(): string {
    return this.#url;
  }

  get port(): number {
    return this.#port;
  }

  get clientKey(): string {
    return this.options.clientKey;
  }

  get serverKey(): string {
    return this.options.serverKey;
  }

  get environment(): EnvironmentDocument {
    return this.#environment;
  }

  get events(): readonly ReceivedEvent[] {
    return [...this.#events];
  }

  get requests(): readonly RecordedRequest[] {
    return [...this.#requests];
  }

  setEnvironment(document: EnvironmentDocument): void {
    this.#environment = checkEnvironmentDocument(document, 'setEnvironment');
  }

  injectFault(fault: Fault): void {
    this.#faults.add(resolveFault(fault));
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  rejectEvents(rejector?: EventRejector): void {
    if (rejector !== undefined && typeof rejector !== 'function') {
      throw new TypeError(
        'rejectEvents: pass a function (event, index) => boolean | string, or nothing to accept every valid event.',
      );
    }
    this.#rejector = rejector;
  }

  rejectionOf(event: ReceivedEvent, index: number): string | undefined {
    const verdict = this.#rejector?.(event, index);
    if (verdict === true) return 'Rejected by the test server';
    return typeof verdict === 'string' && verdict !== '' ? verdict : undefined;
  }

  acceptEvents(events: readonly ReceivedEvent[]): void {
    this.#events.push(...events);
    for (const waiter of this.#waiters) {
      if (this.#events.length >= waiter.count) waiter.resolve(this.events);
    }
  }

  waitForEvents(
    count: number,
    { timeoutMs = 5_000 }: WaitForEventsOptions = {},
  ): Promise<readonly ReceivedEvent[]> {
    if (!Number.isInteger(count) || count < 0) {
      throw new TypeError(
        `waitForEvents: \`count\` must be a non-negative integer, got ${String(count)}.`,
      );
    }
    if (!(typeof timeoutMs === 'number' && timeoutMs >= 0)) {
      throw new TypeError(
        `waitForEvents: \`timeoutMs\` must be a non-negative number, got ${String(timeoutMs)}.`,
      );
    }
    if (this.#events.length >= count) return Promise.resolve(this.events);
    return new Promise((resolve, reject) => {
      const waiter: EventWaiter = {
        count,
        resolve: (events) => {
          settle();
          resolve(events);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        waiter.reject(
          new Error(
            `waitForEvents: ${this.#events.length} of ${count} events arrived within ${timeoutMs} ms.`,
          ),
        );
      }, timeoutMs);
      const settle = () => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
      };
      this.#waiters.add(waiter);
    });
  }

  experimentResults(query: ExperimentQuery): ExperimentResults {
    return computeExperimentResults(
      this.#events,
      resolveExperimentQuery(query, 'experimentResults'),
    );
  }

  reset(): void {
    this.#events.length = 0;
    this.#requests.length = 0;
    this.#faults.clear();
    this.identities.clear();
    this.#rejector = this.options.rejectEvents;
  }

  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      for (const sleeper of this.#sleepers) {
        clearTimeout(sleeper.timer);
        sleeper.resolve(false);
      }
      for (const waiter of this.#waiters) {
        waiter.reject(new Error('waitForEvents: the test server closed.'));
      }
      this.#http.close(() => resolve());
      this.#http.closeAllConnections();
    });
    return this.#closing;
  }

  /** Waits, unless the server closes first; resolves `false` when it did. */
  #sleep(ms: number): Promise<boolean> {
    if (this.#closing !== undefined) return Promise.resolve(false);
    return new Promise((resolve) => {
      const sleeper: Sleeper = {
        timer: setTimeout(() => {
          this.#sleepers.delete(sleeper);
          resolve(true);
        }, ms),
        resolve,
      };
      this.#sleepers.add(sleeper);
    });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    const url = new URL(request.url ?? '/', 'http://test-server.invalid');
    const method = request.method ?? 'GET';
    let body: RequestBody;
    try {
      const limit =
        url.pathname === EVENTS_PATH ? this.options.maxEventsBodyBytes : MAX_API_BODY_BYTES;
      body = await readBody(request, limit);
    } catch {
      return; // the client went away mid-upload: there is no one to answer
    }
    const record: MutableRecord = {
      method,
      path: url.pathname,
      query: Object.fromEntries(
        [...new Set(url.searchParams.keys())].map((name) => [
          name,
          url.searchParams.get(name) ?? '',
        ]),
      ),
      headers: headerRecord(request),
      body: parseBodyForLog(body.text),
      bodyBytes: body.bytes,
      status: null,
      dropped: false,
      faulted: false,
      receivedAt,
    };
    this.#requests.push(record);
    const respond = (status: number, payload: unknown, headers?: Record<string, string>) => {
      if (response.destroyed) return;
      record.status = status;
      send(response, status, payload, headers);
    };

    try {
      if (method === 'OPTIONS') {
        respond(204, undefined, {
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers':
            request.headers['access-control-request-headers'] ??
            'Content-Type, X-Environment-Key, Flagsmith-SDK-User-Agent',
          'access-control-max-age': '600',
        });
        return;
      }
      const fault = this.#faults.take(url.pathname);
      if (fault !== undefined) {
        record.faulted = true;
        if (await this.#applyFault(fault, request, record, respond)) return;
      }
      const context: RequestContext = { request, method, url, body, state: this, respond };
      if (!serveFlagsApi(context) && !serveEventsApi(context) && !serveExperimentsApi(context)) {
        respond(404, { detail: 'Not found.' });
      }
    } catch (error) {
      if (!response.headersSent) {
        respond(500, { detail: `Test server error: ${(error as Error).message}` });
      }
    }
  }

  /** Applies a fault; returns `true` when it answered (or dropped) the request itself. */
  async #applyFault(
    fault: QueuedFault,
    request: IncomingMessage,
    record: MutableRecord,
    respond: RequestContext['respond'],
  ): Promise<boolean> {
    if (fault.delayMs > 0 && !(await this.#sleep(fault.delayMs))) return true;
    if (fault.dropConnection) {
      record.dropped = true;
      request.socket.destroy();
      return true;
    }
    if (fault.status === undefined) return false;
    respond(
      fault.status,
      fault.body === undefined ? { detail: `Injected fault: ${fault.status}` } : fault.body,
      fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter },
    );
    return true;
  }
}

/**
 * Starts a local Flagsmith-compatible server on 127.0.0.1 (a free port by default) serving
 * `flags/`, `identities/`, `environment-document/` and `POST /v1/events`.
 *
 * ```ts
 * const server = await startTestServer({ environment: experimentEnvironment });
 * // point a client at server.apiUrl / server.eventsApiUrl with server.clientKey
 * await server.close();
 * ```
 */
export async function startTestServer(options?: TestServerOptions): Promise<TestServer> {
  const server = new RunningTestServer(resolveTestServerOptions(options));
  await server.listen();
  return server;
}
