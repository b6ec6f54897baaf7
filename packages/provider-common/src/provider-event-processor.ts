import type { Logger } from '@flagsmith-openfeature/core';
import { EventProcessor } from '@flagsmith-openfeature/events';
import type { ResolvedEventsOption } from './events-option';
import { eventsOffError } from './events-option';

/**
 * The event processor a provider holds, from its resolved events option: opened once at
 * construction, required by `provider.eventProcessor`, released by `onClose()`. Both providers
 * hold one, so "events are off" and "close what you own, flush what you share" read alike.
 */
export class ProviderEventProcessor {
  /** The processor, or `undefined` when events are off (what the track() adapter takes). */
  readonly current: EventProcessor | undefined;
  readonly #caller: string;
  /** Whether the provider created the processor, and so closes it. */
  readonly #owned: boolean;
  readonly #logger: Logger;

  /**
   * Creates the processor of an `owned` option, or takes the `shared` one; `caller` names the
   * provider in errors.
   */
  constructor(caller: string, events: ResolvedEventsOption, logger: Logger) {
    this.#caller = caller;
    this.#owned = events.kind === 'owned';
    this.#logger = logger;
    this.current = events.kind === 'owned' ? new EventProcessor(events.options) : events.processor;
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

  /**
   * Closes a processor the provider created (flushed, then refusing events); only flushes a
   * shared one, as its owner closes it. Never rejects.
   */
  async release(): Promise<void> {
    try {
      await (this.#owned ? this.current?.close() : this.current?.flush());
    } catch (error) {
      this.#logger.error('Flagsmith: flushing events failed:', error);
    }
  }
}
