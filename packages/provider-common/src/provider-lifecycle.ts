import type { Logger } from '@flagsmith-openfeature/core';
import type {
  AnyProviderEvent,
  ErrorCode,
  OpenFeatureError,
  ServerProviderEvents,
} from '@openfeature/core';
import { isFatal, toOpenFeatureError } from './to-open-feature-error';

/** Where a provider stands, as its provider events have told the SDK. */
export type LifecycleState = 'not-ready' | 'ready' | 'stale' | 'error' | 'fatal' | 'closed';

/**
 * The provider events of DESIGN §5.3, by OpenFeature's own values: the server SDK's
 * `ProviderEvents`, which the web SDK's share.
 */
export type LifecycleEvent = `${ServerProviderEvents}`;

/** What comes with a {@link LifecycleEvent}. */
export type LifecycleEventDetails = {
  message: string;
  flagsChanged?: string[];
  errorCode?: `${ErrorCode}`;
};

/**
 * Where a provider's events go: its SDK's `OpenFeatureEventEmitter`, server or web. It takes any
 * provider event by value; the lifecycle emits only {@link LifecycleEvent}s.
 */
export interface LifecycleEmitter {
  emit(event: `${AnyProviderEvent}`, details: LifecycleEventDetails): void;
}

/**
 * The provider events of DESIGN §5.3, written once for both providers: ERROR (FATAL when
 * Flagsmith refuses the key) when a load fails with nothing to serve, STALE when a refresh fails
 * while last-known flags are served, READY when loading recovers, CONFIGURATION_CHANGED with
 * `flagsChanged` when a refresh changes flags. The provider owns timers and loading, and reports
 * each outcome here.
 */
export class ProviderLifecycle {
  /** The current state; providers set `not-ready`, `ready` and `closed` themselves. */
  state: LifecycleState = 'not-ready';
  readonly #events: LifecycleEmitter;
  readonly #logger: Logger;

  constructor(events: LifecycleEmitter, logger: Logger) {
    this.#events = events;
    this.#logger = logger;
  }

  /**
   * A load with nothing to fall back on failed (the first one, or a new context's): the state
   * becomes `fatal` when Flagsmith refused the key, else `error`. Returns the OpenFeature error
   * to reject with; the SDK emits ERROR for it. `retrying` says when the next attempt comes.
   */
  loadFailed(error: unknown, doing: string, retrying: string): OpenFeatureError {
    const failure = toOpenFeatureError(error, doing);
    const fatal = isFatal(error);
    this.state = fatal ? 'fatal' : 'error';
    this.#log('error', failure.message, 'defaults', fatal ? 'not retrying' : retrying);
    return failure;
  }

  /** A background load succeeded, changing the named flags. */
  refreshed(changed: readonly string[]): void {
    const before = this.state;
    this.state = 'ready';
    if (['error', 'stale'].includes(before)) {
      const message = 'Flagsmith: flags are loading again';
      this.#logger.info(message);
      this.#events.emit('PROVIDER_READY', { message });
    }
    // After a failed first load there was nothing to change from: READY says it all.
    if (before !== 'error' && changed.length > 0) {
      this.#events.emit('PROVIDER_CONFIGURATION_CHANGED', {
        flagsChanged: [...changed],
        message: 'Flagsmith: flags changed',
      });
    }
  }

  /** A background load failed; the provider retries unless the state became `fatal`. */
  refreshFailed(error: unknown): void {
    if (this.state === 'error' && isFatal(error)) {
      // Nothing was ever loaded, and now the key is refused: a load failure, told as an event.
      const { message } = this.loadFailed(error, 'refreshing flags', '');
      this.#events.emit('PROVIDER_ERROR', { message, errorCode: 'PROVIDER_FATAL' });
      return;
    }
    const { message } = toOpenFeatureError(error, 'refreshing flags');
    // After a failed first load defaults are served; else the flags loaded before still are.
    this.#log('warn', message, this.state === 'error' ? 'defaults' : 'stale flags', 'retrying');
    if (this.state === 'ready') {
      this.state = 'stale';
      this.#events.emit('PROVIDER_STALE', { message });
    }
  }

  /** Logs a failure as a sentence, followed by what is served meanwhile and what comes next. */
  #log(level: 'error' | 'warn', message: string, serving: string, next: string): void {
    this.#logger[level](`${message.replace(/\.?$/, '.')} Serving ${serving}; ${next}.`);
  }
}
