import type {
  Logger,
  ResolvedFlagsmithClientOptions,
  ResolvedIdentityFlagsCacheOptions,
} from '@flagsmith-openfeature/core';
import {
  isRecord,
  resolveEnvironmentKeyOption,
  resolveIdentityFlagsCacheOptions,
  resolveLoggerOption,
  resolveNumberOption,
} from '@flagsmith-openfeature/core';
import type { EnvironmentDocument } from '@flagsmith-openfeature/engine';
import type {
  DefaultFlag,
  ProviderEventsOptions,
  ProviderRequestOptions,
  ProviderServingOptions,
  ResolvedEventsOption,
} from '@flagsmith-openfeature/provider-common';
import {
  resolveBooleanOption,
  resolveEventsOption,
  resolveProviderClientOptions,
  resolveResolutionOptions,
} from '@flagsmith-openfeature/provider-common';
import { DefaultLogger } from '@openfeature/server-sdk';

/** Options of the identity flags cache (remote mode). */
export interface IdentityCacheOptions {
  /**
   * How long an identity's flags are reused, in milliseconds. `0` keeps nothing, but concurrent
   * identical lookups still share one request.
   * @default 10_000
   */
  ttlMs?: number | undefined;
  /**
   * The most identities (identifier and traits) kept; past it the least recently used is
   * forgotten.
   * @default 10_000
   */
  maxEntries?: number | undefined;
  /**
   * When fetching an identity's flags again fails, serve the ones last fetched for it (while
   * still held) instead of the caller's defaults, so identities keep their flags through an
   * outage.
   * @default true
   */
  staleIfError?: boolean | undefined;
}

/** What a `defaultFlagHandler` returns for a flag Flagsmith does not have. */
export type DefaultFlagHandler = (flagKey: string) => DefaultFlag | undefined;

/**
 * Options for `FlagsmithServerProvider`. Every optional key also accepts `undefined`, meaning its
 * default. Three modes follow from them: **remote** (the default: flags from the flags API),
 * **local** (`enableLocalEvaluation` with a `ser.` key: the environment document is fetched and
 * evaluated in process) and **offline** (`environment`: a document given up front, no flag
 * requests at all).
 */
export interface FlagsmithServerProviderOptions
  extends ProviderRequestOptions,
    ProviderServingOptions,
    ProviderEventsOptions {
  /**
   * The environment's SDK key: client-side, or server-side (`ser.…`, needed for local
   * evaluation). Required, except in offline mode, where it defaults to the document's
   * `api_key` (used only to send events).
   */
  environmentKey?: string | undefined;
  /**
   * Receives what the provider does not throw: failed refreshes, failed identity lookups, a
   * `track()` with events off. OpenFeature's `Logger` shape; `console` fits.
   * @default OpenFeature's DefaultLogger (errors and warnings to the console)
   */
  logger?: Logger | undefined;
  /**
   * Fetch the environment document (needs a server-side `ser.` key) and evaluate every flag in
   * process, identities included: no request per evaluation.
   * @default false
   */
  enableLocalEvaluation?: boolean | undefined;
  /**
   * How often the environment document (local mode) or the environment flags (remote mode) are
   * fetched again, in milliseconds. The timer never keeps a Node process alive.
   * @default 60_000
   */
  environmentRefreshIntervalMs?: number | undefined;
  /**
   * An environment document to evaluate against: offline mode, where the provider makes no flag
   * requests at all. Cannot be combined with `enableLocalEvaluation`.
   * @default undefined
   */
  environment?: EnvironmentDocument | undefined;
  /**
   * The identity flags cache of remote mode.
   * @default { ttlMs: 10_000, maxEntries: 10_000 }
   */
  identityCache?: IdentityCacheOptions | undefined;
  /**
   * Supplies `{enabled, value}` for flags Flagsmith does not have; return `undefined` to report
   * the flag as not found. Its values are served with reason DEFAULT.
   * @default undefined (a missing flag is FLAG_NOT_FOUND)
   */
  defaultFlagHandler?: DefaultFlagHandler | undefined;
}

/** How the provider gets its flags. */
export type FlagsmithServerProviderMode = 'remote' | 'local' | 'offline';

/** {@link FlagsmithServerProviderOptions} validated and complete. */
export interface ResolvedFlagsmithServerProviderOptions {
  readonly mode: FlagsmithServerProviderMode;
  readonly environmentKey: string;
  /** The flags client's options; `undefined` in offline mode, which makes no flag requests. */
  readonly client: ResolvedFlagsmithClientOptions | undefined;
  readonly logger: Logger;
  readonly environmentRefreshIntervalMs: number;
  readonly environment: EnvironmentDocument | undefined;
  readonly identityCache: ResolvedIdentityFlagsCacheOptions;
  readonly defaultFlagHandler: DefaultFlagHandler | undefined;
  readonly returnValueForDisabledFlags: boolean;
  readonly useBooleanConfigValue: boolean;
  readonly events: ResolvedEventsOption;
}

/** The defaults of {@link FlagsmithServerProviderOptions}. */
export const DEFAULT_FLAGSMITH_SERVER_PROVIDER_OPTIONS = Object.freeze({
  enableLocalEvaluation: false,
  environmentRefreshIntervalMs: 60_000,
  identityCache: Object.freeze({ ttlMs: 10_000, maxEntries: 10_000, staleIfError: true }),
  returnValueForDisabledFlags: false,
  useBooleanConfigValue: false,
  enableEvents: false,
});

const CALLER = 'FlagsmithServerProvider';

/**
 * Validates {@link FlagsmithServerProviderOptions} and fills in the defaults. Structurally wrong
 * input throws a `TypeError` saying what to pass: no `environmentKey`, local evaluation without
 * a `ser.` key, `environment` together with `enableLocalEvaluation`, `eventProcessorConfig`
 * without `enableEvents`, options of the wrong type. A number out of range is warned about and
 * replaced by its default.
 */
export function resolveFlagsmithServerProviderOptions(
  options: FlagsmithServerProviderOptions,
): ResolvedFlagsmithServerProviderOptions {
  const logger = resolveLoggerOption(CALLER, options, new DefaultLogger());
  const defaults = DEFAULT_FLAGSMITH_SERVER_PROVIDER_OPTIONS;
  const enableLocalEvaluation = resolveBooleanOption(
    CALLER,
    'enableLocalEvaluation',
    options.enableLocalEvaluation,
    defaults.enableLocalEvaluation,
  );
  const environment = resolveEnvironment(options.environment);
  if (environment !== undefined && enableLocalEvaluation) {
    throw new TypeError(
      `${CALLER}: environment (offline mode) and enableLocalEvaluation exclude each other: pass an environment document to evaluate offline, or enableLocalEvaluation with a ser. key to fetch it`,
    );
  }
  const mode: FlagsmithServerProviderMode =
    environment !== undefined ? 'offline' : enableLocalEvaluation ? 'local' : 'remote';

  const environmentKey =
    options.environmentKey === undefined && environment !== undefined
      ? environment.api_key
      : resolveEnvironmentKeyOption(CALLER, options.environmentKey);
  if (mode === 'local' && !environmentKey.startsWith('ser.')) {
    throw new TypeError(
      `${CALLER}: enableLocalEvaluation needs a server-side environment key (one starting with "ser."; Environment settings → SDK keys), got a client-side key`,
    );
  }
  const client =
    mode === 'offline'
      ? undefined
      : resolveProviderClientOptions(CALLER, options, environmentKey, logger);

  const environmentRefreshIntervalMs = resolveNumberOption(
    CALLER,
    logger,
    'environmentRefreshIntervalMs',
    options.environmentRefreshIntervalMs,
    defaults.environmentRefreshIntervalMs,
    'interval',
  );
  const identityCacheOptions: IdentityCacheOptions = options.identityCache ?? {};
  if (!isRecord(identityCacheOptions as unknown)) {
    throw new TypeError(
      `${CALLER}: identityCache must be an object such as { ttlMs: 10000, maxEntries: 10000 }`,
    );
  }
  const identityCache = withCaller('identityCache.', () =>
    resolveIdentityFlagsCacheOptions({
      ttlMs: identityCacheOptions.ttlMs,
      maxEntries: identityCacheOptions.maxEntries,
      staleIfError: identityCacheOptions.staleIfError,
      logger,
    }),
  );

  return Object.freeze({
    mode,
    environmentKey,
    client,
    logger,
    environmentRefreshIntervalMs,
    environment,
    identityCache,
    ...resolveResolutionOptions(CALLER, options),
    events: resolveEventsOption(CALLER, options, environmentKey, logger),
  });
}

function resolveEnvironment(value: unknown): EnvironmentDocument | undefined {
  if (value === undefined) return undefined;
  const problem = !isRecord(value)
    ? 'it is not an object'
    : typeof value.api_key !== 'string'
      ? 'api_key is not a string'
      : !Array.isArray(value.feature_states)
        ? 'feature_states is not an array'
        : !isRecord(value.project)
          ? 'project is not an object'
          : undefined;
  if (problem !== undefined) {
    throw new TypeError(
      `${CALLER}: environment must be a Flagsmith environment document (the JSON of GET environment-document/), but ${problem}`,
    );
  }
  return value as unknown as EnvironmentDocument;
}

/** Runs a core resolver, rewording its `TypeError`s so they name the provider's option. */
function withCaller<T>(optionPrefix: string, resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    if (error instanceof TypeError) {
      const detail = error.message.replace(/^[A-Za-z]+: /, '');
      throw new TypeError(`${CALLER}: ${optionPrefix}${detail}`, { cause: error });
    }
    throw error;
  }
}
