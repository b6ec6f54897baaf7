import type { Logger, ResolvedFlagsmithClientOptions } from '@flagsmith-openfeature/core';
import {
  isRecord,
  optionTypeError,
  resolveLoggerOption,
  resolveNumberOptions,
} from '@flagsmith-openfeature/core';
import type { PageLifecycleTargets } from '@flagsmith-openfeature/events';
import type {
  DefaultFlag,
  ProviderEventsOptions,
  ProviderRequestOptions,
  ProviderServingOptions,
  ResolvedEventsOption,
} from '@flagsmith-openfeature/provider-common';
import {
  hasMethods,
  resolveBooleanOption,
  resolveEventsOption,
  resolveProviderClientOptions,
  resolveResolutionOptions,
} from '@flagsmith-openfeature/provider-common';
import { DefaultLogger } from '@openfeature/web-sdk';
import type { FlagsStorage } from './internal/flags-cache';
import { isDefaultFlag } from './internal/flags-cache';

export type { FlagsStorage } from './internal/flags-cache';

/** What a `defaultFlagHandler` returns for a flag Flagsmith does not have. */
export type DefaultFlagHandler = (flagKey: string) => DefaultFlag | undefined;

/**
 * Options for `FlagsmithWebProvider`. Every optional key also accepts `undefined`, meaning its
 * default.
 */
export interface FlagsmithWebProviderOptions
  extends ProviderRequestOptions,
    ProviderServingOptions,
    ProviderEventsOptions {
  /**
   * The environment's client-side SDK key (Environment settings → SDK keys). A server-side key
   * (`ser.…`) is refused: it must never ship to a browser.
   */
  environmentKey: string;
  /**
   * Receives what the provider does not throw: failed loads, storage problems, a `track()` with
   * events off. OpenFeature's `Logger` shape; `console` fits.
   * @default OpenFeature's DefaultLogger (errors and warnings to the console)
   */
  logger?: Logger | undefined;
  /**
   * Keep each identity's flags in `cacheStorage` (localStorage), so that the next page load, or
   * a switch back to a recent identity, is ready at once from the cache while the flags are
   * fetched again; CONFIGURATION_CHANGED follows if they changed.
   * @default false
   */
  cacheFlags?: boolean | undefined;
  /**
   * Where `cacheFlags` keeps flags: anything with `localStorage`'s `getItem` and `setItem`.
   * Needs `cacheFlags: true`.
   * @default globalThis.localStorage
   */
  cacheStorage?: FlagsStorage | undefined;
  /**
   * Fetch the current context's flags again every this many milliseconds; CONFIGURATION_CHANGED
   * reports what changed. `0` fetches only at initialization and on context changes.
   * @default 0
   */
  pollingIntervalMs?: number | undefined;
  /**
   * How long after a failed load the provider tries again, in milliseconds, until it succeeds.
   * @default 30_000
   */
  retryIntervalMs?: number | undefined;
  /**
   * Flags to fall back on, by key: served (reason DEFAULT, `defaultServed: true`) while the
   * current context's flags are not available (a context change still loading, or loading
   * failed with nothing cached), and for flags Flagsmith does not have.
   * @default {}
   */
  defaultFlags?: Readonly<Record<string, DefaultFlag>> | undefined;
  /**
   * Supplies `{enabled, value}` for flags Flagsmith does not have, before `defaultFlags`;
   * return `undefined` to pass. Its values are served with reason DEFAULT.
   * @default undefined (a missing flag is FLAG_NOT_FOUND, unless in defaultFlags)
   */
  defaultFlagHandler?: DefaultFlagHandler | undefined;
  /**
   * Where the event processor's page-hide flush listens (`visibilitychange` → hidden on
   * `document`, `pagehide` on `window`), sending buffered events with `keepalive` requests that
   * outlive the page. `false` switches it off.
   * @default the page's document and window
   */
  pageLifecycle?: PageLifecycleTargets | false | undefined;
}

/** {@link FlagsmithWebProviderOptions} validated and complete. */
export interface ResolvedFlagsmithWebProviderOptions {
  readonly environmentKey: string;
  readonly client: ResolvedFlagsmithClientOptions;
  readonly logger: Logger;
  /** The storage flags are cached in; `undefined` when caching is off (or unavailable). */
  readonly cacheStorage: FlagsStorage | undefined;
  readonly pollingIntervalMs: number;
  readonly retryIntervalMs: number;
  readonly defaultFlags: ReadonlyMap<string, DefaultFlag>;
  readonly defaultFlagHandler: DefaultFlagHandler | undefined;
  readonly returnValueForDisabledFlags: boolean;
  readonly useBooleanConfigValue: boolean;
  readonly events: ResolvedEventsOption;
  readonly pageLifecycle: PageLifecycleTargets | false;
}

/** The defaults of {@link FlagsmithWebProviderOptions}. */
export const DEFAULT_FLAGSMITH_WEB_PROVIDER_OPTIONS = Object.freeze({
  cacheFlags: false,
  pollingIntervalMs: 0,
  retryIntervalMs: 30_000,
  returnValueForDisabledFlags: false,
  useBooleanConfigValue: false,
  enableEvents: false,
});

/** Names the provider in its messages. */
export const CALLER = 'FlagsmithWebProvider';

/**
 * Validates {@link FlagsmithWebProviderOptions} and fills in the defaults. Structurally wrong
 * input throws a `TypeError` saying what to pass: no `environmentKey`, a server-side `ser.` key,
 * `cacheStorage` without `cacheFlags`, `eventProcessorConfig` without `enableEvents`, options of
 * the wrong type. A number out of range is warned about and replaced by its default.
 */
export function resolveFlagsmithWebProviderOptions(
  options: FlagsmithWebProviderOptions,
): ResolvedFlagsmithWebProviderOptions {
  const logger = resolveLoggerOption(CALLER, options, new DefaultLogger());
  const client = resolveProviderClientOptions(CALLER, options, options.environmentKey, logger);
  // A server-side key must never ship to a browser.
  if (client.environmentKey.startsWith('ser.')) {
    throw new TypeError(`${CALLER}: environmentKey must be a client-side key, not ser.…`);
  }
  return Object.freeze({
    environmentKey: client.environmentKey,
    client,
    logger,
    cacheStorage: resolveCacheStorage(options, logger),
    ...resolveNumberOptions(CALLER, logger, options, DEFAULT_FLAGSMITH_WEB_PROVIDER_OPTIONS, {
      pollingIntervalMs: 'delay',
      retryIntervalMs: 'interval',
    }),
    defaultFlags: resolveDefaultFlags(options.defaultFlags),
    ...resolveResolutionOptions(CALLER, options),
    events: resolveEventsOption(CALLER, options, client.environmentKey, logger),
    pageLifecycle: resolvePageLifecycle(options.pageLifecycle),
  });
}

function resolveCacheStorage(
  options: FlagsmithWebProviderOptions,
  logger: Logger,
): FlagsStorage | undefined {
  const on = resolveBooleanOption(CALLER, 'cacheFlags', options.cacheFlags, false);
  const storage: unknown = options.cacheStorage;
  if (storage !== undefined) {
    if (!hasMethods<FlagsStorage>(storage, ['getItem', 'setItem'])) {
      throw optionTypeError(CALLER, 'cacheStorage', 'an object with getItem and setItem', storage);
    }
    if (!on) {
      throw new TypeError(`${CALLER}: cacheStorage needs cacheFlags: true`);
    }
    return storage;
  }
  if (!on) return undefined;
  try {
    const local: unknown = (globalThis as { localStorage?: unknown }).localStorage;
    if (hasMethods<FlagsStorage>(local, ['getItem', 'setItem'])) return local;
  } catch {
    // Reading localStorage throws where the page may not store anything (blocked storage).
  }
  logger.warn(`${CALLER}: cacheFlags needs localStorage; caching is off`);
  return undefined;
}

function resolveDefaultFlags(value: unknown): ReadonlyMap<string, DefaultFlag> {
  if (value !== undefined && !isRecord(value)) {
    throw optionTypeError(CALLER, 'defaultFlags', 'an object', value);
  }
  return new Map(
    Object.entries(value ?? {}).map(([key, entry]) => {
      if (!isDefaultFlag(entry)) {
        throw optionTypeError(
          CALLER,
          `defaultFlags["${key}"]`,
          '{ enabled: boolean, value: string | number | boolean | null }',
          entry,
        );
      }
      return [key, { enabled: entry.enabled, value: entry.value }];
    }),
  );
}

function resolvePageLifecycle(value: unknown): PageLifecycleTargets | false {
  if (value === undefined) return {};
  if (value === false || isRecord(value)) return value as PageLifecycleTargets | false;
  throw optionTypeError(CALLER, 'pageLifecycle', 'false or { document, window }', value);
}
