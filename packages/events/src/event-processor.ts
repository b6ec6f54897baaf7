import type { Logger } from '@flagsmith-openfeature/core';
import { EventProcessorClosedError } from './errors';
import type {
  EventProcessorOptions,
  ResolvedEventProcessorOptions,
} from './event-processor-options';
import { resolveEventProcessorOptions } from './event-processor-options';
import type { EventProcessorStats } from './event-processor-stats';
import type { FlagsmithEvent, TrackEventDetails, TrackExposureDetails } from './flagsmith-event';
import { FLAG_EXPOSURE_EVENT } from './flagsmith-event';
import type { EventCounters } from './internal/counters';
import { createCounters, snapshotCounters } from './internal/counters';
import { EventBuffer } from './internal/event-buffer';
import { ExposureDedupe, exposureKey, exposureKeyOf } from './internal/exposure-dedupe';
import { safeLogger } from './internal/safe-logger';
import { Scheduler } from './internal/scheduler';
import { EventSender } from './internal/sender';
import type { Caller } from './internal/validation';
import { createCustomEvent, createExposureEvent, label } from './internal/validation';

/** How long `close()` waits for delivery when not told, in milliseconds. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 5_000;

/** Options of {@link EventProcessor.flush}. */
export interface FlushOptions {
  /**
   * Send now, cutting short any backoff, with request bodies under 64 KB sent as `fetch`
   * `keepalive` requests so they survive the page being unloaded. For page-hide handlers
   * (see `installPageLifecycleFlush`).
   * @default false
   */
  keepalive?: boolean | undefined;
}

/**
 * The shared batching event processor: it records custom events and flag exposures, keeps
 * them in a bounded buffer, and delivers them in order to Flagsmith's events API
 * (`POST {eventsApiUrl}v1/events`), one request at a time, retrying what can be retried.
 *
 * Tracking is synchronous and cheap. Input that can never be delivered is refused at the call
 * with an {@link InvalidEventError}; after `close()` calls are refused with an
 * {@link EventProcessorClosedError}. Both are counted. Delivery failures never throw: they are
 * logged and counted in {@link EventProcessor.stats}.
 *
 * ```ts
 * const events = new EventProcessor({ environmentKey: 'ser.xxx' });
 * events.trackEvent('purchase', { identifier: 'user_42', value: 99.5, metadata: { currency: 'EUR' } });
 * await events.close();
 * ```
 */
export class EventProcessor {
  /** The options in force, validated and with defaults filled in. */
  readonly options: ResolvedEventProcessorOptions;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #counters: EventCounters = createCounters();
  readonly #buffer: EventBuffer<FlagsmithEvent>;
  readonly #dedupe: ExposureDedupe | undefined;
  readonly #scheduler: Scheduler;
  readonly #sender: EventSender;
  /** The sequence number of the next event accepted into the buffer. */
  #nextSeq = 0;
  #closing: Promise<void> | undefined;
  #overflowWarned = false;

  /** @throws TypeError for missing or mistyped options (see `resolveEventProcessorOptions`). */
  constructor(options: EventProcessorOptions) {
    this.options = resolveEventProcessorOptions(options);
    const { timers } = this.options;
    const logger = safeLogger(this.options.logger);
    this.#logger = logger;
    this.#now = () => timers.now();
    this.#buffer = new EventBuffer(this.options.maxBufferItems);
    const dedupe = this.options.exposureDedupe;
    this.#dedupe =
      dedupe === false ? undefined : new ExposureDedupe(dedupe.maxKeys, dedupe.ttlMs, this.#now);
    this.#scheduler = new Scheduler(timers, this.options.flushIntervalMs, () => {
      if (this.#buffer.size > 0) this.#sender.trigger(this.#nextSeq, 'interval');
    });
    this.#sender = new EventSender(
      this.#buffer,
      this.#scheduler,
      this.#counters,
      logger,
      this.options,
      {
        onOverflow: (events) => this.#dropOverflow(events),
        onDelivered: () => {
          this.#overflowWarned = false;
        },
      },
    );
    this.#scheduler.startInterval();
  }

  /**
   * Records a custom event, such as `purchase` with a value. The timestamp is taken now.
   *
   * @param name The event name: non-empty, and not starting with `$` (reserved for Flagsmith).
   * @param details The identity, a value (finite number, string or null), traits and metadata.
   * @throws InvalidEventError when the input can never be delivered (counted in
   *   `stats().dropped.invalid`).
   * @throws EventProcessorClosedError after `close()` (counted in `stats().dropped.closed`).
   */
  trackEvent(name: string, details?: TrackEventDetails): void {
    this.#counters.tracked++;
    if (this.#closing !== undefined) throw this.#refuseClosed('trackEvent', name);
    let event: FlagsmithEvent;
    try {
      event = createCustomEvent(name, details, this.#now());
    } catch (error) {
      this.#counters.dropped.invalid++;
      throw error;
    }
    this.#accept(event);
  }

  /**
   * Records that an identity was served a flag's value (a `$flag_exposure` event). With
   * dedupe on (the default), an exposure identical in feature, identifier and value to one
   * recorded within the window is skipped and counted in `stats().deduplicated`.
   *
   * @param featureName The flag key.
   * @param details The identity, the value or variant served (sent as a string), traits and
   *   metadata.
   * @throws InvalidEventError when the input can never be delivered (counted in
   *   `stats().dropped.invalid`).
   * @throws EventProcessorClosedError after `close()` (counted in `stats().dropped.closed`).
   */
  trackExposureEvent(featureName: string, details: TrackExposureDetails): void {
    if (this.#closing !== undefined) {
      this.#counters.tracked++;
      throw this.#refuseClosed('trackExposureEvent', featureName);
    }
    const dedupe = this.#dedupe;
    // A repeat is recognised before the event is built: evaluations repeat exposures far more
    // often than they make new ones, and building validates traits and metadata.
    const quickKey = dedupe === undefined ? undefined : quickExposureKey(featureName, details);
    if (quickKey !== undefined && dedupe?.has(quickKey)) {
      this.#counters.deduplicated++;
      return;
    }
    let event: FlagsmithEvent;
    try {
      event = createExposureEvent(featureName, details, this.#now());
    } catch (error) {
      this.#counters.tracked++;
      this.#counters.dropped.invalid++;
      throw error;
    }
    if (dedupe === undefined) {
      this.#counters.tracked++;
      this.#accept(event);
      return;
    }
    const key = quickKey ?? exposureKey(event);
    if (dedupe.has(key)) {
      this.#counters.deduplicated++;
      return;
    }
    this.#counters.tracked++;
    if (this.#accept(event)) dedupe.record(key);
  }

  /**
   * Delivers every event tracked before the call. Resolves when they are all sent or
   * dropped, or when delivery gives up for now (the server is failing: they stay buffered for
   * the next flush); check `stats()` to tell. Concurrent calls share one delivery. Never
   * rejects.
   */
  flush(options?: FlushOptions): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    return this.#sender.flush(this.#nextSeq, options?.keepalive === true);
  }

  /**
   * Stops the flush timer and delivers what is buffered within `timeoutMs`, retrying as
   * usual; later tracking calls are refused. Events still undelivered at the deadline (or when
   * retries give up) are dropped and counted in `stats().dropped.closed`. While it runs, its
   * timers keep the process alive, for at most `timeoutMs`. Calling it again returns the same
   * promise. Never rejects.
   *
   * @param timeoutMs How long delivery may take, in milliseconds.
   */
  close(timeoutMs: number = DEFAULT_CLOSE_TIMEOUT_MS): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    let bound = timeoutMs;
    if (typeof bound !== 'number' || Number.isNaN(bound) || bound < 0) {
      this.#logger.warn(
        `EventProcessor: close(timeoutMs) needs a number of milliseconds, 0 or more; got ${String(timeoutMs)}, using ${DEFAULT_CLOSE_TIMEOUT_MS}`,
      );
      bound = DEFAULT_CLOSE_TIMEOUT_MS;
    }
    bound = Math.min(bound, 2_147_483_647);
    this.#scheduler.stopInterval();
    this.#closing = this.#sender
      .close(this.#nextSeq, bound)
      .catch((error: unknown) => {
        this.#logger.error('EventProcessor: unexpected error while closing', error);
      })
      .then(() => {
        const left = this.#buffer.clear().length;
        if (left > 0) {
          this.#counters.dropped.closed += left;
          this.#logger.warn(
            `EventProcessor: close() could not deliver ${left} events within ${bound} ms; they were dropped (stats().dropped.closed)`,
          );
        }
      });
    return this.#closing;
  }

  /**
   * A snapshot of the counters. At every moment
   * `tracked = sent + (sum of dropped) + buffered + inFlight`.
   */
  stats(): EventProcessorStats {
    return snapshotCounters(this.#counters, this.#buffer.size, this.#sender.inFlightCount);
  }

  /** Queues an accepted event; returns whether it was buffered (not dropped as unauthorized). */
  #accept(event: FlagsmithEvent): boolean {
    if (this.#sender.disabled) {
      this.#counters.dropped.unauthorized++;
      return false;
    }
    const dropped = this.#buffer.push(event, this.#nextSeq++);
    if (dropped !== undefined) this.#dropOverflow([dropped]);
    if (this.#buffer.size >= this.#buffer.capacity) {
      this.#sender.trigger(this.#nextSeq, 'full');
    }
    return true;
  }

  #dropOverflow(events: readonly FlagsmithEvent[]): void {
    this.#counters.dropped.overflow += events.length;
    if (this.#dedupe !== undefined) {
      // A dropped exposure must not silence the next identical one: it was never delivered.
      for (const event of events) {
        if (event.event === FLAG_EXPOSURE_EVENT) this.#dedupe.forget(event);
      }
    }
    if (!this.#overflowWarned) {
      this.#overflowWarned = true;
      this.#logger.warn(
        `EventProcessor: the buffer is full (maxBufferItems ${this.#buffer.capacity}); dropping the oldest events until delivery catches up (stats().dropped.overflow)`,
      );
    }
  }

  #refuseClosed(caller: Caller, name: unknown): EventProcessorClosedError {
    this.#counters.dropped.closed++;
    return new EventProcessorClosedError(
      `${label(caller, String(name))}: the event processor is closed; the event was not recorded`,
    );
  }
}

/**
 * The dedupe key of an exposure straight from the call's arguments, when they are already what
 * the built event will carry (a flag key, a string identifier or none, a primitive value);
 * `undefined` when only building the event can tell.
 */
function quickExposureKey(featureName: unknown, details: unknown): string | undefined {
  if (typeof featureName !== 'string' || featureName === '') return undefined;
  if (typeof details !== 'object' || details === null) return undefined;
  const { identifier, value } = details as TrackExposureDetails;
  if (identifier !== undefined && identifier !== null && typeof identifier !== 'string') {
    return undefined;
  }
  if (
    typeof value !== 'string' &&
    typeof value !== 'boolean' &&
    !(typeof value === 'number' && Number.isFinite(value))
  ) {
    return undefined;
  }
  return exposureKeyOf(featureName, identifier ?? null, String(value));
}
