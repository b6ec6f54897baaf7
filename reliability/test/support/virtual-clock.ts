import type { EventTimers, TimerOptions } from '@flagsmith-openfeature/events';

interface PendingTimer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/**
 * A clock that moves only when the test moves it, for hours of simulated time in seconds of
 * real time. It implements the processor's `timers` option; requests still go over real HTTP,
 * so after each timer fires the test's `settle` callback lets real I/O finish before time moves
 * on.
 */
export class VirtualClock implements EventTimers {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, PendingTimer>();

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, delayMs: number, _options: TimerOptions): unknown {
    const id = this.#nextId++;
    this.#timers.set(id, { id, at: this.#now + Math.max(0, delayMs), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** How many timers are pending. */
  get pending(): number {
    return this.#timers.size;
  }

  /**
   * Moves the clock `ms` forward, firing every timer that comes due, in time order, each at its
   * own time, and awaiting `settle` after each.
   */
  async advance(ms: number, settle: () => Promise<void>): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      let next: PendingTimer | undefined;
      for (const timer of this.#timers.values()) {
        if (timer.at <= end && (next === undefined || timer.at < next.at)) next = timer;
      }
      if (next === undefined) break;
      this.#timers.delete(next.id);
      this.#now = Math.max(this.#now, next.at);
      next.callback();
      await settle();
    }
    this.#now = end;
  }
}
