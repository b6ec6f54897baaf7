import { describeValue, isRecord, ShapeError } from './internal/shape';

/** A flag's value as Flagsmith serves it. */
export type FlagValue = string | number | boolean | null;

/**
 * What Flagsmith says about a flag's experiment, read from the API flag's `metadata`. Each
 * field is present only when Flagsmith sent it; nothing is inferred.
 */
export interface FlagExperiment {
  /** The experiment's id: `metadata.experiment_id` (or `metadata.experiment.id`). */
  id?: string | number;
  /** Whether this identity takes part in the experiment: `metadata.in_experiment` (or `metadata.experiment.in_experiment`). */
  inExperiment?: boolean;
}

/**
 * One evaluated flag. Optional fields are absent, not `undefined`, when Flagsmith did not send
 * them. Flag objects are frozen: they may be shared between callers by the identity cache.
 */
export interface Flag {
  /** The feature's numeric id (`feature.id`). */
  featureId: number;
  /** The feature's name (`feature.name`), the key flags are looked up by. */
  featureName: string;
  /** Whether the flag is on for this environment or identity. */
  enabled: boolean;
  /**
   * The flag's value (`feature_state_value`): a missing value reads as `null`, and an object or
   * array value (which Flagsmith does not serve today) arrives as its JSON text.
   */
  value: FlagValue;
  /** The multivariate variant's key, when Flagsmith names it. */
  variant?: string;
  /** Flagsmith's reason for the value (`DEFAULT`, `TARGETING_MATCH; segment=…`, `SPLIT; weight=…`), when sent. */
  reason?: string;
  /** Experiment details, when the flag's `metadata` carries any. */
  experiment?: FlagExperiment;
}

/** Evaluated flags keyed by feature name. Shared and read-only: never mutate it. */
export type Flags = ReadonlyMap<string, Flag>;

/** A trait's value. `null` asks Flagsmith to delete the trait from a persisted identity. */
export type TraitValue = string | number | boolean | null;

/** An identity's traits by key. Keys whose value is `undefined` are left out. */
export type Traits = Readonly<Record<string, TraitValue | undefined>>;

/**
 * The environment document served by `environment-document/` (server-side keys only): everything
 * needed to evaluate flags locally. Typed loosely on purpose: only the fields the core checks are
 * spelled out, and everything else Flagsmith sends is kept as is.
 */
export interface EnvironmentDocument {
  /** The environment's client-side key. */
  api_key: string;
  /** The environment's feature states (flags with their segment and multivariate settings). */
  feature_states: Record<string, unknown>[];
  /** The project: its segments, organisation and settings. */
  project: Record<string, unknown>;
  /** Identity overrides, every page's concatenated; `[]` when the document has none. */
  identity_overrides: Record<string, unknown>[];
  /** Whatever else the document holds (`name`, `id`, `allow_client_traits`, …). */
  [field: string]: unknown;
}

/** Reads a list of API flags (the `flags/` body, or the `flags` of an `identities/` body). */
export function parseFlagList(value: unknown, path: string): Flags {
  if (!Array.isArray(value)) {
    throw new ShapeError(`${path} must be an array of flags, got ${describeValue(value)}`);
  }
  const flags = new Map<string, Flag>();
  value.forEach((item, index) => {
    const flag = parseFlag(item, `${path}[${index}]`);
    flags.set(flag.featureName, flag);
  });
  return flags;
}

/** Reads the body of `POST identities/`: `{identifier, flags, traits}`. Only `flags` is used. */
export function parseIdentityResponse(value: unknown): Flags {
  if (!isRecord(value)) {
    throw new ShapeError(`the body must be an object with "flags", got ${describeValue(value)}`);
  }
  return parseFlagList(value.flags, 'flags');
}

/** Reads one API flag: `{feature: {id, name, type}, enabled, feature_state_value, variant?, reason?, metadata?}`. */
export function parseFlag(value: unknown, path: string): Flag {
  if (!isRecord(value))
    throw new ShapeError(`${path} must be an object, got ${describeValue(value)}`);
  const feature = value.feature;
  if (!isRecord(feature)) {
    throw new ShapeError(`${path}.feature must be an object, got ${describeValue(feature)}`);
  }
  const { id, name } = feature;
  if (typeof id !== 'number' || !Number.isFinite(id)) {
    throw new ShapeError(`${path}.feature.id must be a number, got ${describeValue(id)}`);
  }
  if (typeof name !== 'string' || name === '') {
    throw new ShapeError(
      `${path}.feature.name must be a non-empty string, got ${describeValue(name)}`,
    );
  }
  if (typeof value.enabled !== 'boolean') {
    throw new ShapeError(`${path}.enabled must be a boolean, got ${describeValue(value.enabled)}`);
  }
  const flag: Flag = {
    featureId: id,
    featureName: name,
    enabled: value.enabled,
    value: readFlagValue(value.feature_state_value),
  };
  if (typeof value.variant === 'string' && value.variant !== '') flag.variant = value.variant;
  if (typeof value.reason === 'string' && value.reason !== '') flag.reason = value.reason;
  const experiment = readExperiment(value.metadata);
  if (experiment !== undefined) flag.experiment = experiment;
  return Object.freeze(flag);
}

function readFlagValue(value: unknown): FlagValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  // Flagsmith serves strings, numbers and booleans; anything richer is kept as JSON text, the
  // form providers already parse for object flags, rather than failing every flag in the body.
  return JSON.stringify(value) ?? null;
}

/**
 * Experiment details from a flag's `metadata`. Flagsmith's metadata has no fixed experiment
 * schema yet, so both a flat form (`experiment_id`, `in_experiment`, or their camelCase) and a
 * nested one (`experiment: {id, in_experiment}`) are read. Values of the wrong type are ignored.
 */
function readExperiment(metadata: unknown): FlagExperiment | undefined {
  if (!isRecord(metadata)) return undefined;
  const nested = isRecord(metadata.experiment) ? metadata.experiment : {};
  const id = firstOf(
    [metadata.experiment_id, metadata.experimentId, nested.id],
    (candidate): candidate is string | number =>
      (typeof candidate === 'string' && candidate !== '') ||
      (typeof candidate === 'number' && Number.isFinite(candidate)),
  );
  const inExperiment = firstOf(
    [metadata.in_experiment, metadata.inExperiment, nested.in_experiment, nested.inExperiment],
    (candidate): candidate is boolean => typeof candidate === 'boolean',
  );
  if (id === undefined && inExperiment === undefined) return undefined;
  const experiment: FlagExperiment = {};
  if (id !== undefined) experiment.id = id;
  if (inExperiment !== undefined) experiment.inExperiment = inExperiment;
  return Object.freeze(experiment);
}

function firstOf<T>(candidates: unknown[], accept: (value: unknown) => value is T): T | undefined {
  return candidates.find(accept);
}

/**
 * Reads one page of `environment-document/`. The first page must be a whole document; later pages
 * only contribute their `identity_overrides`, so they need only be objects.
 */
export function parseEnvironmentDocument(value: unknown): EnvironmentDocument {
  if (!isRecord(value)) {
    throw new ShapeError(`the environment document must be an object, got ${describeValue(value)}`);
  }
  if (typeof value.api_key !== 'string') {
    throw new ShapeError(`api_key must be a string, got ${describeValue(value.api_key)}`);
  }
  const featureStates = readObjectArray(value.feature_states, 'feature_states');
  if (featureStates === undefined) {
    throw new ShapeError(
      `feature_states must be an array, got ${describeValue(value.feature_states)}`,
    );
  }
  if (!isRecord(value.project)) {
    throw new ShapeError(`project must be an object, got ${describeValue(value.project)}`);
  }
  return {
    ...value,
    api_key: value.api_key,
    feature_states: featureStates,
    project: value.project,
    identity_overrides: parseIdentityOverrides(value),
  };
}

/** The `identity_overrides` of a document page: `[]` when absent or null. */
export function parseIdentityOverrides(page: unknown): Record<string, unknown>[] {
  if (!isRecord(page)) {
    throw new ShapeError(
      `an environment document page must be an object, got ${describeValue(page)}`,
    );
  }
  const overrides = page.identity_overrides;
  if (overrides === undefined || overrides === null) return [];
  const parsed = readObjectArray(overrides, 'identity_overrides');
  if (parsed === undefined) {
    throw new ShapeError(`identity_overrides must be an array, got ${describeValue(overrides)}`);
  }
  return parsed;
}

function readObjectArray(value: unknown, path: string): Record<string, unknown>[] | undefined {
  if (!Array.isArray(value)) return undefined;
  value.forEach((item, index) => {
    if (!isRecord(item)) {
      throw new ShapeError(`${path}[${index}] must be an object, got ${describeValue(item)}`);
    }
  });
  return value as Record<string, unknown>[];
}
