import type { Flag, FlagsmithClient } from '@flagsmith-openfeature/core';
import type {
  EnvironmentDocument,
  EvaluationContext,
  FlagResult,
} from '@flagsmith-openfeature/engine';
import { environmentToContext, evaluateFeature } from '@flagsmith-openfeature/engine';
import type { FlagsmithIdentity } from '@flagsmith-openfeature/provider-common';
import type { FlagLookup, FlagSource } from './flag-source';
import { FlagsUnavailable } from './flag-source';

/** One environment document, ready to evaluate. */
interface LoadedDocument {
  /** The document's evaluation context without an identity, built once per document. */
  readonly context: EvaluationContext;
  /** Its parts, which every identity's context shares (the engine caches its work per part). */
  readonly environment: EvaluationContext['environment'];
  readonly features: NonNullable<EvaluationContext['features']>;
  readonly segments: NonNullable<EvaluationContext['segments']>;
  /** What an identity's hashing key starts with: `${api_key}_`, as Flagsmith's SDKs hash. */
  readonly identityKeyPrefix: string;
  /** Feature ids by name, for results whose metadata does not carry one. */
  readonly featureIds: ReadonlyMap<string, number>;
  /** What each feature's evaluation depends on, to tell which flags a new document changes. */
  readonly fingerprints: ReadonlyMap<string, string>;
}

/**
 * Local and offline evaluation: flags are evaluated in process from an environment document,
 * only the asked flag each time. The document's evaluation context is built once per document;
 * an evaluation only adds the identity.
 */
export class DocumentFlagSource implements FlagSource {
  readonly refreshes: boolean;
  readonly #fetch: (() => Promise<EnvironmentDocument>) | undefined;
  #document: LoadedDocument | undefined;
  #lastError = 'it has not been fetched yet';

  private constructor(
    fetchDocument: (() => Promise<EnvironmentDocument>) | undefined,
    document: LoadedDocument | undefined,
  ) {
    this.#fetch = fetchDocument;
    this.#document = document;
    this.refreshes = fetchDocument !== undefined;
  }

  /**
   * Offline mode: the given document, read now, so a document the engine cannot read is a
   * `TypeError` at construction rather than a provider that never becomes ready.
   */
  static offline(document: EnvironmentDocument): DocumentFlagSource {
    let loaded: LoadedDocument;
    try {
      loaded = loadDocument(document);
    } catch (error) {
      throw new TypeError(
        `FlagsmithServerProvider: environment cannot be evaluated: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    return new DocumentFlagSource(undefined, loaded);
  }

  /** Local mode: the document is fetched from Flagsmith by each `load()`. */
  static local(client: FlagsmithClient): DocumentFlagSource {
    return new DocumentFlagSource(
      async () => (await client.getEnvironmentDocument()) as unknown as EnvironmentDocument,
      undefined,
    );
  }

  async load(): Promise<readonly string[]> {
    const before = this.#document;
    if (this.#fetch === undefined)
      return before === undefined ? [] : [...before.fingerprints.keys()];
    let after: LoadedDocument;
    try {
      after = loadDocument(await this.#fetch());
    } catch (error) {
      this.#lastError = error instanceof Error ? error.message : String(error);
      throw error;
    }
    this.#document = after;
    return changedFeatures(before, after);
  }

  lookup(flagKey: string, identity: FlagsmithIdentity): FlagLookup {
    const document = this.#document;
    if (document === undefined) {
      return new FlagsUnavailable(
        `the Flagsmith environment document is not available: ${this.#lastError}`,
      );
    }
    const identifier = identity.identifier;
    // A literal of a fixed shape rather than a spread of the document's context: this runs on
    // every evaluation.
    const context: EvaluationContext =
      identifier === undefined
        ? document.context
        : {
            environment: document.environment,
            features: document.features,
            segments: document.segments,
            identity: {
              identifier,
              key: document.identityKeyPrefix + identifier,
              traits: identity.traits,
            },
          };
    const result = evaluateFeature(context, flagKey);
    return result === undefined ? undefined : toFlag(result, document.featureIds);
  }

  close(): void {}
}

function loadDocument(document: EnvironmentDocument): LoadedDocument {
  const context = environmentToContext(document);
  const featureIds = new Map<string, number>();
  for (const state of document.feature_states) featureIds.set(state.feature.name, state.feature.id);
  return {
    context,
    environment: context.environment,
    // environmentToContext always fills both.
    features: context.features ?? {},
    segments: context.segments ?? {},
    identityKeyPrefix: `${context.environment.key}_`,
    featureIds,
    fingerprints: fingerprint(context),
  };
}

/** Flagsmith's flag, in the core's shape that the resolution rules read. */
function toFlag(result: FlagResult, featureIds: ReadonlyMap<string, number>): Flag {
  const id = result.metadata?.id;
  const flag: Flag = {
    featureId: typeof id === 'number' ? id : (featureIds.get(result.name) ?? 0),
    featureName: result.name,
    enabled: result.enabled,
    value: result.value,
    reason: result.reason,
  };
  if (result.variant !== null && result.variant !== undefined) flag.variant = result.variant;
  return flag;
}

/**
 * What each feature's evaluation depends on, as text: its environment state, and every segment
 * that overrides it (rules and override). Identity overrides are segments too.
 */
function fingerprint(context: EvaluationContext): Map<string, string> {
  const parts = new Map<string, string[]>();
  for (const [name, feature] of Object.entries(context.features ?? {})) {
    parts.set(name, [JSON.stringify(feature)]);
  }
  for (const segment of Object.values(context.segments ?? {})) {
    for (const override of segment.overrides ?? []) {
      const list = parts.get(override.name);
      // By name, not key: identity override segments are numbered, and renumber as they change.
      const part = JSON.stringify([segment.name, segment.rules, override]);
      if (list === undefined) parts.set(override.name, [part]);
      else list.push(part);
    }
  }
  const prints = new Map<string, string>();
  for (const [name, list] of parts) prints.set(name, list.sort().join('\n'));
  return prints;
}

function changedFeatures(before: LoadedDocument | undefined, after: LoadedDocument): string[] {
  if (before === undefined) return [...after.fingerprints.keys()];
  const changed: string[] = [];
  for (const [name, print] of after.fingerprints) {
    if (before.fingerprints.get(name) !== print) changed.push(name);
  }
  for (const name of before.fingerprints.keys()) {
    if (!after.fingerprints.has(name)) changed.push(name);
  }
  return changed;
}
