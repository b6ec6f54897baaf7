import type { EventTimers, TimerOptions } from '../../src/index';

interface ManualTimer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
  readonly keepAlive: boolean;
}

/** Lets promise chains and I/O callbacks queued so far run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock and timers that move only when the test says so. `advance()` fires due timers in
 * order, letting promise chains settle after each.
 */
export class ManualTimers implements EventTimers {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, ManualTimer>();

  constructor(start = 1_750_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, delayMs: number, options: TimerOptions): unknown {
    const id = this.#nextId++;
    this.#timers.set(id, { id, at: this.#now + delayMs, callback, keepAlive: options.keepAlive });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** The pending timers, soonest first, with the time left on each. */
  pending(): Array<{ inMs: number; keepAlive: boolean }> {
    return [...this.#timers.values()]
      .sort((a, b) => a.at - b.at || a.id - b.id)
      .map((timer) => ({ inMs: timer.at - this.#now, keepAlive: timer.keepAlive }));
  }

  /** Moves the clock forward by `ms`, firing every timer that comes due on the way. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await settle();
      const next = [...this.#timers.values()]
        .filter((timer) => timer.at <= end)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (next === undefined) break;
      this.#timers.delete(next.id);
      this.#now = Math.max(this.#now, next.at);
      next.callback();
    }
    this.#now = end;
    await settle();
  }
}
