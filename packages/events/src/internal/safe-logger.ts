import type { Logger } from '@flagsmith-openfeature/core';
import { noopLogger } from '@flagsmith-openfeature/core';

/**
 * Wraps the application's logger so that a logger that throws can never break tracking or
 * delivery: the processor logs from tracking calls and from background work, and neither may
 * throw into the host application because of it.
 */
export function safeLogger(logger: Logger): Logger {
  // The four methods noopLogger has, each guarded.
  const safe = { ...noopLogger };
  for (const method of Object.keys(safe) as (keyof Logger)[]) {
    safe[method] = (...args: unknown[]): void => {
      try {
        logger[method](...args);
      } catch {
        // nowhere left to report it
      }
    };
  }
  return Object.freeze(safe);
}
