import type {
  FetchFunction,
  Logger,
  ResolvedFlagsmithClientOptions,
} from '@flagsmith-openfeature/core';
import { optionTypeError, resolveFlagsmithClientOptions } from '@flagsmith-openfeature/core';
import type { DefaultFlag, ResolutionOptions } from './resolve-flag';

/** The options both providers take for their flags requests and their resolution rules. */
export interface ProviderCommonOptions {
  apiUrl?: string | undefined;
  requestTimeoutMs?: number | undefined;
  retries?: number | undefined;
  customHeaders?: Readonly<Record<string, string>> | undefined;
  fetch?: FetchFunction | undefined;
  defaultFlagHandler?: ((flagKey: string) => DefaultFlag | undefined) | undefined;
  returnValueForDisabledFlags?: boolean | undefined;
  useBooleanConfigValue?: boolean | undefined;
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
  return {
    defaultFlagHandler,
    returnValueForDisabledFlags: resolveBooleanOption(
      caller,
      'returnValueForDisabledFlags',
      options.returnValueForDisabledFlags,
      false,
    ),
    useBooleanConfigValue: resolveBooleanOption(
      caller,
      'useBooleanConfigValue',
      options.useBooleanConfigValue,
      false,
    ),
  };
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
