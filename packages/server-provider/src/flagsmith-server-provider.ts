import type { Logger } from '@flagsmith-openfeature/core';
import { FlagsmithClient } from '@flagsmith-openfeature/core';
import type { EventProcessor, EventTimers } from '@flagsmith-openfeature/events';
import { defaultEventTimers } from '@flagsmith-openfeature/events';
import { trackToFlagsmith } from '@flagsmith-openfeature/exposure-hook';
import type {
  FlagsmithIdentity,
  ResolutionOptions,
  ResolutionRequest,
} from '@flagsmith-openfeature/provider-common';
import {
  contextToIdentity,
  describeError,
  isFatal,
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
  Logger as OpenFeatureLogger,
  Provider,
  ResolutionDetails,
  TrackingEventDetails,
} from '@openfeature/server-sdk';
import { ErrorCode, OpenFeatureEventEmitter } from '@openfeature/server-sdk';
import type {
  FlagsmithServerProviderOptions,
  ResolvedFlagsmithServerProviderOptions,
} from './flagsmith-server-provider-options';
import { resolveFlagsmithServerProviderOptions } from './flagsmith-server-provider-options';
import { DocumentFlagSource } from './internal/document-flag-source';
import type { FlagLookup, FlagSource } from './internal/flag-source';
import { FlagsUnavailable } from './internal/flag-source';
import { RemoteFlagSource } from './internal/remote-flag-source';

/**
 * The Flagsmith provider for the OpenFeature server SDK (`runsOn: 'server'`).
 *
 * - **Remote** (default): environment flags are fetched at `initialize()` and refreshed every
 *   `environmentRefreshIntervalMs`; an identity's flags (a context with a `targetingKey`) are
 *   fetched on demand, cached for `identityCache.ttlMs`, concurrent identical lookups sharing one
 *   request.
 * - **Local** (`enableLocalEvaluation` with a `ser.` key): the environment document is fetched and
 *   refreshed, and every evaluation runs in process.
 * - **Offline** (`environment`): evaluations run against the given document; no flag request is
 *   ever made.
 *
 * Evaluations never throw: a failure is the caller's default with an error code, and
 * `flagMetadata.defaultServed: true` so the exposure hook can tell. Provider events: READY after
 * the first load (or on recovery), ERROR when it fails (FATAL when Flagsmith refuses the key),
 * STALE when a refresh fails while last-known flags are served, CONFIGURATION_CHANGED with
 * `flagsChanged` when a refresh changes flags.
 *
 * ```ts
 * const provider = new FlagsmithServerProvider({ environmentKey: 'ser.xxx', enableEvents: true });
 * await OpenFeature.setProviderAndWait(provider);
 * OpenFeature.addHooks(new ExposureHook({ eventProcessor: provider.eventProcessor }));
 * ```
 */
export class FlagsmithServerProvider implements Provider {
  readonly metadata = Object.freeze({ name: 'Flagsmith' });
  readonly runsOn = 'server' as const;
  /** The provider events (READY, ERROR, STALE, CONFIGURATION_CHANGED) the SDK listens to. */
  readonly events = new OpenFeatureEventEmitter();
  /** The options in force, validated and with defaults filled in. */
  readonly options: ResolvedFlagsmithServerProviderOptions;

  readonly #source: FlagSource;
  readonly #resolution: ResolutionOptions;
  readonly #logger: Logger;
  readonly #events: ProviderEventProcessor;
  readonly #timers: EventTimers = defaultEventTimers;
  readonly #lifecycle: ProviderLifecycle;
  #refreshTimer: unknown;
  /** Bumped by `onClose()`, so a refresh started before it cannot act after it. */
  #generation = 0;

  /** @throws TypeError for missing or contradictory options (see `resolveFlagsmithServerProviderOptions`). */
  constructor(options: FlagsmithServerProviderOptions) {
    this.options = resolveFlagsmithServerProviderOptions(options);
    const { logger, events, client } = this.options;
    this.#logger = logger;
    this.#lifecycle = new ProviderLifecycle(this.events, logger);
    this.#resolution = {
      returnValueForDisabledFlags: this.options.returnValueForDisabledFlags,
      useBooleanConfigValue: this.options.useBooleanConfigValue,
      defaultFlagHandler: this.options.defaultFlagHandler,
    };
    this.#source = createSource(
      this.options,
      client === undefined ? undefined : new FlagsmithClient(client),
    );
    this.#events = new ProviderEventProcessor('FlagsmithServerProvider', events, logger);
  }

  /**
   * The event processor the exposure hook and `track()` send to: the one the provider created
   * (`enableEvents`) or the one it was given (`eventProcessor`).
   *
   * @throws Error when events are off.
   */
  get eventProcessor(): EventProcessor {
    return this.#events.required;
  }

  /**
   * Loads the flags (remote: environment flags; local: the environment document; offline: the
   * given document). Called by the SDK. Rejects with `ProviderFatalError` when Flagsmith refuses
   * the key, and with `GeneralError` on other failures, in which case loading is retried every
   * `environmentRefreshIntervalMs` and READY is emitted once it succeeds.
   */
  async initialize(_context?: EvaluationContext): Promise<void> {
    const generation = ++this.#generation;
    this.#lifecycle.state = 'not-ready';
    try {
      await this.#source.load();
    } catch (error) {
      if (generation !== this.#generation) throw toOpenFeatureError(error, 'loading flags');
      const failure = this.#lifecycle.loadFailed(
        error,
        'loading flags',
        `retrying every ${this.options.environmentRefreshIntervalMs} ms`,
      );
      if (!isFatal(error)) this.#scheduleRefresh(generation);
      throw failure;
    }
    if (generation !== this.#generation) return;
    this.#lifecycle.state = 'ready';
    this.#scheduleRefresh(generation);
  }

  /**
   * Stops refreshing and delivers buffered events: an event processor the provider created is
   * closed (flushed, then refusing further events); a shared one is only flushed, as its owner
   * closes it. Never rejects.
   */
  async onClose(): Promise<void> {
    this.#generation++;
    this.#lifecycle.state = 'closed';
    this.#cancelRefresh();
    this.#source.close();
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
    logger: OpenFeatureLogger,
  ): Promise<ResolutionDetails<boolean>> {
    return this.#resolve(flagKey, 'boolean', defaultValue, context, logger);
  }

  resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: EvaluationContext,
    logger: OpenFeatureLogger,
  ): Promise<ResolutionDetails<string>> {
    return this.#resolve(flagKey, 'string', defaultValue, context, logger);
  }

  resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: EvaluationContext,
    logger: OpenFeatureLogger,
  ): Promise<ResolutionDetails<number>> {
    return this.#resolve(flagKey, 'number', defaultValue, context, logger);
  }

  resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
    logger: OpenFeatureLogger,
  ): Promise<ResolutionDetails<T>> {
    return this.#resolve(flagKey, 'object', defaultValue, context, logger);
  }

  #resolve<T extends FlagValue>(
    flagKey: string,
    type: FlagValueType,
    defaultValue: T,
    context: EvaluationContext,
    logger: OpenFeatureLogger,
  ): Promise<ResolutionDetails<T>> {
    let identity: FlagsmithIdentity;
    let found: FlagLookup | Promise<FlagLookup>;
    try {
      identity = contextToIdentity(context ?? {}, logger);
      found = this.#source.lookup(flagKey, identity);
    } catch (error) {
      return Promise.resolve(this.#failed(flagKey, defaultValue, error));
    }
    const request: ResolutionRequest<T> = {
      flagKey,
      type,
      defaultValue,
      identified: identity.identifier !== undefined,
    };
    if (found instanceof Promise) return found.then((flag) => this.#settle(request, flag));
    return Promise.resolve(this.#settle(request, found));
  }

  #settle<T extends FlagValue>(
    request: ResolutionRequest<T>,
    found: FlagLookup,
  ): ResolutionDetails<T> {
    try {
      if (found instanceof FlagsUnavailable)
        return unavailableResolution(request.defaultValue, found.why);
      return resolveFlag(request, found, this.#resolution);
    } catch (error) {
      return this.#failed(request.flagKey, request.defaultValue, error);
    }
  }

  /** What an unexpected failure (a throwing defaultFlagHandler, say) serves: the default. */
  #failed<T extends FlagValue>(
    flagKey: string,
    defaultValue: T,
    error: unknown,
  ): ResolutionDetails<T> {
    this.#logger.error(`Flagsmith: evaluating "${flagKey}" failed; serving the default:`, error);
    return {
      value: defaultValue,
      reason: 'ERROR',
      errorCode: ErrorCode.GENERAL,
      errorMessage: `Flagsmith: evaluating "${flagKey}" failed: ${describeError(error)}`,
      flagMetadata: { defaultServed: true },
    };
  }

  #scheduleRefresh(generation: number): void {
    if (!this.#source.refreshes || generation !== this.#generation) return;
    this.#cancelRefresh();
    this.#refreshTimer = this.#timers.setTimeout(
      () => {
        this.#refreshTimer = undefined;
        void this.#refresh(generation);
      },
      this.options.environmentRefreshIntervalMs,
      { keepAlive: false },
    );
  }

  #cancelRefresh(): void {
    if (this.#refreshTimer === undefined) return;
    this.#timers.clearTimeout(this.#refreshTimer);
    this.#refreshTimer = undefined;
  }

  async #refresh(generation: number): Promise<void> {
    let changed: readonly string[];
    try {
      changed = await this.#source.load();
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#lifecycle.refreshFailed(error);
      if (this.#lifecycle.state !== 'fatal') this.#scheduleRefresh(generation);
      return;
    }
    if (generation !== this.#generation) return;
    this.#lifecycle.refreshed(changed);
    this.#scheduleRefresh(generation);
  }
}

function createSource(
  options: ResolvedFlagsmithServerProviderOptions,
  client: FlagsmithClient | undefined,
): FlagSource {
  const { mode, environment, identityCache, logger } = options;
  if (mode === 'offline' && environment !== undefined)
    return DocumentFlagSource.offline(environment);
  if (client === undefined)
    throw new Error('FlagsmithServerProvider: no flags client outside offline mode');
  if (mode === 'local') return DocumentFlagSource.local(client);
  return new RemoteFlagSource(client, identityCache, logger);
}
