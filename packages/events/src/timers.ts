/** Options of {@link EventTimers.setTimeout}. */
export interface TimerOptions {
  /**
   * Whether the pending timer may keep the process alive. Background timers (the flush
   * interval, retries nobody awaits) pass `false`; the waits of a `close()` or `flush()` the
   * application is awaiting pass `true`, so a script that awaits them is not cut short.
   */
  keepAlive: boolean;
}

/**
 * The clock and timers the event processor runs on. The default uses the platform's
 * `setTimeout` and `Date.now`, and `unref()`s background timers where the platform can (Node,
 * Bun, Deno) so that they never keep a process alive. Tests inject their own to drive time.
 */
export interface EventTimers {
  /** The current time in epoch milliseconds; event timestamps come from here. */
  now(): number;
  /** Calls `callback` once after `delayMs`; returns a handle for {@link EventTimers.clearTimeout}. */
  setTimeout(callback: () => void, delayMs: number, options: TimerOptions): unknown;
  /** Cancels a timer that has not fired; ignores handles that already fired or were cleared. */
  clearTimeout(handle: unknown): void;
}

export { defaultEventTimers } from '#default-event-timers';
