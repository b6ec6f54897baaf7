/** A log level, as OpenFeature's and this project's loggers have them. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/**
 * A logger that keeps every line instead of printing it, so a test can assert on what was
 * reported. It has the shape of OpenFeature's `Logger` (and of `@flagsmith-openfeature/core`'s).
 */
export interface RecordingLogger {
  /** Every line kept, in order; an `Error` argument is kept as its message. */
  readonly lines: { level: LogLevel; text: string }[];
  /** The lines logged at `level`, each one's arguments joined with spaces. */
  at(level: LogLevel): string[];
  error(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  info(...args: unknown[]): void;
  debug(...args: unknown[]): void;
}

/** Options for {@link createRecordingLogger}. */
export interface RecordingLoggerOptions {
  /**
   * Keep debug lines too; `false` drops them, for long runs that log a debug line per retry.
   * @default true
   */
  keepDebug?: boolean;
}

/** Creates a {@link RecordingLogger}. */
export function createRecordingLogger({
  keepDebug = true,
}: RecordingLoggerOptions = {}): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  const record =
    (level: LogLevel) =>
    (...args: unknown[]): void => {
      if (level === 'debug' && !keepDebug) return;
      lines.push({
        level,
        text: args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' '),
      });
    };
  return {
    lines,
    at: (level) => lines.filter((line) => line.level === level).map((line) => line.text),
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: record('debug'),
  };
}
