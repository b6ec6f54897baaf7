import type { Logger } from '@flagsmith-openfeature/core';
import { isRecord, optionTypeError } from '@flagsmith-openfeature/core';
import type { EventProcessor, EventProcessorOptions } from '@flagsmith-openfeature/events';
import { hasMethods } from './has-methods';
import type { ProviderRequestOptions } from './provider-options';
import { resolveBooleanOption } from './provider-options';

/**
 * Options of the event processor a provider creates: every {@link EventProcessorOptions} key;
 * `environmentKey`, `fetch` and `logger` default to the provider's.
 */
export type ProviderEventProcessorConfig = Omit<EventProcessorOptions, 'environmentKey'> & {
  environmentKey?: string | undefined;
};

/** How a provider gets its event processor: none (`processor` reads `undefined`), or one it creates or shares. */
export type ResolvedEventsOption =
  | { readonly kind: 'off'; readonly processor?: undefined }
  | { readonly kind: 'owned'; readonly options: EventProcessorOptions }
  | { readonly kind: 'shared'; readonly processor: EventProcessor };

/**
 * The provider options that decide whether, and how, events are sent, documented once for both
 * providers. `fetch` is the provider's, which a created processor uses by default.
 */
export interface ProviderEventsOptions extends Pick<ProviderRequestOptions, 'fetch'> {
  /**
   * Create an event processor for the exposure hook and `track()`. Off, `provider.eventProcessor`
   * throws and `track()` logs an error.
   * @default false (true when `eventProcessor` is given)
   */
  enableEvents?: boolean | undefined;
  /**
   * Options of the event processor the provider creates. Needs `enableEvents: true`.
   * @default undefined (the processor's defaults)
   */
  eventProcessorConfig?: ProviderEventProcessorConfig | undefined;
  /**
   * An existing event processor to share (for example with another provider). Implies events on.
   * The provider flushes it on close but does not close it: its owner does.
   * @default undefined
   */
  eventProcessor?: EventProcessor | undefined;
}

/**
 * The events gate both providers share: off by default; `enableEvents: true` creates a
 * processor (configured by `eventProcessorConfig`, defaulting to the provider's key, `fetch`
 * and logger); `eventProcessor` shares an existing one. Contradictions throw a `TypeError` that
 * names `caller` and says what to pass.
 */
export function resolveEventsOption(
  caller: string,
  options: ProviderEventsOptions,
  environmentKey: string,
  logger: Logger,
): ResolvedEventsOption {
  const { eventProcessorConfig: config, eventProcessor } = options;
  const enableEvents = resolveBooleanOption(
    caller,
    'enableEvents',
    options.enableEvents,
    eventProcessor !== undefined,
  );
  // The config is for a processor the provider creates: a shared one comes configured.
  if (config !== undefined && (eventProcessor !== undefined || !enableEvents)) {
    throw new TypeError(
      `${caller}: eventProcessorConfig needs enableEvents: true and no eventProcessor`,
    );
  }
  if (eventProcessor !== undefined) {
    if (
      !hasMethods<EventProcessor>(eventProcessor, [
        'trackEvent',
        'trackExposureEvent',
        'flush',
        'close',
      ])
    ) {
      throw optionTypeError(caller, 'eventProcessor', 'an EventProcessor', eventProcessor);
    }
    if (!enableEvents) throw eventsOffError(caller);
    return Object.freeze({ kind: 'shared', processor: eventProcessor });
  }
  if (config !== undefined && !isRecord(config)) {
    throw optionTypeError(caller, 'eventProcessorConfig', 'an object', config);
  }
  if (!enableEvents) return Object.freeze({ kind: 'off' });
  return Object.freeze({
    kind: 'owned',
    options: Object.freeze({
      ...config,
      environmentKey: config?.environmentKey ?? environmentKey,
      fetch: config?.fetch ?? options.fetch,
      logger: config?.logger ?? logger,
    }),
  });
}

/**
 * What reading `provider.eventProcessor` throws when events are off, and what an `eventProcessor`
 * given with `enableEvents: false` throws.
 */
export function eventsOffError(caller: string): TypeError {
  return new TypeError(`${caller}: events are off; set enableEvents: true`);
}
