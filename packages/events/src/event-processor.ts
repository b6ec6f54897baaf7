import type { Logger } from '@flagsmith-openfeature/core';
import { LruCache, MAX_TIMER_MS } from '@flagsmith-openfeature/core';
import { EventProcessorClosedError } from './errors';
import type {
  EventProcessorOptions,
  ResolvedEventProcessorOptions,
} from './event-processor-options';
import { resolveEventProcessorOptions } from './event-processor-options';
import type { EventProcessorStats } from './event-processor-stats';
import type { FlagsmithEvent, TrackEventDetails, TrackExposureDetails } from './flagsmith-event';
import type { EventCounters } from './internal/counters';
import { EventBuffer } from './internal/event-buffer';
import { exposureKey } from './internal/exposure-dedupe';
import { safeLogger } from './internal/safe-logger';
import { EventSender } from './internal/sender';
import type { Caller } from './internal/validation';
import { createEvent, label } from './internal/validation';

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
  readonly #counters: EventCounters = {
    tracked: 0,
    sent: 0,
    dropped: { overflow: 0, invalid: 0, rejected: 0, unauthorized: 0, closed: 0 },
    retried: 0,
    deduplicated: 0,
  };
  readonly #buffer: EventBuffer<FlagsmithEvent>;
  /**
   * The exposures recorded recently, by key: one `$flag_exposure` per (feature, identifier,
   * value) within the window, in bounded memory however many identities pass through.
   */
  readonly #dedupe: LruCache<string, true> | undefined;
  readonly #sender: EventSender;
  #closing: Promise<void> | undefined;
  #overflowWarned = false;

  /** @throws TypeError for missing or mistyped options (see `resolveEventProcessorOptions`). */
  constructor(options: EventProcessorOptions) {
    const resolved = resolveEventProcessorOptions(options);
    this.options = resolved;
    const { timers, exposureDedupe: dedupe } = resolved;
    const logger = safeLogger(resolved.logger);
    this.#logger = logger;
    this.#now = () => timers.now();
    this.#buffer = new EventBuffer(resolved.maxBufferItems, (events) => this.#dropOverflow(events));
    this.#dedupe =
      dedupe === false
        ? undefined
        : new LruCache({ maxEntries: dedupe.maxKeys, ttlMs: dedupe.ttlMs, now: this.#now });
    this.#sender = new EventSender(this.#buffer, this.#counters, logger, resolved, () => {
      this.#overflowWarned = false;
    });
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
    this.#track('trackEvent', name, details);
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
    const dedupe = this.#dedupe;
    // A repeat is recognised before the event is built: evaluations repeat exposures far more
    // often than they make new ones, and building copies traits and metadata. Input a valid
    // exposure cannot have gets no key, and is refused below.
    const key =
      dedupe === undefined || this.#closing !== undefined
        ? undefined
        : exposureKey(featureName, details);
    // `get` rather than `has`: a repeat refreshes the key's recency.
    if (key !== undefined && dedupe?.get(key)) {
      this.#counters.deduplicated++;
      return;
    }
    if (this.#track('trackExposureEvent', featureName, details) && key !== undefined) {
      dedupe?.set(key, true);
    }
  }

  /**
   * Delivers every event tracked before the call. Resolves when they are all sent or
   * dropped, or when delivery gives up for now (the server is failing: they stay buffered for
   * the next flush); check `stats()` to tell. Concurrent calls share one delivery. Never
   * rejects.
   */
  flush(options?: FlushOptions): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    return this.#sender.flush(options?.keepalive === true);
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
    if (typeof bound !== 'number' || !(bound >= 0)) {
      this.#logger.warn(
        `EventProcessor: close(timeoutMs) must be a number of milliseconds, 0 or more; got ${String(timeoutMs)}, using the default ${DEFAULT_CLOSE_TIMEOUT_MS}`,
      );
      bound = DEFAULT_CLOSE_TIMEOUT_MS;
    }
    bound = Math.min(bound, MAX_TIMER_MS);
    this.#closing = this.#sender
      .close(bound)
      .catch((error: unknown) => {
        this.#logger.error('EventProcessor: unexpected error', error);
      })
      .then(() => {
        const left = this.#buffer.clear().length;
        if (left > 0) {
          this.#counters.dropped.closed += left;
          this.#logger.warn(
            `EventProcessor: close(${bound}) could not deliver ${left} events; dropped (stats().dropped.closed)`,
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
    const counters = this.#counters;
    return Object.freeze({
      ...counters,
      dropped: Object.freeze({ ...counters.dropped }),
      buffered: this.#buffer.size,
      inFlight: this.#sender.inFlightCount,
    });
  }

  /**
   * Validates, builds and queues an event; returns whether it was buffered (not refused, nor
   * dropped because delivery is off).
   */
  #track(caller: Caller, name: unknown, details: unknown): boolean {
    const counters = this.#counters;
    counters.tracked++;
    if (this.#closing !== undefined) {
      counters.dropped.closed++;
      throw new EventProcessorClosedError(
        `${label(caller, String(name))}: the event processor is closed; the event was not recorded`,
      );
    }
    let event: FlagsmithEvent;
    try {
      event = createEvent(caller, name, details, this.#now());
    } catch (error) {
      counters.dropped.invalid++;
      throw error;
    }
    if (this.#sender.disabled) {
      counters.dropped.unauthorized++;
      return false;
    }
    this.#buffer.push(event);
    if (this.#buffer.size >= this.#buffer.capacity) {
      this.#sender.sendFull();
    }
    return true;
  }

  #dropOverflow(events: readonly FlagsmithEvent[]): void {
    this.#counters.dropped.overflow += events.length;
    // A dropped exposure must not silence the next identical one: it was never delivered.
    // Only exposures have a key.
    for (const event of events) {
      const key = exposureKey(event.feature_name, event);
      if (key !== undefined) this.#dedupe?.delete(key);
    }
    if (!this.#overflowWarned) {
      this.#overflowWarned = true;
      this.#logger.warn(
        `EventProcessor: the buffer is full (maxBufferItems ${this.#buffer.capacity}); oldest events dropped (stats().dropped.overflow)`,
      );
    }
  }
}
