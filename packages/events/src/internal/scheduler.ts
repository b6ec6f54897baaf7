import type { EventTimers } from '../timers';

/**
 * The sender's clock-driven work: the periodic flush and the waits between attempts.
 * Everything is one-shot timers from the injected {@link EventTimers}, re-armed as needed, so
 * a test can drive it with a manual clock.
 */
export class Scheduler {
  readonly timers: EventTimers;
  #intervalHandle: unknown;
  #sleepHandle: unknown;
  #sleepResolve: (() => void) | undefined;

  /**
   * Starts the periodic flush: `onInterval` every `intervalMs`, on a timer that never keeps a
   * process alive.
   */
  constructor(timers: EventTimers, intervalMs: number, onInterval: () => void) {
    this.timers = timers;
    const arm = () => {
      this.#intervalHandle = timers.setTimeout(
        () => {
          arm();
          onInterval();
        },
        intervalMs,
        { keepAlive: false },
      );
    };
    arm();
  }

  /** Stops the periodic flush for good (a cleared timer never fires: see {@link EventTimers}). */
  stopInterval(): void {
    this.timers.clearTimeout(this.#intervalHandle);
  }

  /**
   * Waits `delayMs`, or until {@link Scheduler.wake}. One wait at a time: the sender is the only
   * caller and never waits twice at once. `keepAlive` says whether the wait may hold the
   * process open (only while the application awaits a flush or close).
   */
  sleep(delayMs: number, keepAlive: boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#sleepResolve = resolve;
      this.#sleepHandle = this.timers.setTimeout(() => this.wake(), delayMs, { keepAlive });
    });
  }

  /** Ends the pending wait now, if there is one. */
  wake(): void {
    const resolve = this.#sleepResolve;
    if (resolve === undefined) return;
    this.#sleepResolve = undefined;
    this.timers.clearTimeout(this.#sleepHandle);
    resolve();
  }
}
