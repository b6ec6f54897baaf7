import { isRecord, mustBe, ShapeError } from './internal/shape';

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

/**
 * Reads a list of API flags (the `flags/` body, or the `flags` of an `identities/` body); `path`
 * names it in messages.
 */
export function parseFlagList(value: unknown, path = 'the body'): Flags {
  if (!Array.isArray(value)) throw new ShapeError(mustBe(path, 'an array of flags', value));
  const flags = new Map<string, Flag>();
  for (const [index, item] of value.entries()) {
    const flag = parseFlag(item, `${path}[${index}]`);
    flags.set(flag.featureName, flag);
  }
  return flags;
}

/** Reads the body of `POST identities/`: `{identifier, flags, traits}`. Only `flags` is used. */
export function parseIdentityResponse(value: unknown): Flags {
  return parseFlagList(expectRecord(value, 'the body').flags, 'flags');
}

/** Reads one API flag: `{feature: {id, name, type}, enabled, feature_state_value, variant?, reason?, metadata?}`. */
export function parseFlag(value: unknown, path: string): Flag {
  const { feature, enabled, variant, reason, metadata } = expectRecord(value, path);
  const { id, name } = expectRecord(feature, `${path}.feature`);
  // Number.isFinite is false for anything but a finite number.
  if (!Number.isFinite(id)) throw new ShapeError(mustBe(`${path}.feature.id`, 'a number', id));
  if (typeof name !== 'string' || name === '') {
    throw new ShapeError(mustBe(`${path}.feature.name`, 'a non-empty string', name));
  }
  if (typeof enabled !== 'boolean') {
    throw new ShapeError(mustBe(`${path}.enabled`, 'a boolean', enabled));
  }
  const flag: Flag = {
    featureId: id as number,
    featureName: name,
    enabled,
    value: readFlagValue((value as Record<string, unknown>).feature_state_value),
  };
  if (typeof variant === 'string' && variant !== '') flag.variant = variant;
  if (typeof reason === 'string' && reason !== '') flag.reason = reason;
  const experiment = readExperiment(metadata);
  if (experiment !== undefined) flag.experiment = experiment;
  return Object.freeze(flag);
}

function expectRecord(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw new ShapeError(mustBe(path, 'an object', value));
  return value;
}

/**
 * A flag's value as JSON gave it: a string, number, boolean or null as it is, a missing one as
 * `null`. Flagsmith serves only those; anything richer (an object, an array) is kept as JSON
 * text, the form providers already parse for object flags, rather than failing every flag in
 * the body.
 */
function readFlagValue(value: unknown): FlagValue {
  return typeof value === 'object' && value !== null
    ? JSON.stringify(value)
    : ((value ?? null) as FlagValue);
}

/**
 * Experiment details from a flag's `metadata`. Flagsmith's metadata has no fixed experiment
 * schema yet, so both a flat form (`experiment_id`, `in_experiment`, or their camelCase) and a
 * nested one (`experiment: {id, in_experiment}`) are read. Values of the wrong type are ignored.
 */
function readExperiment(metadata: unknown): FlagExperiment | undefined {
  if (!isRecord(metadata)) return undefined;
  const nested = isRecord(metadata.experiment) ? metadata.experiment : {};
  const id = [metadata.experiment_id, metadata.experimentId, nested.id].find(
    (candidate) =>
      (typeof candidate === 'string' && candidate !== '') || Number.isFinite(candidate),
  ) as string | number | undefined;
  const inExperiment = [
    metadata.in_experiment,
    metadata.inExperiment,
    nested.in_experiment,
    nested.inExperiment,
  ].find((candidate) => typeof candidate === 'boolean') as boolean | undefined;
  if (id === undefined && inExperiment === undefined) return undefined;
  const experiment: FlagExperiment = {};
  if (id !== undefined) experiment.id = id;
  if (inExperiment !== undefined) experiment.inExperiment = inExperiment;
  return Object.freeze(experiment);
}

/**
 * Reads one page of `environment-document/`. The first page must be a whole document; later pages
 * only contribute their `identity_overrides`, so they need only be objects.
 */
export function parseEnvironmentDocument(value: unknown): EnvironmentDocument {
  const document = expectRecord(value, 'the environment document');
  if (typeof document.api_key !== 'string') {
    throw new ShapeError(mustBe('api_key', 'a string', document.api_key));
  }
  const featureStates = readObjectArray(document.feature_states, 'feature_states');
  if (featureStates === undefined) {
    throw new ShapeError(mustBe('feature_states', 'an array', document.feature_states));
  }
  return {
    ...document,
    api_key: document.api_key,
    feature_states: featureStates,
    project: expectRecord(document.project, 'project'),
    identity_overrides: parseIdentityOverrides(document),
  };
}

/** The `identity_overrides` of a document page: `[]` when absent or null. */
export function parseIdentityOverrides(page: unknown): Record<string, unknown>[] {
  const overrides = expectRecord(page, 'an environment document page').identity_overrides;
  if (overrides === undefined || overrides === null) return [];
  const parsed = readObjectArray(overrides, 'identity_overrides');
  if (parsed === undefined) {
    throw new ShapeError(mustBe('identity_overrides', 'an array', overrides));
  }
  return parsed;
}

function readObjectArray(value: unknown, path: string): Record<string, unknown>[] | undefined {
  if (!Array.isArray(value)) return undefined;
  value.forEach((item, index) => {
    expectRecord(item, `${path}[${index}]`);
  });
  return value as Record<string, unknown>[];
}
