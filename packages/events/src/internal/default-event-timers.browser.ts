import type { EventTimers } from '../timers';

/**
 * The page's timers: the browser bundles' version (package.json `imports`, `browser` condition)
 * of the default timers, which everywhere else unref background timers. A page has no process
 * for a timer to keep alive, so `keepAlive` changes nothing here.
 */
export const defaultEventTimers: EventTimers = Object.freeze({
  now: () => Date.now(),
  setTimeout: (callback: () => void, delayMs: number): unknown =>
    globalThis.setTimeout(callback, delayMs),
  clearTimeout(handle: unknown): void {
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>);
  },
});
