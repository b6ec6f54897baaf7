import type { HttpAttempt, HttpRequest, Logger } from '@flagsmith-openfeature/core';
import {
  attemptHttpRequest,
  backoffDelayMs,
  isRetryableStatus,
  parseRetryAfter,
} from '@flagsmith-openfeature/core';
import type { ResolvedEventProcessorOptions } from '../event-processor-options';
import type { FlagsmithEvent } from '../flagsmith-event';
import type { EventCounters } from './counters';
import type { EventBuffer } from './event-buffer';
import { Scheduler } from './scheduler';
import { utf8ByteLength } from './utf8';
import { SDK_USER_AGENT } from './version';

/** Browsers refuse `keepalive` requests whose bodies reach 64 KB. */
export const KEEPALIVE_MAX_BYTES = 65_536;

/** What a keepalive batch is cut down to when it is too large, leaving room for estimates. */
const KEEPALIVE_TARGET_BYTES = 60_000;

interface FlushWaiter {
  readonly target: number;
  readonly promise: Promise<void>;
  readonly resolve: () => void;
}

function serialise(events: readonly FlagsmithEvent[]): string {
  return JSON.stringify({ events });
}

/**
 * Delivers the buffer: one request in flight at a time, batches taken from the head in order,
 * and the retry policy of DESIGN §6. Work starts on a trigger (interval, full buffer, flush,
 * close) and runs as one loop until every event demanded is settled or a round of retries gives
 * up; a failed batch always returns to the head, so order holds across retries and the buffer's
 * bound covers it.
 *
 * The processor calls `sendFull` and `flush` only before `close`, and `close` once. Once delivery
 * is off (401, 403), nothing is buffered or in flight, so there is never anything to send.
 */
export class EventSender {
  readonly #buffer: EventBuffer<FlagsmithEvent>;
  readonly #scheduler: Scheduler;
  readonly #counters: EventCounters;
  readonly #logger: Logger;
  readonly #options: ResolvedEventProcessorOptions;
  /** Called when the server accepts a request: whatever outage there was is over. */
  readonly #onDelivered: () => void;
  /** The request of every batch, but for its body and `keepalive`. */
  readonly #request: Omit<HttpRequest, 'signal' | 'body' | 'keepalive'>;

  /** Every event with a sequence number below this is to be sent. */
  #target = 0;
  #running = false;
  /** Settles when the loop in progress (or the last one) ends; never rejects. */
  #idle = Promise.resolve();
  /** The last round of retries gave up; a full buffer waits for the next interval. */
  #failing = false;
  /** Consecutive failed attempts in this round. */
  #attempt = 0;
  /** Nothing is sent before this time: backoff, or the server's `Retry-After`. */
  #notBefore = 0;
  #batchLimit: number;
  /** How many events the request on the wire carries. */
  #inFlightCount = 0;
  /** Aborted when delivery stops for good, cutting short the request on the wire. */
  readonly #abort = new AbortController();
  /** Pending flushes, in the order they were asked for: their targets only grow. */
  #waiters: FlushWaiter[] = [];
  /** Events below this are sent at once, as keepalive requests (a flush for a page hide). */
  #keepaliveTarget = 0;
  #closing = false;
  /** Nothing more is sent: a 401 or 403 switched delivery off, or `close()` stopped it. */
  #stopped = false;
  #warnedFailing = false;
  #warnedRejected = false;

  /** Starts the periodic flush: every `flushIntervalMs`, whatever is buffered is sent. */
  constructor(
    buffer: EventBuffer<FlagsmithEvent>,
    counters: EventCounters,
    logger: Logger,
    options: ResolvedEventProcessorOptions,
    onDelivered: () => void,
  ) {
    this.#buffer = buffer;
    this.#scheduler = new Scheduler(options.timers, options.flushIntervalMs, () => {
      if (buffer.size > 0) this.#demand();
    });
    this.#counters = counters;
    this.#logger = logger;
    this.#options = options;
    this.#onDelivered = onDelivered;
    this.#batchLimit = options.maxBatchItems;
    this.#request = {
      method: 'POST',
      url: new URL('v1/events', options.eventsApiUrl).href,
      headers: {
        'content-type': 'application/json',
        'x-environment-key': options.environmentKey,
        'flagsmith-sdk-user-agent': SDK_USER_AGENT,
      },
      fetch: options.fetch,
    };
  }

  /** How many events the request on the wire carries. */
  get inFlightCount(): number {
    return this.#inFlightCount;
  }

  /**
   * Whether delivery is off for good: a 401 or 403 switched it off (or `close()` stopped it, but
   * the processor refuses tracking from then on).
   */
  get disabled(): boolean {
    return this.#stopped;
  }

  /**
   * The buffer is full: sends everything tracked so far, in the background. Not while the last
   * round failed: that waits for the interval, so an outage is never answered with a request
   * per tracked event.
   */
  sendFull(): void {
    if (!this.#failing) this.#demand();
  }

  /**
   * Resolves once every event tracked so far is settled (sent or dropped), or once delivery
   * gives up for now. Calls for the same events share one promise. `keepalive` sends
   * at once, cutting short any wait, with bodies under 64 KB sent as `keepalive` requests.
   */
  flush(keepalive: boolean): Promise<void> {
    if (this.#settled()) return Promise.resolve();
    const target = this.#buffer.nextSeq;
    if (keepalive) this.#keepaliveTarget = target;
    // A wait in progress ends: the loop sends at once (keepalive) or waits again for what is
    // left, now holding the process open for the caller.
    this.#scheduler.wake();
    this.#demand();
    const last = this.#waiters.at(-1);
    if (last?.target === target) return last.promise;
    let resolve!: () => void;
    const promise = new Promise<void>((done) => {
      resolve = done;
    });
    this.#waiters.push({ target, promise, resolve });
    return promise;
  }

  /**
   * Stops the periodic flush, sends what it can of everything tracked so far within
   * `timeoutMs`, then stops for good: a
   * request still on the wire at the deadline is aborted (at once for a `timeoutMs` of 0,
   * without waiting for a timer). Never rejects. Whatever is left in
   * the buffer afterwards is the caller's to count.
   */
  async close(timeoutMs: number): Promise<void> {
    this.#scheduler.stopInterval();
    this.#closing = true;
    if (timeoutMs > 0 && !this.#settled()) {
      const timers = this.#scheduler.timers;
      const deadline = timers.setTimeout(() => this.#stop(), timeoutMs, { keepAlive: true });
      this.#scheduler.wake(); // a wait in progress starts again, holding the process open
      this.#demand();
      await this.#idle;
      timers.clearTimeout(deadline);
    }
    this.#stop();
    await this.#idle;
  }

  #stop(): void {
    this.#stopped = true;
    this.#abort.abort();
    this.#scheduler.wake();
  }

  /** Whether every event tracked so far is settled: none buffered, none on the wire. */
  #settled(): boolean {
    return this.#buffer.size + this.#inFlightCount === 0;
  }

  /**
   * Demands everything tracked so far, starting the loop unless it runs; a round of retries
   * that gave up is over.
   */
  #demand(): void {
    this.#failing = false;
    this.#target = this.#buffer.nextSeq;
    if (this.#running) return;
    this.#running = true;
    this.#attempt = 0;
    // Started from a microtask: the tracking call that filled the buffer returns before the
    // batch is serialised.
    this.#idle = Promise.resolve().then(() => this.#run());
  }

  async #run(): Promise<void> {
    try {
      while (!this.#stopped && !this.#failing) {
        const head = this.#buffer.headSeq();
        if (head >= this.#target) break;
        const keepalive = head < this.#keepaliveTarget;
        const waitMs = this.#notBefore - this.#scheduler.timers.now();
        if (waitMs > 0 && !keepalive) {
          if (waitMs > this.#options.retryMaxDelayMs && !this.#closing) {
            this.#giveUp(`Retry-After ${Math.ceil(waitMs / 1000)} s`);
            break;
          }
          await this.#scheduler.sleep(waitMs, this.#closing || this.#waiters.length > 0);
          continue;
        }
        await this.#sendNextBatch(keepalive);
        this.#settleWaiters(this.#buffer.headSeq());
      }
    } catch (error) {
      // Unreachable by design (the transport never rejects); kept so a bug can never surface
      // as an unhandled rejection in the host application.
      this.#logger.error('EventProcessor: unexpected error', error);
    } finally {
      this.#running = false;
      this.#keepaliveTarget = 0;
      this.#settleWaiters(Infinity);
    }
  }

  async #sendNextBatch(keepalive: boolean): Promise<void> {
    const batch = this.#buffer.take(this.#batchLimit);
    let body = serialise(batch);
    if (keepalive) {
      // Cut the batch down until its body fits a keepalive request; the rest goes back to the head.
      let bytes = utf8ByteLength(body);
      while (bytes >= KEEPALIVE_MAX_BYTES && batch.length > 1) {
        const keep = Math.max(1, Math.floor((batch.length * KEEPALIVE_TARGET_BYTES) / bytes));
        this.#buffer.requeue(batch.splice(keep));
        body = serialise(batch);
        bytes = utf8ByteLength(body);
      }
      keepalive = bytes < KEEPALIVE_MAX_BYTES;
    }
    this.#inFlightCount = batch.length;
    let attempt: HttpAttempt;
    try {
      // Never rejects. The time limit bounds the whole exchange, body included, so a server
      // that stalls mid-answer cannot hold the one request slot; `#abort` is `close()`
      // running out of time.
      attempt = await attemptHttpRequest(
        { ...this.#request, body, keepalive },
        this.#options.requestTimeoutMs,
        this.#abort.signal,
      );
    } finally {
      this.#inFlightCount = 0;
    }
    this.#handle(attempt, batch);
  }

  /** Settles a batch by how its request went: the retry policy of DESIGN §6. */
  #handle(attempt: HttpAttempt, batch: FlagsmithEvent[]): void {
    const count = batch.length;
    const { response } = attempt;
    // A 2xx whose body broke off still means the events arrived.
    if (response?.ok) {
      // The body's `rejected: [{index, error}]` declines events, each counted once and only
      // when its index is in the batch; a body of another shape declines nothing.
      const rejected = new Set<number>();
      let first = '';
      try {
        const body = JSON.parse(attempt.kind === 'answered' ? attempt.text : '');
        for (const entry of body.rejected) {
          const { index, error } = entry ?? {};
          if (Number.isInteger(index) && index in batch) {
            rejected.add(index);
            if (!first && typeof error === 'string') first = ` (first: ${error})`;
          }
        }
      } catch {}
      this.#counters.sent += count - rejected.size;
      if (rejected.size > 0) {
        this.#reject(rejected.size, count, first, this.#warnedRejected);
        this.#warnedRejected = true;
      }
      this.#attempt = 0;
      this.#notBefore = 0;
      if (this.#warnedFailing) {
        this.#warnedFailing = false;
        this.#logger.info(`EventProcessor: event delivery to ${this.#request.url} recovered`);
      }
      this.#onDelivered();
    } else if (attempt.kind === 'failed') {
      if (this.#stopped) {
        // Aborted by `close()`: the batch is left for it to count.
        this.#buffer.requeue(batch);
      } else {
        this.#retryLater(
          batch,
          attempt.timedOut
            ? `no response within requestTimeoutMs (${this.#options.requestTimeoutMs} ms)`
            : `network error (${String(attempt.error)})`,
        );
      }
    } else {
      const { status } = attempt.response;
      const reason = `HTTP ${status}${attempt.text === '' ? '' : `: ${attempt.text.slice(0, 200)}`}`;
      if (status === 401 || status === 403) {
        this.#disable(status, count);
      } else if (status === 413 && count > 1) {
        this.#batchLimit = Math.floor(count / 2);
        this.#logger.debug(
          `EventProcessor: the events API refused ${count} events (${reason}); retrying ${this.#batchLimit} per request`,
        );
        this.#buffer.requeue(batch);
      } else if (isRetryableStatus(status)) {
        this.#retryLater(
          batch,
          reason,
          parseRetryAfter(
            attempt.response.headers.get('retry-after'),
            this.#scheduler.timers.now(),
          ),
        );
      } else {
        // A single event still answered 413 is too large itself, not the batch: keeping the
        // halved limit would send one event per request for good.
        if (status === 413) this.#batchLimit = this.#options.maxBatchItems;
        this.#reject(count, count, ` (${reason})`, false);
      }
    }
  }

  #retryLater(batch: FlagsmithEvent[], reason: string, retryAfterMs?: number): void {
    this.#counters.retried += batch.length;
    this.#buffer.requeue(batch);
    this.#attempt++;
    const now = this.#scheduler.timers.now();
    if (this.#attempt > this.#options.maxRetries) {
      if (retryAfterMs !== undefined) this.#notBefore = now + retryAfterMs;
      this.#giveUp(reason);
      return;
    }
    const backoffMs = backoffDelayMs(this.#attempt, {
      baseMs: this.#options.retryBaseDelayMs,
      maxMs: this.#options.retryMaxDelayMs,
    });
    const delayMs = Math.max(backoffMs, retryAfterMs ?? 0);
    this.#notBefore = now + delayMs;
    this.#logger.debug(
      `EventProcessor: event delivery to ${this.#request.url} failed (${reason}); retry ${this.#attempt} in ${delayMs} ms`,
    );
  }

  /**
   * Ends this round of retries: events stay buffered for the next interval, flush or close.
   * The first failure of an outage is a warning, the rest debug logs.
   */
  #giveUp(reason: string): void {
    this.#failing = true;
    this.#logger[this.#warnedFailing ? 'debug' : 'warn'](
      `EventProcessor: event delivery to ${this.#request.url} failed (${reason}); ${this.#buffer.size} events kept for the next flush`,
    );
    this.#warnedFailing = true;
  }

  #disable(status: number, inFlight: number): void {
    this.#stopped = true;
    const lost = inFlight + this.#buffer.clear().length;
    this.#counters.dropped.unauthorized += lost;
    this.#logger.error(
      `EventProcessor: the events API refused environmentKey (HTTP ${status}); delivery is off, ${lost} events dropped (stats().dropped.unauthorized)`,
    );
  }

  /** Drops events the server refused; `quiet` logs at debug level instead of warning. */
  #reject(rejected: number, count: number, detail: string, quiet: boolean): void {
    this.#counters.dropped.rejected += rejected;
    this.#logger[quiet ? 'debug' : 'warn'](
      `EventProcessor: the events API refused ${rejected} of ${count} events${detail}; dropped (stats().dropped.rejected)`,
    );
  }

  /** Resolves the flushes whose events are all settled: those with targets up to `oldest`. */
  #settleWaiters(oldest: number): void {
    const waiters = this.#waiters;
    while (waiters.length > 0 && (waiters[0] as FlushWaiter).target <= oldest) {
      waiters.shift()?.resolve();
    }
  }
}
