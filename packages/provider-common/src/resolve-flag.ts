import type { Flag } from '@flagsmith-openfeature/core';
import type { FlagMetadata, FlagValue, FlagValueType, ResolutionDetails } from '@openfeature/core';
import { ErrorCode, StandardResolutionReasons } from '@openfeature/core';
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
  if (flag === undefined) return resolveMissingFlag(request, options);

  const metadata = flagMetadata(flag);
  const fromEnabled = request.type === 'boolean' && !options.useBooleanConfigValue;
  if (fromEnabled) {
    return success(
      request,
      flag.enabled as T,
      flag,
      metadata,
      flag.enabled ? undefined : 'DISABLED',
    );
  }
  if (!flag.enabled && !options.returnValueForDisabledFlags) {
    return defaultServed(request, metadata, StandardResolutionReasons.DISABLED);
  }
  if (flag.value === null) {
    return defaultServed(
      request,
      metadata,
      flag.enabled ? StandardResolutionReasons.DEFAULT : StandardResolutionReasons.DISABLED,
    );
  }
  const coerced = coerceValue(flag.value, request.type);
  if (!coerced.ok)
    return failure(
      request,
      metadata,
      coerced.errorCode,
      `Flag "${request.flagKey}": ${coerced.message}`,
    );
  return success(
    request,
    coerced.value as T,
    flag,
    metadata,
    flag.enabled ? undefined : 'DISABLED',
  );
}

/** The OpenFeature reason for a value Flagsmith assigned, from Flagsmith's own reason. */
export function openFeatureReason(flag: Flag, identified: boolean): string {
  if (!identified) return StandardResolutionReasons.STATIC;
  const reason = flag.reason;
  if (reason === undefined) {
    return flag.variant === undefined
      ? StandardResolutionReasons.TARGETING_MATCH
      : StandardResolutionReasons.SPLIT;
  }
  if (reason.startsWith('SPLIT')) return StandardResolutionReasons.SPLIT;
  if (reason.startsWith('TARGETING_MATCH')) return StandardResolutionReasons.TARGETING_MATCH;
  // Flagsmith says DEFAULT for the environment value, which for a multivariate flag is the control.
  return flag.variant === undefined
    ? StandardResolutionReasons.STATIC
    : StandardResolutionReasons.SPLIT;
}

function resolveMissingFlag<T extends FlagValue>(
  request: ResolutionRequest<T>,
  options: ResolutionOptions,
): ResolutionDetails<T> {
  const handled = options.defaultFlagHandler?.(request.flagKey);
  if (handled === undefined) {
    return failure(
      request,
      { defaultServed: true },
      ErrorCode.FLAG_NOT_FOUND,
      `Flag "${request.flagKey}" was not found in Flagsmith`,
    );
  }
  const metadata: FlagMetadata = { enabled: handled.enabled, defaultServed: true };
  if (request.type === 'boolean' && !options.useBooleanConfigValue) {
    return {
      value: handled.enabled as T,
      reason: StandardResolutionReasons.DEFAULT,
      flagMetadata: metadata,
    };
  }
  if (handled.value === null)
    return defaultServed(request, metadata, StandardResolutionReasons.DEFAULT);
  const coerced = coerceValue(handled.value, request.type);
  if (!coerced.ok) {
    return failure(
      request,
      metadata,
      coerced.errorCode,
      `defaultFlagHandler for "${request.flagKey}": ${coerced.message}`,
    );
  }
  return {
    value: coerced.value as T,
    reason: StandardResolutionReasons.DEFAULT,
    flagMetadata: metadata,
  };
}

function flagMetadata(flag: Flag): FlagMetadata {
  const metadata: FlagMetadata = {
    featureId: flag.featureId,
    enabled: flag.enabled,
    defaultServed: false,
  };
  if (flag.reason !== undefined) metadata.flagsmithReason = flag.reason;
  if (flag.experiment !== undefined) {
    if (flag.experiment.id !== undefined) metadata.experimentId = flag.experiment.id;
    if (flag.experiment.inExperiment !== undefined)
      metadata.inExperiment = flag.experiment.inExperiment;
  }
  return metadata;
}

function success<T extends FlagValue>(
  request: ResolutionRequest<T>,
  value: T,
  flag: Flag,
  metadata: FlagMetadata,
  disabled: 'DISABLED' | undefined,
): ResolutionDetails<T> {
  const details: ResolutionDetails<T> = {
    value,
    reason: disabled ?? openFeatureReason(flag, request.identified),
    flagMetadata: metadata,
  };
  if (flag.variant !== undefined) details.variant = flag.variant;
  return details;
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
    value: request.defaultValue,
    reason: StandardResolutionReasons.ERROR,
    errorCode: errorCode as ErrorCode,
    errorMessage,
    flagMetadata: { ...metadata, defaultServed: true },
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
    reason: StandardResolutionReasons.ERROR,
    errorCode: ErrorCode.GENERAL,
    errorMessage: why,
    flagMetadata: { defaultServed: true },
  };
}
