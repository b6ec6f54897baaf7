import type { EvaluationDetails, FlagValue } from '@openfeature/core';
import type { ConformanceHook } from './sdk-under-test';

/** A hook stage. */
export type HookStage = 'before' | 'after' | 'error' | 'finally';

/** One stage a hook ran, with the evaluation details it was given (after and finally). */
export interface RecordedStage {
  readonly stage: HookStage;
  readonly details: EvaluationDetails<FlagValue> | undefined;
}

/**
 * A hook that records which stages ran with which details. Recorders that share a `log` write
 * `name:stage` lines to it, in the order the SDK ran them.
 */
export class StageRecorder implements ConformanceHook {
  readonly stages: RecordedStage[] = [];
  readonly #name: string;
  readonly #log: string[] | undefined;

  constructor(name: string, log?: string[]) {
    this.#name = name;
    this.#log = log;
  }

  before(): undefined {
    this.#record('before', undefined);
    return undefined;
  }

  after(_hookContext: unknown, details: EvaluationDetails<FlagValue>): void {
    this.#record('after', details);
  }

  error(): void {
    this.#record('error', undefined);
  }

  finally(_hookContext: unknown, details: EvaluationDetails<FlagValue>): void {
    this.#record('finally', details);
  }

  /** Whether the stage ran. */
  ran(stage: HookStage): boolean {
    return this.stages.some((recorded) => recorded.stage === stage);
  }

  /** The details the stage was given, when it ran with details. */
  detailsOf(stage: HookStage): EvaluationDetails<FlagValue> | undefined {
    return this.stages.find((recorded) => recorded.stage === stage)?.details;
  }

  #record(stage: HookStage, details: EvaluationDetails<FlagValue> | undefined): void {
    this.stages.push({ stage, details });
    this.#log?.push(`${this.#name}:${stage}`);
  }
}
