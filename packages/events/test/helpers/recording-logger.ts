import type { Logger } from '@flagsmith-openfeature/core';

type Level = 'error' | 'warn' | 'info' | 'debug';

/** A logger that keeps what it is told, for assertions. */
export class RecordingLogger implements Logger {
  readonly entries: Array<{ level: Level; message: string }> = [];

  error(...args: unknown[]): void {
    this.#record('error', args);
  }
  warn(...args: unknown[]): void {
    this.#record('warn', args);
  }
  info(...args: unknown[]): void {
    this.#record('info', args);
  }
  debug(...args: unknown[]): void {
    this.#record('debug', args);
  }

  /** The messages logged at `level`. */
  at(level: Level): string[] {
    return this.entries.filter((entry) => entry.level === level).map((entry) => entry.message);
  }

  #record(level: Level, args: unknown[]): void {
    this.entries.push({ level, message: args.map(String).join(' ') });
  }
}
