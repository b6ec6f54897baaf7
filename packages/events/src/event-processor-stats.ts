/** Events dropped, by cause. Every event that was tracked but not sent is in exactly one. */
export interface DroppedEventCounts {
  /** Pushed out of a full buffer while delivery failed (the oldest go first). */
  readonly overflow: number;
  /** Refused at the call with an `InvalidEventError`. */
  readonly invalid: number;
  /**
   * Declined by the server: listed in a 202 body's `rejected`, in a batch answered 400, 422 or
   * another non-retryable 4xx, or a single event still answered 413.
   */
  readonly rejected: number;
  /** Discarded because the server answered 401 or 403 and delivery was switched off. */
  readonly unauthorized: number;
  /** Tracked after `close()`, or still undelivered when `close()` ran out of time or retries. */
  readonly closed: number;
}

/**
 * The processor's counters. At every moment:
 * `tracked = sent + (sum of dropped) + buffered + inFlight`.
 */
export interface EventProcessorStats {
  /**
   * Every `trackEvent` and `trackExposureEvent` call, refused ones included; exposures skipped
   * as duplicates are not (they are in `deduplicated`).
   */
  readonly tracked: number;
  /** Events the server accepted. */
  readonly sent: number;
  /** Events that will never be sent, by cause. */
  readonly dropped: DroppedEventCounts;
  /**
   * Failed delivery attempts that kept their events for another try, counted per event (a
   * batch of 10 retried twice adds 20). Not part of the balance above.
   */
  readonly retried: number;
  /** Exposures skipped because an identical one was recorded within the dedupe window. */
  readonly deduplicated: number;
  /** Events waiting in the buffer. */
  readonly buffered: number;
  /** Events in the request currently on the wire. */
  readonly inFlight: number;
}
