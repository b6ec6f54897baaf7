import type { Flag } from '@flagsmith-openfeature/core';
import type { FlagMetadata, FlagValue, FlagValueType, ResolutionDetails } from '@openfeature/core';
import { ErrorCode } from '@openfeature/core';
import type { FlagsmithValue } from './coerce';
import { coerceValue } from './coerce';

/** What a `defaultFlagHandler` returns for a flag Flagsmith does not have. */
export interface DefaultFlag {
  enabled: boolean;
  value: FlagsmithValue;
}

/** The provider options that shape resolution (DESIGN §5.3). */
export interface ResolutionOptions {
  /** Serve a disabled flag's value instead of the caller's default. */
  returnValueForDisabledFlags: boolean;
  /** Resolve boolean flags from their value instead of their enabled state. */
  useBooleanConfigValue: boolean;
  /** Supplies flags Flagsmith does not have. */
  defaultFlagHandler: ((flagKey: string) => DefaultFlag | undefined) | undefined;
}

/** What is asked of one evaluation. */
export interface ResolutionRequest<T extends FlagValue> {
  flagKey: string;
  type: FlagValueType;
  defaultValue: T;
  /** Whether the flags were evaluated for an identity (the context had a targetingKey). */
  identified: boolean;
}

/**
 * Resolves one flag by the rules of DESIGN §5.3, the single implementation both providers use.
 *
 * Never throws: every failure is a resolution with an `errorCode`, so `flagMetadata` (and its
 * `defaultServed: true`) reaches the application and the hooks.
 */
export function resolveFlag<T extends FlagValue>(
  request: ResolutionRequest<T>,
  flag: Flag | undefined,
  options: ResolutionOptions,
): ResolutionDetails<T> {
  const { flagKey } = request;
  if (flag === undefined) {
    const handled = options.defaultFlagHandler?.(flagKey);
    if (handled === undefined) {
      return failure(
        request,
        {},
        ErrorCode.FLAG_NOT_FOUND,
        `Flag "${flagKey}" was not found in Flagsmith`,
      );
    }
    return serve(
      request,
      options,
      handled,
      { enabled: handled.enabled, defaultServed: true },
      'DEFAULT',
      'defaultFlagHandler for ',
    );
  }
  const metadata: FlagMetadata = {
    featureId: flag.featureId,
    enabled: flag.enabled,
    defaultServed: false,
  };
  if (flag.reason !== undefined) metadata.flagsmithReason = flag.reason;
  const { id, inExperiment } = flag.experiment ?? {};
  if (id !== undefined) metadata.experimentId = id;
  if (inExperiment !== undefined) metadata.inExperiment = inExperiment;
  if (!flag.enabled && !options.returnValueForDisabledFlags && !fromEnabled(request, options)) {
    return defaultServed(request, metadata, 'DISABLED');
  }
  const details = serve(
    request,
    options,
    flag,
    metadata,
    flag.enabled ? openFeatureReason(flag, request.identified) : 'DISABLED',
    'Flag ',
  );
  // A variant names the value served: not the caller's default.
  if (flag.variant !== undefined && details.flagMetadata === metadata) {
    details.variant = flag.variant;
  }
  return details;
}

/** The OpenFeature reason for a value Flagsmith assigned, from Flagsmith's own reason. */
export function openFeatureReason(flag: Flag, identified: boolean): string {
  if (!identified) return 'STATIC';
  const { reason, variant } = flag;
  if (reason?.startsWith('TARGETING_MATCH') || (reason === undefined && variant === undefined)) {
    return 'TARGETING_MATCH';
  }
  // Flagsmith says DEFAULT for the environment value, which for a multivariate flag is the control.
  return reason?.startsWith('SPLIT') || variant !== undefined ? 'SPLIT' : 'STATIC';
}

/** Whether a boolean evaluation reads the flag's enabled state rather than its value. */
function fromEnabled(request: ResolutionRequest<FlagValue>, options: ResolutionOptions): boolean {
  return request.type === 'boolean' && !options.useBooleanConfigValue;
}

/**
 * Serves `source` (a flag, or what the `defaultFlagHandler` returned) as the type asked for,
 * with `reason`; the caller's default when its value is null or cannot be coerced.
 */
function serve<T extends FlagValue>(
  request: ResolutionRequest<T>,
  options: ResolutionOptions,
  source: DefaultFlag,
  metadata: FlagMetadata,
  reason: string,
  subject: string,
): ResolutionDetails<T> {
  if (fromEnabled(request, options)) {
    return { value: source.enabled as T, reason, flagMetadata: metadata };
  }
  if (source.value === null) {
    return defaultServed(request, metadata, reason === 'DISABLED' ? reason : 'DEFAULT');
  }
  const coerced = coerceValue(source.value, request.type);
  if (!coerced.ok) {
    return failure(
      request,
      metadata,
      coerced.errorCode,
      `${subject}"${request.flagKey}": ${coerced.message}`,
    );
  }
  return { value: coerced.value as T, reason, flagMetadata: metadata };
}

function defaultServed<T extends FlagValue>(
  request: ResolutionRequest<T>,
  metadata: FlagMetadata,
  reason: string,
): ResolutionDetails<T> {
  return {
    value: request.defaultValue,
    reason,
    flagMetadata: { ...metadata, defaultServed: true },
  };
}

function failure<T extends FlagValue>(
  request: ResolutionRequest<T>,
  metadata: FlagMetadata,
  errorCode: ErrorCode | 'TYPE_MISMATCH' | 'PARSE_ERROR',
  errorMessage: string,
): ResolutionDetails<T> {
  return {
    ...defaultServed(request, metadata, 'ERROR'),
    errorCode: errorCode as ErrorCode,
    errorMessage,
  };
}

/**
 * The resolution when no flags can be had at all (the API is down and nothing was ever loaded):
 * the caller's default, with a GENERAL error that says why.
 */
export function unavailableResolution<T extends FlagValue>(
  defaultValue: T,
  why: string,
): ResolutionDetails<T> {
  return {
    value: defaultValue,
    reason: 'ERROR',
    errorCode: ErrorCode.GENERAL,
    errorMessage: why,
    flagMetadata: { defaultServed: true },
  };
}
