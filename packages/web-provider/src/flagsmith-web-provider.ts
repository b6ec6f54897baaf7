import type { Flags, FlagsmithTransport } from '@flagsmith-openfeature/core';
import {
  createFlagsmithTransport,
  getEnvironmentFlags,
  getIdentityFlags,
} from '@flagsmith-openfeature/core';
import type { EventProcessor } from '@flagsmith-openfeature/events';
import { defaultEventTimers, installPageLifecycleFlush } from '@flagsmith-openfeature/events';
import { trackToFlagsmith } from '@flagsmith-openfeature/exposure-hook';
import type { FlagsmithIdentity, ResolutionOptions } from '@flagsmith-openfeature/provider-common';
import {
  changedFlags,
  contextIdentifier,
  contextToIdentity,
  describeError,
  ProviderEventProcessor,
  ProviderLifecycle,
  resolveFlag,
  toOpenFeatureError,
  unavailableResolution,
} from '@flagsmith-openfeature/provider-common';
import type {
  EvaluationContext,
  FlagValue,
  FlagValueType,
  JsonValue,
  Provider,
  ResolutionDetails,
  TrackingEventDetails,
} from '@openfeature/web-sdk';
import { OpenFeatureEventEmitter } from '@openfeature/web-sdk';
import type {
  FlagsmithWebProviderOptions,
  ResolvedFlagsmithWebProviderOptions,
} from './flagsmith-web-provider-options';
import { CALLER, resolveFlagsmithWebProviderOptions } from './flagsmith-web-provider-options';
import { FlagsCache } from './internal/flags-cache';

/** A context's identity, with the key that tells identical ones apart. */
interface CurrentIdentity extends FlagsmithIdentity {
  /** The identifier and the traits, sorted. */
  readonly key: string;
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
  readonly #lifecycle: ProviderLifecycle;
  /** How flags are resolved: `defaultFlagHandler`, then `defaultFlags`, supply missing ones. */
  readonly #resolution: ResolutionOptions;
  /** How `defaultFlags` are resolved while the context's flags are not available. */
  readonly #fallbackResolution: ResolutionOptions;
  readonly #cache: FlagsCache | undefined;
  readonly #events: ProviderEventProcessor;
  readonly #removePageListeners: () => void;
  /**
   * The current context's identity: a new object for every context switch, and `undefined` once
   * closed. A load whose identity is no longer current cannot act.
   */
  #identity: CurrentIdentity | undefined;
  /** The flags in memory, once loaded. */
  #flags: Flags | undefined;
  /** The identity the flags in memory were loaded for; `undefined` for the environment's flags. */
  #flagsIdentifier: string | undefined;
  /** Why the current context's flags are missing, once a load has failed. */
  #lastError: string | undefined;
  /** The current context's first load, while it runs. */
  #pending: Promise<void> | undefined;
  /** The current identity's next background load, if one is scheduled. */
  #timer: unknown;

  /** @throws TypeError for missing or contradictory options, and for a server-side key. */
  constructor(options: FlagsmithWebProviderOptions) {
    const resolved = resolveFlagsmithWebProviderOptions(options);
    const { logger, client, cacheStorage, defaultFlags, defaultFlagHandler, pageLifecycle } =
      resolved;
    this.options = resolved;
    this.#transport = createFlagsmithTransport(client);
    this.#lifecycle = new ProviderLifecycle(this.events, logger);
    const fromDefaultFlags = (key: string) => defaultFlags.get(key);
    // The resolved options carry returnValueForDisabledFlags and useBooleanConfigValue.
    this.#resolution = {
      ...resolved,
      defaultFlagHandler: (key) => defaultFlagHandler?.(key) ?? fromDefaultFlags(key),
    };
    this.#fallbackResolution = { ...resolved, defaultFlagHandler: fromDefaultFlags };
    this.#cache = cacheStorage && new FlagsCache(cacheStorage, client.environmentKey, logger);
    this.#events = new ProviderEventProcessor(CALLER, resolved.events, logger);
    const processor = this.#events.current;
    this.#removePageListeners =
      processor && pageLifecycle !== false
        ? installPageLifecycleFlush(processor, pageLifecycle)
        : () => {};
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
    this.#identity = undefined;
    this.#pending = undefined;
    this.#lifecycle.state = 'closed';
    defaultEventTimers.clearTimeout(this.#timer);
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
    trackToFlagsmith(
      this.#events.current,
      trackingEventName,
      context,
      details ?? {},
      this.options.logger,
    );
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
      const identifier = contextIdentifier(context ?? {});
      const request = { flagKey, type, defaultValue, identified: identifier !== undefined };
      const flags = this.#flags;
      // Flags are served only to the identity they were fetched for.
      if (flags !== undefined && this.#flagsIdentifier === identifier) {
        return resolveFlag(request, flags.get(flagKey), this.#resolution);
      }
      if (this.options.defaultFlags.has(flagKey)) {
        return resolveFlag(request, undefined, this.#fallbackResolution);
      }
      return unavailableResolution(
        defaultValue,
        `Flagsmith: no flags for this context: ${this.#lastError ?? 'still loading'}`,
      );
    } catch (error) {
      // Only a throwing defaultFlagHandler gets here; the default is served.
      const { message } = toOpenFeatureError(error, `evaluating "${flagKey}"`);
      this.options.logger.error(message, error);
      return unavailableResolution(defaultValue, message);
    }
  }

  /**
   * Makes `context` the current one. Returns the promise of its first load, or `undefined` when
   * there is nothing to wait for (same identity as now, or flags served from the cache).
   */
  #switchTo(context: EvaluationContext, initializing: boolean): Promise<void> | undefined {
    const { identifier, traits } = contextToIdentity(context, this.options.logger);
    // A list of keys makes JSON.stringify write the traits in that order: sorted.
    const key = JSON.stringify([identifier, traits], Object.keys(traits).sort());
    // The same identity: follow its load, or keep its flags.
    if (
      !initializing &&
      key === this.#identity?.key &&
      (this.#pending !== undefined || ['ready', 'stale'].includes(this.#lifecycle.state))
    ) {
      return this.#pending;
    }
    defaultEventTimers.clearTimeout(this.#timer);
    const identity = { identifier, traits, key };
    this.#identity = identity;
    this.#lastError = undefined;
    const cached = this.#cache?.read(identifier);
    if (cached === undefined) {
      this.#pending = this.#load(identity, true);
    } else {
      // Served from the cache, the flags are refreshed in the background: nothing to wait for.
      this.#flags = cached;
      this.#flagsIdentifier = identifier;
      this.#lifecycle.state = 'ready';
      this.#pending = undefined;
      void this.#load(identity, false);
    }
    return this.#pending;
  }

  /**
   * Loads the current context's flags: its first load (`first`), or a background one after a
   * cache hit, a failure, or to poll. When another switch overtakes a first load, its answer is
   * dropped and it settles as the newest switch does, so the SDK's RECONCILING lasts until the
   * flags on screen are the current user's.
   */
  async #load(identity: CurrentIdentity, first: boolean): Promise<void> {
    const { identifier, traits } = identity;
    const { pollingIntervalMs, retryIntervalMs } = this.options;
    let flags: Flags | undefined;
    let error: unknown;
    try {
      flags = await (identifier === undefined
        ? getEnvironmentFlags(this.#transport)
        : getIdentityFlags(this.#transport, identifier, traits));
    } catch (caught) {
      error = caught;
    }
    if (identity !== this.#identity) return first ? this.#pending : undefined;
    if (first) this.#pending = undefined;
    const lifecycle = this.#lifecycle;
    let failure: Error | undefined;
    let nextLoadMs = pollingIntervalMs;
    if (flags === undefined) {
      this.#lastError = describeError(error);
      if (first) {
        failure = lifecycle.loadFailed(
          error,
          `loading flags for ${identifier === undefined ? 'the environment' : `"${identifier}"`}`,
          `retrying every ${retryIntervalMs} ms`,
        );
      } else {
        lifecycle.refreshFailed(error);
      }
      nextLoadMs = lifecycle.state === 'fatal' ? 0 : retryIntervalMs;
    } else {
      // A background load replaces this identity's flags, except after a failed first load, when
      // the lifecycle reports READY and no changes.
      const previous = this.#flags;
      this.#flags = flags;
      this.#flagsIdentifier = identifier;
      this.#lastError = undefined;
      this.#cache?.write(identifier, flags);
      if (first) {
        lifecycle.state = 'ready';
      } else {
        lifecycle.refreshed(changedFlags(previous, flags));
      }
    }
    // Retry, or poll; `0` (polling off, or a refused key) schedules nothing. An event handler may
    // have switched the context meanwhile: the new identity schedules its own loads.
    if (nextLoadMs > 0 && identity === this.#identity) {
      this.#timer = defaultEventTimers.setTimeout(() => this.#load(identity, false), nextLoadMs, {
        keepAlive: false,
      });
    }
    if (failure) throw failure;
  }
}
