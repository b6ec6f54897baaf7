import type { Flag } from '@flagsmith-openfeature/core';
import type {
  ErrorCode,
  FlagMetadata,
  FlagValue,
  FlagValueType,
  ResolutionDetails,
} from '@openfeature/core';
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
  const { flagKey, type, defaultValue } = request;
  // What is served: the flag, or what the defaultFlagHandler returned for a missing one.
  let source: DefaultFlag;
  let metadata: FlagMetadata;
  let reason: string;
  if (flag === undefined) {
    const handled = options.defaultFlagHandler?.(flagKey);
    if (handled === undefined) {
      return failure(defaultValue, {}, 'FLAG_NOT_FOUND', `Flag "${flagKey}" is not in Flagsmith`);
    }
    source = handled;
    metadata = { enabled: handled.enabled, defaultServed: true };
    reason = 'DEFAULT';
  } else {
    source = flag;
    metadata = flagMetadata(flag);
    reason = flag.enabled ? openFeatureReason(flag, request.identified) : 'DISABLED';
  }
  // A boolean evaluation reads the enabled state, unless useBooleanConfigValue says otherwise.
  let value: FlagValue = source.enabled;
  if (type !== 'boolean' || options.useBooleanConfigValue) {
    // The caller's default for a disabled flag, unless returnValueForDisabledFlags, or for no value.
    const disabled = reason === 'DISABLED';
    if ((disabled && !options.returnValueForDisabledFlags) || source.value === null) {
      return defaultServed(defaultValue, metadata, disabled ? reason : 'DEFAULT');
    }
    const coerced = coerceValue(source.value, type);
    if (!coerced.ok) {
      const subject = flag === undefined ? 'defaultFlagHandler for' : 'Flag';
      return failure(
        defaultValue,
        metadata,
        coerced.errorCode,
        `${subject} "${flagKey}": ${coerced.message}`,
      );
    }
    value = coerced.value;
  }
  const details: ResolutionDetails<T> = { value: value as T, reason, flagMetadata: metadata };
  // A variant names the value served: not the caller's default.
  if (flag?.variant !== undefined) details.variant = flag.variant;
  return details;
}

/** What Flagsmith says about a flag it has, as OpenFeature flag metadata. */
function flagMetadata(flag: Flag): FlagMetadata {
  const metadata: FlagMetadata = {
    featureId: flag.featureId,
    enabled: flag.enabled,
    defaultServed: false,
  };
  if (flag.reason !== undefined) metadata.flagsmithReason = flag.reason;
  const { id, inExperiment } = flag.experiment ?? {};
  if (id !== undefined) metadata.experimentId = id;
  if (inExperiment !== undefined) metadata.inExperiment = inExperiment;
  return metadata;
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

function defaultServed<T extends FlagValue>(
  defaultValue: T,
  metadata: FlagMetadata,
  reason: string,
): ResolutionDetails<T> {
  return { value: defaultValue, reason, flagMetadata: { ...metadata, defaultServed: true } };
}

function failure<T extends FlagValue>(
  defaultValue: T,
  metadata: FlagMetadata,
  errorCode: `${ErrorCode}`,
  errorMessage: string,
): ResolutionDetails<T> {
  return {
    ...defaultServed(defaultValue, metadata, 'ERROR'),
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
  return failure(defaultValue, {}, 'GENERAL', why);
}
