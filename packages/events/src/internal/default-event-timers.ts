import type { EventTimers, TimerOptions } from '../timers';

/**
 * The platform's timers, with background timers unref'd where the platform supports it (Node
 * and Bun through `unref()`, Deno through `Deno.unrefTimer`). Browser bundles get the same
 * timers without the unref (package.json `imports`, `browser` condition): a page has no process
 * to keep alive.
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
