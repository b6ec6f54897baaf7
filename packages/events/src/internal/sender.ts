import type { HttpAttempt, Logger } from '@flagsmith-openfeature/core';
import {
  attemptHttpRequest,
  backoffDelayMs,
  isRetryableStatus,
  parseRetryAfter,
} from '@flagsmith-openfeature/core';
import type { ResolvedEventProcessorOptions } from '../event-processor-options';
import type { FlagsmithEvent } from '../flagsmith-event';
import type { EventCounters } from './counters';
import type { Batch, EventBuffer } from './event-buffer';
import type { Scheduler } from './scheduler';
import { utf8ByteLength } from './utf8';
import { SDK_USER_AGENT } from './version';

/** Browsers refuse `keepalive` requests whose bodies reach 64 KB. */
export const KEEPALIVE_MAX_BYTES = 65_536;

/** What a keepalive batch is cut down to when it is too large, leaving room for estimates. */
const KEEPALIVE_TARGET_BYTES = 60_000;

/** What the sender tells the processor about. */
export interface SenderEvents {
  /** A failed batch went back to the head and pushed these, the oldest, out of the buffer. */
  onOverflow(events: readonly FlagsmithEvent[]): void;
  /** The server accepted a request: whatever outage there was is over. */
  onDelivered(): void;
}

/** Why the sender is asked to send. */
export type SendTrigger = 'interval' | 'full';

interface FlushWaiter {
  readonly target: number;
  readonly keepalive: boolean;
  readonly promise: Promise<void>;
  readonly resolve: () => void;
}

function serialise(events: readonly FlagsmithEvent[]): string {
  return JSON.stringify({ events });
}

/**
 * The events a 2xx body's `rejected: [{index, error}]` declines, counted once each and only
 * when the index is in the batch, with the first error given.
 */
function countRejected(body: string, batchSize: number): { count: number; first?: string } {
  const indices = new Set<number>();
  let first: string | undefined;
  try {
    for (const entry of (JSON.parse(body) as { rejected: unknown[] }).rejected) {
      const { index, error } = (entry ?? {}) as { index?: unknown; error?: unknown };
      if (typeof index === 'number' && Number.isInteger(index) && index >= 0 && index < batchSize) {
        indices.add(index);
        if (first === undefined && typeof error === 'string') first = error;
      }
    }
  } catch {
    // A body that is not `{rejected: [...]}` declines nothing.
  }
  return first === undefined ? { count: indices.size } : { count: indices.size, first };
}

/**
 * Delivers the buffer: one request in flight at a time, batches taken from the head in order,
 * and the retry policy of DESIGN §6. Work starts on a trigger (interval, full buffer, flush,
 * close) and runs as one loop until every event demanded is settled or a round of retries gives
 * up; a failed batch always returns to the head, so order holds across retries and the buffer's
 * bound covers it.
 */
export class EventSender {
  readonly #buffer: EventBuffer<FlagsmithEvent>;
  readonly #scheduler: Scheduler;
  readonly #counters: EventCounters;
  readonly #logger: Logger;
  readonly #options: ResolvedEventProcessorOptions;
  readonly #events: SenderEvents;
  /** `{eventsApiUrl}v1/events` */
  readonly #url: string;
  readonly #headers: Readonly<Record<string, string>>;

  /** Every event with a sequence number below this is to be sent. */
  #target = 0;
  #running = false;
  #idle: Promise<void> = Promise.resolve();
  #markIdle: () => void = () => {};
  /** The last round of retries gave up; a full buffer waits for the next interval. */
  #failing = false;
  /** Consecutive failed attempts in this round. */
  #attempt = 0;
  /** Nothing is sent before this time: backoff, or the server's `Retry-After`. */
  #notBefore = 0;
  #batchLimit: number;
  #inFlight: Batch<FlagsmithEvent> | undefined;
  #abort: AbortController | undefined;
  #waiters: FlushWaiter[] = [];
  #keepaliveWaiters = 0;
  #disabled = false;
  #closing = false;
  #stopped = false;
  #warnedFailing = false;
  #warnedRejected = false;

  constructor(
    buffer: EventBuffer<FlagsmithEvent>,
    scheduler: Scheduler,
    counters: EventCounters,
    logger: Logger,
    options: ResolvedEventProcessorOptions,
    events: SenderEvents,
  ) {
    this.#buffer = buffer;
    this.#scheduler = scheduler;
    this.#counters = counters;
    this.#logger = logger;
    this.#options = options;
    this.#events = events;
    this.#batchLimit = options.maxBatchItems;
    this.#url = new URL('v1/events', options.eventsApiUrl).href;
    this.#headers = {
      'content-type': 'application/json',
      'x-environment-key': options.environmentKey,
      'flagsmith-sdk-user-agent': SDK_USER_AGENT,
    };
  }

  /** Whether a 401 or 403 switched delivery off for good. */
  get disabled(): boolean {
    return this.#disabled;
  }

  /** How many events the request on the wire carries. */
  get inFlightCount(): number {
    return this.#inFlight === undefined ? 0 : this.#inFlight.items.length;
  }

  /**
   * Background demand to send everything below `target`. A full buffer does not start a new
   * round while the last one failed: that waits for the interval, so an outage is never
   * answered with a request per tracked event.
   */
  trigger(target: number, reason: SendTrigger): void {
    if (this.#disabled || this.#stopped) return;
    if (reason === 'full' && this.#failing) return;
    if (reason === 'interval') this.#failing = false;
    if (target > this.#target) this.#target = target;
    this.#start();
  }

  /**
   * Resolves once every event below `target` is settled (sent or dropped), or once delivery
   * gives up for now. Calls for the same events share one promise. `keepalive` sends at once,
   * cutting short any wait, with bodies under 64 KB sent as `keepalive` requests.
   */
  flush(target: number, keepalive: boolean): Promise<void> {
    if (this.#disabled || this.#stopped || this.#oldestPendingSeq() >= target) {
      return Promise.resolve();
    }
    // Targets only grow, so a flush to share can only be among the last waiters.
    for (let index = this.#waiters.length - 1; index >= 0; index--) {
      const waiter = this.#waiters[index] as FlushWaiter;
      if (waiter.target !== target) break;
      if (waiter.keepalive === keepalive) return waiter.promise;
    }
    let resolve!: () => void;
    const promise = new Promise<void>((done) => {
      resolve = done;
    });
    this.#waiters.push({ target, keepalive, promise, resolve });
    if (keepalive) {
      this.#keepaliveWaiters++;
      this.#scheduler.wake();
    } else {
      this.#scheduler.keepSleepAlive();
    }
    this.#failing = false;
    if (target > this.#target) this.#target = target;
    this.#start();
    return promise;
  }

  /**
   * Sends what it can of everything below `target` within `timeoutMs`, then stops for good: a
   * request still on the wire at the deadline is aborted (at once for a `timeoutMs` of 0,
   * without waiting for a timer). Never rejects. Whatever is left in
   * the buffer afterwards is the caller's to count.
   */
  async close(target: number, timeoutMs: number): Promise<void> {
    this.#closing = true;
    this.#failing = false;
    if (target > this.#target) this.#target = target;
    if (timeoutMs > 0 && !this.#disabled && !this.#stopped && this.#oldestPendingSeq() < target) {
      const timers = this.#scheduler.timers;
      const deadline = timers.setTimeout(() => this.#stop(), timeoutMs, { keepAlive: true });
      this.#scheduler.keepSleepAlive();
      this.#start();
      await this.#idle;
      timers.clearTimeout(deadline);
    }
    this.#stop();
    await this.#idle;
  }

  #stop(): void {
    this.#stopped = true;
    this.#abort?.abort();
    this.#scheduler.wake();
  }

  #oldestPendingSeq(): number {
    const inFlight = this.#inFlight?.seqs[0];
    const buffered = this.#buffer.headSeq();
    return inFlight === undefined ? buffered : Math.min(inFlight, buffered);
  }

  #start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#attempt = 0;
    this.#idle = new Promise<void>((resolve) => {
      this.#markIdle = resolve;
    });
    // Started from a microtask: the tracking call that filled the buffer returns before the
    // batch is serialised.
    void Promise.resolve().then(() => this.#run());
  }

  async #run(): Promise<void> {
    try {
      while (!this.#stopped && !this.#disabled && !this.#failing) {
        if (this.#buffer.headSeq() >= this.#target) break;
        const waitMs = this.#notBefore - this.#scheduler.timers.now();
        if (waitMs > 0 && this.#keepaliveWaiters === 0) {
          if (waitMs > this.#options.retryMaxDelayMs && !this.#closing) {
            this.#giveUp(`the server asked for no requests for ${Math.ceil(waitMs / 1000)} s`);
            break;
          }
          await this.#scheduler.sleep(waitMs, this.#closing || this.#waiters.length > 0);
          continue;
        }
        await this.#sendNextBatch();
        this.#settleWaiters(false);
      }
    } catch (error) {
      // Unreachable by design (the transport never rejects); kept so a bug can never surface
      // as an unhandled rejection in the host application.
      this.#logger.error('EventProcessor: unexpected error while delivering events', error);
    } finally {
      this.#running = false;
      this.#settleWaiters(true);
      this.#markIdle();
    }
  }

  async #sendNextBatch(): Promise<void> {
    let batch = this.#buffer.take(this.#batchLimit);
    let body = serialise(batch.items);
    let useKeepalive = false;
    if (this.#keepaliveWaiters > 0) {
      // Cut the batch down until its body fits a keepalive request; the rest goes back to the head.
      let bytes = utf8ByteLength(body);
      while (bytes >= KEEPALIVE_MAX_BYTES && batch.items.length > 1) {
        const keep = Math.max(1, Math.floor((batch.items.length * KEEPALIVE_TARGET_BYTES) / bytes));
        this.#requeue({ items: batch.items.slice(keep), seqs: batch.seqs.slice(keep) });
        batch = { items: batch.items.slice(0, keep), seqs: batch.seqs.slice(0, keep) };
        body = serialise(batch.items);
        bytes = utf8ByteLength(body);
      }
      useKeepalive = bytes < KEEPALIVE_MAX_BYTES;
    }
    const abort = new AbortController();
    this.#inFlight = batch;
    this.#abort = abort;
    let attempt: HttpAttempt;
    try {
      // Never rejects. The time limit bounds the whole exchange, body included, so a server
      // that stalls mid-answer cannot hold the one request slot; `abort` is `close()` running
      // out of time.
      attempt = await attemptHttpRequest(
        {
          method: 'POST',
          url: this.#url,
          headers: this.#headers,
          body,
          keepalive: useKeepalive,
          fetch: this.#options.fetch,
        },
        this.#options.requestTimeoutMs,
        abort.signal,
      );
    } finally {
      this.#inFlight = undefined;
      this.#abort = undefined;
    }
    this.#handle(attempt, batch, abort.signal.aborted);
  }

  /** Settles a batch by how its request went: the retry policy of DESIGN §6. */
  #handle(attempt: HttpAttempt, batch: Batch<FlagsmithEvent>, aborted: boolean): void {
    const count = batch.items.length;
    const { response } = attempt;
    // A 2xx whose body broke off still means the events arrived.
    if (response?.ok) {
      const rejected = countRejected(attempt.kind === 'answered' ? attempt.text : '', count);
      this.#counters.sent += count - rejected.count;
      this.#counters.dropped.rejected += rejected.count;
      if (rejected.count > 0) this.#reportRejected(rejected.count, count, rejected.first);
      this.#attempt = 0;
      this.#notBefore = 0;
      if (this.#warnedFailing) {
        this.#warnedFailing = false;
        this.#logger.info(`EventProcessor: event delivery to ${this.#url} recovered`);
      }
      this.#events.onDelivered();
      return;
    }
    if (attempt.kind === 'failed') {
      if (aborted) {
        this.#requeue(batch);
      } else {
        const { error } = attempt;
        this.#retryLater(
          batch,
          attempt.timedOut
            ? `no response within ${this.#options.requestTimeoutMs} ms`
            : `network error (${error instanceof Error ? error.message : String(error)})`,
          undefined,
        );
      }
      return;
    }
    const { status } = attempt.response;
    const reason = `HTTP ${status}${attempt.text === '' ? '' : `: ${attempt.text.slice(0, 200)}`}`;
    if (status === 401 || status === 403) {
      this.#disable(status, count);
    } else if (status === 413) {
      if (count === 1) {
        // The split ended on one event the server will never take: it was that event, not
        // the batch size, that was too large. Keeping the halved limit would send one event
        // per request for good, and overflow the buffer under ordinary load.
        this.#batchLimit = this.#options.maxBatchItems;
        this.#counters.dropped.rejected += 1;
        this.#logger.warn(
          'EventProcessor: the events API answered 413 to a single event; it was dropped (stats().dropped.rejected)',
        );
        return;
      }
      this.#batchLimit = Math.max(1, Math.floor(count / 2));
      this.#logger.debug(
        `EventProcessor: the events API answered 413 to ${count} events; sending at most ${this.#batchLimit} per request`,
      );
      this.#requeue(batch);
    } else if (isRetryableStatus(status)) {
      this.#retryLater(
        batch,
        reason,
        parseRetryAfter(attempt.response.headers.get('retry-after'), this.#scheduler.timers.now()),
      );
    } else {
      this.#counters.dropped.rejected += count;
      this.#logger.warn(
        `EventProcessor: the events API refused a batch of ${count} events (${reason}); they were dropped (stats().dropped.rejected)`,
      );
    }
  }

  #retryLater(
    batch: Batch<FlagsmithEvent>,
    reason: string,
    retryAfterMs: number | undefined,
  ): void {
    this.#counters.retried += batch.items.length;
    this.#requeue(batch);
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
      `EventProcessor: delivery attempt ${this.#attempt} failed (${reason}); retrying in ${delayMs} ms`,
    );
  }

  /** Ends this round of retries: events stay buffered for the next interval, flush or close. */
  #giveUp(reason: string): void {
    this.#failing = true;
    const message = `EventProcessor: event delivery to ${this.#url} is failing (${reason}); ${this.#buffer.size} events are kept for the next flush`;
    if (this.#warnedFailing) {
      this.#logger.debug(message);
    } else {
      this.#warnedFailing = true;
      this.#logger.warn(message);
    }
  }

  #disable(status: number, inFlight: number): void {
    this.#disabled = true;
    const lost = inFlight + this.#buffer.clear().length;
    this.#counters.dropped.unauthorized += lost;
    this.#logger.error(
      `EventProcessor: the events API answered ${status}: it refuses this environmentKey, so delivery is off; ${lost} events were dropped (stats().dropped.unauthorized)`,
    );
    this.#scheduler.wake();
  }

  #requeue(batch: Batch<FlagsmithEvent>): void {
    const dropped = this.#buffer.requeue(batch);
    if (dropped.length > 0) this.#events.onOverflow(dropped);
  }

  #reportRejected(rejected: number, count: number, firstError: string | undefined): void {
    const message = `EventProcessor: the events API declined ${rejected} of ${count} events${
      firstError === undefined ? '' : ` (first: ${firstError})`
    }; they were dropped (stats().dropped.rejected)`;
    if (this.#warnedRejected) {
      this.#logger.debug(message);
    } else {
      this.#warnedRejected = true;
      this.#logger.warn(message);
    }
  }

  #settleWaiters(all: boolean): void {
    if (this.#waiters.length === 0) return;
    const oldest = all ? Number.POSITIVE_INFINITY : this.#oldestPendingSeq();
    const pending: FlushWaiter[] = [];
    for (const waiter of this.#waiters) {
      if (waiter.target <= oldest) {
        if (waiter.keepalive) this.#keepaliveWaiters--;
        waiter.resolve();
      } else {
        pending.push(waiter);
      }
    }
    this.#waiters = pending;
  }
}
