import type { Flags, FlagsmithTransport, Logger } from '@flagsmith-openfeature/core';
import {
  createFlagsmithTransport,
  getEnvironmentFlags,
  getIdentityFlags,
} from '@flagsmith-openfeature/core';
import type { EventProcessor } from '@flagsmith-openfeature/events';
import { defaultEventTimers, installPageLifecycleFlush } from '@flagsmith-openfeature/events';
import { trackToFlagsmith } from '@flagsmith-openfeature/exposure-hook';
import type {
  FlagsmithIdentity,
  LifecycleEvent,
  ResolutionOptions,
} from '@flagsmith-openfeature/provider-common';
import {
  changedFlags,
  contextToIdentity,
  describeError,
  ProviderEventProcessor,
  ProviderLifecycle,
  resolveFlag,
  unavailableResolution,
} from '@flagsmith-openfeature/provider-common';
import type {
  EvaluationContext,
  FlagValue,
  FlagValueType,
  JsonValue,
  Provider,
  ProviderEmittableEvents,
  ResolutionDetails,
  TrackingEventDetails,
} from '@openfeature/web-sdk';
import { OpenFeatureEventEmitter, ProviderEvents } from '@openfeature/web-sdk';
import type {
  FlagsmithWebProviderOptions,
  ResolvedFlagsmithWebProviderOptions,
} from './flagsmith-web-provider-options';
import { resolveFlagsmithWebProviderOptions } from './flagsmith-web-provider-options';
import { FlagsCache } from './internal/flags-cache';

/** The web SDK's event for each provider event of the shared lifecycle. */
const WEB_EVENTS: Readonly<Record<LifecycleEvent, ProviderEmittableEvents>> = {
  ready: ProviderEvents.Ready,
  stale: ProviderEvents.Stale,
  error: ProviderEvents.Error,
  'configuration-changed': ProviderEvents.ConfigurationChanged,
};

/** The flags in memory, and whose they are. */
interface LoadedFlags {
  /** The identity they were loaded for; `undefined` for the environment's flags. */
  readonly identifier: string | undefined;
  readonly flags: Flags;
}

/**
 * The Flagsmith provider for the OpenFeature web SDK (`runsOn: 'client'`).
 *
 * `initialize(context)` and every context change fetch the flags of the context's identity (its
 * `targetingKey`, with the other attributes as traits), or the environment's flags when there
 * is no `targetingKey`; evaluations are then synchronous, from memory. Flags are only ever
 * served to the identity they were fetched for: during a context switch the previous user's
 * flags are not served, and a response for a context that is no longer current is dropped.
 *
 * Options add a flags cache in localStorage (`cacheFlags`: ready at once, then refreshed),
 * polling (`pollingIntervalMs`) and fallback flags (`defaultFlags`). Provider events follow
 * DESIGN §5.3: ERROR (FATAL when the key is refused) when loading fails, READY when it recovers,
 * STALE when a refresh fails while flags are served, CONFIGURATION_CHANGED with `flagsChanged`
 * when a refresh changes flags.
 *
 * ```ts
 * const provider = new FlagsmithWebProvider({ environmentKey: 'client-key', enableEvents: true });
 * await OpenFeature.setProviderAndWait(provider, { targetingKey: 'user_42' });
 * OpenFeature.addHooks(new ExposureHook({ eventProcessor: provider.eventProcessor }));
 * ```
 */
export class FlagsmithWebProvider implements Provider {
  readonly metadata = Object.freeze({ name: 'Flagsmith' });
  readonly runsOn = 'client' as const;
  /** Its flags belong to one context at a time, so the SDK binds it to one domain at most. */
  readonly domainScoped = true;
  /** The provider events (READY, ERROR, STALE, CONFIGURATION_CHANGED) the SDK listens to. */
  readonly events = new OpenFeatureEventEmitter();
  /** The options in force, validated and with defaults filled in. */
  readonly options: ResolvedFlagsmithWebProviderOptions;

  /** Only the two flag requests the provider makes are bundled, not all of `FlagsmithClient`. */
  readonly #transport: FlagsmithTransport;
  readonly #logger: Logger;
  readonly #lifecycle: ProviderLifecycle;
  readonly #resolution: ResolutionOptions;
  readonly #fallbackResolution: ResolutionOptions;
  readonly #cache: FlagsCache | undefined;
  readonly #events: ProviderEventProcessor;
  readonly #removePageListeners: () => void;
  /** The current context's identity, and a key telling identical identities apart. */
  #identity: FlagsmithIdentity = { traits: {} };
  #identityKey: string | undefined;
  #loaded: LoadedFlags | undefined;
  /** Why the current context's flags are missing, once a load has failed. */
  #lastError: string | undefined;
  /** The current context's first load, while it runs. */
  #pending: Promise<void> | undefined;
  /** Bumped by every context switch and by `onClose()`: older loads cannot act after it. */
  #generation = 0;
  #timer: unknown;

  /** @throws TypeError for missing or contradictory options, and for a server-side key. */
  constructor(options: FlagsmithWebProviderOptions) {
    this.options = resolveFlagsmithWebProviderOptions(options);
    const { logger, client, cacheStorage, defaultFlags, defaultFlagHandler, pageLifecycle } =
      this.options;
    this.#logger = logger;
    this.#transport = createFlagsmithTransport(client);
    this.#lifecycle = new ProviderLifecycle(
      (event, details) => this.events.emit(WEB_EVENTS[event], details),
      logger,
    );
    const resolution = {
      returnValueForDisabledFlags: this.options.returnValueForDisabledFlags,
      useBooleanConfigValue: this.options.useBooleanConfigValue,
    };
    this.#resolution = {
      ...resolution,
      defaultFlagHandler: (key) => defaultFlagHandler?.(key) ?? defaultFlags.get(key),
    };
    this.#fallbackResolution = {
      ...resolution,
      defaultFlagHandler: (key) => defaultFlags.get(key),
    };
    this.#cache =
      cacheStorage === undefined
        ? undefined
        : new FlagsCache(cacheStorage, client.environmentKey, logger);
    this.#events = new ProviderEventProcessor('FlagsmithWebProvider', this.options.events, logger);
    const processor = this.#events.current;
    this.#removePageListeners =
      processor === undefined || pageLifecycle === false
        ? () => {}
        : installPageLifecycleFlush(processor, pageLifecycle);
  }

  /**
   * The event processor the exposure hook and `track()` send to: the one the provider created
   * (`enableEvents`) or the one it was given (`eventProcessor`). It flushes when the page is
   * hidden or left.
   *
   * @throws Error when events are off.
   */
  get eventProcessor(): EventProcessor {
    return this.#events.required;
  }

  /**
   * Loads the flags of the initial context. Called by the SDK. Resolves at once from the cache
   * when `cacheFlags` has this identity's flags (refreshing them in the background). Rejects
   * with `ProviderFatalError` when Flagsmith refuses the key, and with `GeneralError` on other
   * failures, in which case loading is retried every `retryIntervalMs` and READY is emitted once
   * it succeeds.
   */
  initialize(context?: EvaluationContext): Promise<void> {
    this.#lifecycle.state = 'not-ready';
    return this.#switchTo(context ?? {}, true) ?? Promise.resolve();
  }

  /**
   * Loads the flags of the new context. Called by the SDK, which reports RECONCILING while the
   * returned promise runs. Returns nothing (no reconciling at all) when the identity did not
   * change or its flags are cached.
   */
  onContextChange(
    _oldContext: EvaluationContext,
    newContext: EvaluationContext,
  ): Promise<void> | undefined {
    return this.#switchTo(newContext, false);
  }

  /**
   * Stops loading and polling, removes the page-hide listeners and delivers buffered events: an
   * event processor the provider created is closed; a shared one is only flushed. Never rejects.
   */
  async onClose(): Promise<void> {
    this.#generation++;
    this.#pending = undefined;
    this.#lifecycle.state = 'closed';
    this.#cancelTimer();
    this.#removePageListeners();
    await this.#events.release();
  }

  /**
   * The track() adapter: `client.track(name, context, details)` becomes a Flagsmith event, with
   * `details.value` as its value and the rest of `details` as metadata. Never throws; with events
   * off it logs an error.
   */
  track(
    trackingEventName: string,
    context: EvaluationContext,
    details: TrackingEventDetails,
  ): void {
    trackToFlagsmith(this.#events.current, trackingEventName, context, details ?? {}, this.#logger);
  }

  resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: EvaluationContext,
  ): ResolutionDetails<boolean> {
    return this.#resolve(flagKey, 'boolean', defaultValue, context);
  }

  resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: EvaluationContext,
  ): ResolutionDetails<string> {
    return this.#resolve(flagKey, 'string', defaultValue, context);
  }

  resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: EvaluationContext,
  ): ResolutionDetails<number> {
    return this.#resolve(flagKey, 'number', defaultValue, context);
  }

  resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): ResolutionDetails<T> {
    return this.#resolve(flagKey, 'object', defaultValue, context);
  }

  #resolve<T extends FlagValue>(
    flagKey: string,
    type: FlagValueType,
    defaultValue: T,
    context: EvaluationContext,
  ): ResolutionDetails<T> {
    try {
      const { identifier } = contextToIdentity(context ?? {});
      const request = { flagKey, type, defaultValue, identified: identifier !== undefined };
      const loaded = this.#loaded;
      // Flags are served only to the identity they were fetched for.
      if (loaded !== undefined && loaded.identifier === identifier) {
        return resolveFlag(request, loaded.flags.get(flagKey), this.#resolution);
      }
      if (this.options.defaultFlags.has(flagKey)) {
        return resolveFlag(request, undefined, this.#fallbackResolution);
      }
      return unavailableResolution(
        defaultValue,
        `Flagsmith flags for this context are not available: ${this.#lastError ?? 'they are still loading'}`,
      );
    } catch (error) {
      // Only a throwing defaultFlagHandler gets here.
      this.#logger.error(`Flagsmith: evaluating "${flagKey}" failed; serving the default:`, error);
      return unavailableResolution(
        defaultValue,
        `Flagsmith: evaluating "${flagKey}" failed: ${describeError(error)}`,
      );
    }
  }

  /**
   * Makes `context` the current one. Returns the promise of its first load, or `undefined` when
   * there is nothing to wait for (same identity as now, or flags served from the cache).
   */
  #switchTo(context: EvaluationContext, initializing: boolean): Promise<void> | undefined {
    const identity = contextToIdentity(context, (message) => this.#logger.debug(message));
    const key = JSON.stringify([
      identity.identifier ?? null,
      Object.entries(identity.traits).sort(([a], [b]) => (a < b ? -1 : 1)),
    ]);
    if (!initializing && key === this.#identityKey) {
      // The same identity: follow its load, or keep its flags.
      if (this.#pending !== undefined) return this.#pending;
      const { state } = this.#lifecycle;
      if (state === 'ready' || state === 'stale') return undefined;
    }
    const generation = ++this.#generation;
    this.#cancelTimer();
    this.#identity = identity;
    this.#identityKey = key;
    this.#lastError = undefined;
    this.#pending = undefined;
    const cached = this.#cache?.read(identity.identifier);
    if (cached !== undefined) {
      this.#loaded = { identifier: identity.identifier, flags: cached };
      this.#lifecycle.state = 'ready';
      void this.#load(generation, false);
      return undefined;
    }
    const pending = this.#load(generation, true);
    this.#pending = pending;
    return pending;
  }

  /**
   * Loads the current context's flags: its first load (`first`), or a background one after a
   * cache hit, a failure, or to poll. When another switch overtakes a first load, its answer is
   * dropped and it settles as the newest switch does, so the SDK's RECONCILING lasts until the
   * flags on screen are the current user's.
   */
  async #load(generation: number, first: boolean): Promise<void> {
    const identity = this.#identity;
    const { retryIntervalMs } = this.options;
    let flags: Flags;
    try {
      flags = await this.#fetch(identity);
    } catch (error) {
      if (generation !== this.#generation) return first ? this.#pending : undefined;
      this.#lastError = describeError(error);
      const lifecycle = this.#lifecycle;
      let failure: Error | undefined;
      if (first) {
        this.#pending = undefined;
        failure = lifecycle.loadFailed(
          error,
          `loading the flags of ${identity.identifier === undefined ? 'the environment' : `identity "${identity.identifier}"`}`,
          `retrying every ${retryIntervalMs} ms`,
        );
      } else {
        lifecycle.refreshFailed(error);
      }
      if (lifecycle.state !== 'fatal') this.#schedule(generation, retryIntervalMs);
      if (failure !== undefined) throw failure;
      return;
    }
    if (generation !== this.#generation) return first ? this.#pending : undefined;
    const loaded = this.#loaded;
    this.#loaded = { identifier: identity.identifier, flags };
    this.#lastError = undefined;
    this.#cache?.write(identity.identifier, flags);
    if (first) {
      this.#pending = undefined;
      this.#lifecycle.state = 'ready';
    } else {
      this.#lifecycle.refreshed(
        changedFlags(loaded?.identifier === identity.identifier ? loaded?.flags : undefined, flags),
      );
    }
    this.#schedule(generation, this.options.pollingIntervalMs);
  }

  #fetch({ identifier, traits }: FlagsmithIdentity): Promise<Flags> {
    return identifier === undefined
      ? getEnvironmentFlags(this.#transport)
      : getIdentityFlags(this.#transport, identifier, traits);
  }

  /** Schedules a background load; `0` (polling off) schedules nothing. */
  #schedule(generation: number, delayMs: number): void {
    this.#cancelTimer();
    if (delayMs === 0 || generation !== this.#generation) return;
    this.#timer = defaultEventTimers.setTimeout(
      () => {
        this.#timer = undefined;
        void this.#load(generation, false);
      },
      delayMs,
      { keepAlive: false },
    );
  }

  #cancelTimer(): void {
    if (this.#timer === undefined) return;
    defaultEventTimers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
