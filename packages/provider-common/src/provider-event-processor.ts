import type { Logger } from '@flagsmith-openfeature/core';
import type { EventProcessor } from '@flagsmith-openfeature/events';
import type { ResolvedEventsOption } from './events-option';
import { eventsOffError, openEventProcessor, releaseEventProcessor } from './events-option';

/**
 * The event processor a provider holds, from its resolved events option: opened once at
 * construction, required by `provider.eventProcessor`, released by `onClose()`. Both providers
 * hold one, so "events are off" and "close what you own, flush what you share" read alike.
 */
export class ProviderEventProcessor {
  /** The processor, or `undefined` when events are off (what the track() adapter takes). */
  readonly current: EventProcessor | undefined;
  readonly #caller: string;
  readonly #events: ResolvedEventsOption;
  readonly #logger: Logger;

  /** Opens the processor `events` stands for; `caller` names the provider in errors. */
  constructor(caller: string, events: ResolvedEventsOption, logger: Logger) {
    this.#caller = caller;
    this.#events = events;
    this.#logger = logger;
    this.current = openEventProcessor(events);
  }

  /**
   * The processor, for `provider.eventProcessor`.
   *
   * @throws Error when events are off, saying how to turn them on.
   */
  get required(): EventProcessor {
    if (this.current === undefined) throw eventsOffError(this.#caller);
    return this.current;
  }

  /** Closes a processor the provider created, flushes a shared one. Never rejects. */
  release(): Promise<void> {
    return releaseEventProcessor(this.#events, this.current, this.#logger);
  }
}
