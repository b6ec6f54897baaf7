import { optionTypeError } from '@flagsmith-openfeature/core';
import type { EventProcessor } from '@flagsmith-openfeature/events';
import {
  contextIdentifier,
  contextToIdentity,
  hasMethods,
} from '@flagsmith-openfeature/provider-common';
import type { EvaluationDetails, FlagValue, HookContext, Logger } from '@openfeature/core';
import { exposedValue } from './internal/exposed-value';

/** Options for {@link ExposureHook}. */
export interface ExposureHookOptions {
  /** Where exposures go: usually `provider.eventProcessor`. */
  eventProcessor: EventProcessor;
  /**
   * Which flags record exposures: a list of flag keys, or a predicate.
   * @default every flag
   */
  flags?: readonly string[] | ((flagKey: string) => boolean);
  /**
   * Record exposures only for evaluations Flagsmith marks as part of an experiment
   * (`flagMetadata.inExperiment === true`).
   * @default false
   */
  onlyExperiments?: boolean;
  /**
   * Where a failure to record is reported. Defaults to the logger OpenFeature hands the hook.
   */
  logger?: Logger;
}

/** Reasons that mean "not a value Flagsmith assigned" when a provider does not say so itself. */
const UNASSIGNED_REASONS: readonly (string | undefined)[] = ['DEFAULT', 'DISABLED', 'ERROR'];

/**
 * An OpenFeature `after` hook that records a `$flag_exposure` event each time a user is served a
 * value that Flagsmith assigned, and never for a default-served one.
 *
 * It fits both `@openfeature/server-sdk` and `@openfeature/web-sdk` (register it globally with
 * `OpenFeature.addHooks`), runs synchronously, and never throws into the evaluation: a failure to
 * record is logged. Repeated exposures of the same value to the same identity are deduplicated by
 * the event processor.
 */
export class ExposureHook {
  readonly #processor: EventProcessor;
  readonly #includes: (flagKey: string) => boolean;
  readonly #onlyExperiments: boolean;
  readonly #logger: Logger | undefined;

  constructor(options: ExposureHookOptions) {
    const processor = options?.eventProcessor;
    if (!hasMethods<EventProcessor>(processor, ['trackExposureEvent'])) {
      throw optionTypeError('ExposureHook', 'eventProcessor', 'an EventProcessor', processor);
    }
    this.#processor = processor;
    this.#includes = flagFilter(options.flags);
    this.#onlyExperiments = options.onlyExperiments ?? false;
    this.#logger = options.logger;
  }

  /** Records the exposure for one evaluation, unless the value was not one Flagsmith assigned. */
  after(hookContext: Readonly<HookContext>, details: EvaluationDetails<FlagValue>): void {
    try {
      const { flagKey, flagMetadata, reason } = details;
      const identifier = contextIdentifier(hookContext.context);
      if (identifier === undefined) return;
      if (details.errorCode !== undefined) return;
      // A provider that does not say whether the default was served is judged by its reason.
      if ((flagMetadata.defaultServed ?? UNASSIGNED_REASONS.includes(reason)) === true) return;
      if (this.#onlyExperiments && flagMetadata.inExperiment !== true) return;
      if (!this.#includes(flagKey)) return;

      this.#processor.trackExposureEvent(flagKey, {
        identifier,
        value: details.variant ?? exposedValue(details.value),
        traits: contextToIdentity(hookContext.context).traits,
        metadata: { reason: reason ?? null },
      });
    } catch (error) {
      (this.#logger ?? hookContext.logger).error(
        `ExposureHook: exposure of "${details.flagKey}" was not recorded:`,
        error,
      );
    }
  }
}

function flagFilter(flags: ExposureHookOptions['flags']): (flagKey: string) => boolean {
  if (flags === undefined) return () => true;
  if (typeof flags === 'function') return flags;
  if (Array.isArray(flags)) {
    const keys = new Set(flags);
    return (flagKey) => keys.has(flagKey);
  }
  throw optionTypeError('ExposureHook', 'flags', 'an array or a function', flags);
}
