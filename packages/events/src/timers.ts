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

/**
 * The platform's timers, with background timers unref'd where the platform supports it (Node
 * and Bun through `unref()`, Deno through `Deno.unrefTimer`; browsers have nothing to unref).
 */
export const defaultEventTimers: EventTimers = Object.freeze({
  now: () => Date.now(),
  setTimeout(callback: () => void, delayMs: number, { keepAlive }: TimerOptions): unknown {
    const handle = globalThis.setTimeout(callback, delayMs);
    if (!keepAlive) {
      // Node's and Bun's timers have `unref()`; Deno's are numbers, unref'd through
      // `Deno.unrefTimer`. Each call does nothing where the other applies, as in browsers.
      (handle as { unref?(): void }).unref?.();
      (globalThis as { Deno?: { unrefTimer?(id: unknown): void } }).Deno?.unrefTimer?.(handle);
    }
    return handle;
  },
  clearTimeout(handle: unknown): void {
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>);
  },
});
