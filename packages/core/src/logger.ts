import { hasMethods } from './internal/shape';

/**
 * Where the library reports what it does not throw. Structurally the same as OpenFeature's
 * `Logger`, so an OpenFeature logger (or `console`) can be passed straight in.
 */
export interface Logger {
  error(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  info(...args: unknown[]): void;
  debug(...args: unknown[]): void;
}

/** A {@link Logger} that discards everything: the default, so libraries stay quiet unless asked. */
export const noopLogger: Logger = Object.freeze({
  error() {},
  warn() {},
  info() {},
  debug() {},
});

/** Whether `value` has the four {@link Logger} methods (those `noopLogger` has). */
export function isLogger(value: unknown): value is Logger {
  return hasMethods<Logger>(value, Object.keys(noopLogger) as (keyof Logger)[]);
}
