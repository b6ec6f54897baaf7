import type {
  FetchFunction,
  Logger,
  ResolvedFlagsmithClientOptions,
} from '@flagsmith-openfeature/core';
import { optionTypeError, resolveFlagsmithClientOptions } from '@flagsmith-openfeature/core';
import type { DefaultFlag, ResolutionOptions } from './resolve-flag';

/** The flags request options both providers take, documented once for both. */
export interface ProviderRequestOptions {
  /**
   * The Flagsmith API root. Must be an http(s) URL.
   * @default 'https://edge.api.flagsmith.com/api/v1/'
   */
  apiUrl?: string | undefined;
  /**
   * The time limit of each request attempt, in milliseconds.
   * @default 10_000
   */
  requestTimeoutMs?: number | undefined;
  /**
   * How many times a flags request is retried after a network error, a timeout, 408, 429 or 5xx.
   * @default 3
   */
  retries?: number | undefined;
  /**
   * Headers sent with every flags request (a proxy's auth, for instance).
   * @default {}
   */
  customHeaders?: Readonly<Record<string, string>> | undefined;
  /**
   * The `fetch` to use for flags requests and, unless `eventProcessorConfig` says otherwise,
   * for events.
   * @default globalThis.fetch
   */
  fetch?: FetchFunction | undefined;
}

/** The switches of the resolution rules both providers take, documented once for both. */
export interface ProviderServingOptions {
  /**
   * Serve a disabled flag's value instead of the caller's default (non-boolean evaluations).
   * @default false
   */
  returnValueForDisabledFlags?: boolean | undefined;
  /**
   * Resolve boolean evaluations from the flag's value (`true`, `"true"`, …) instead of its
   * enabled state.
   * @default false
   */
  useBooleanConfigValue?: boolean | undefined;
}

/** The options both providers take for their flags requests and their resolution rules. */
export interface ProviderCommonOptions extends ProviderRequestOptions, ProviderServingOptions {
  defaultFlagHandler?: ((flagKey: string) => DefaultFlag | undefined) | undefined;
}

/**
 * The `FlagsmithClient` options of a provider: its flags request options, with its key and
 * logger, validated as the core validates them but with messages that name the provider.
 */
export function resolveProviderClientOptions(
  caller: string,
  options: ProviderCommonOptions,
  environmentKey: string,
  logger: Logger,
): ResolvedFlagsmithClientOptions {
  return resolveFlagsmithClientOptions(
    {
      environmentKey,
      apiUrl: options.apiUrl,
      requestTimeoutMs: options.requestTimeoutMs,
      retries: options.retries,
      customHeaders: options.customHeaders,
      fetch: options.fetch,
      logger,
    },
    caller,
  );
}

/**
 * The options that shape resolution (DESIGN §5.3), validated: both flags default to `false`, and
 * a `defaultFlagHandler` must be a function. Wrong types throw a `TypeError` naming `caller`.
 */
export function resolveResolutionOptions(
  caller: string,
  options: ProviderCommonOptions,
): ResolutionOptions {
  const { defaultFlagHandler } = options;
  if (defaultFlagHandler !== undefined && typeof (defaultFlagHandler as unknown) !== 'function') {
    throw optionTypeError(caller, 'defaultFlagHandler', 'a function', defaultFlagHandler);
  }
  const resolved = { defaultFlagHandler } as ResolutionOptions;
  for (const name of ['returnValueForDisabledFlags', 'useBooleanConfigValue'] as const) {
    resolved[name] = resolveBooleanOption(caller, name, options[name], false);
  }
  return resolved;
}

/** Reads a boolean option: `undefined` means `fallback`; anything but a boolean is a `TypeError`. */
export function resolveBooleanOption(
  caller: string,
  name: string,
  value: unknown,
  fallback: boolean,
): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw optionTypeError(caller, name, 'true or false', value);
  }
  return value;
}
