import type { EvaluationContext } from '../evaluation-context';
import { pyStr } from './python';

/** What one evaluation reads from its context, worked out once per evaluation. */
export interface EvaluationState {
  readonly context: EvaluationContext;
  /** The identity's identifier as given (null without an identity). */
  readonly identifier: unknown;
  /** The key for splits: `identity.key`, or `${environment.key}_${identifier}` (null without an identity). */
  readonly identityKey: string | null;
  readonly traits: Readonly<Record<string, unknown>> | null;
  /** The context as JSONPath sees it (identity key filled in), built on first use. */
  view: unknown;
}

/** Whether a value is a non-null, non-array object. */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads what an evaluation needs from a context. */
export function createState(context: EvaluationContext): EvaluationState {
  const identity = isRecord(context.identity) ? context.identity : null;
  if (identity === null) {
    return { context, identifier: null, identityKey: null, traits: null, view: undefined };
  }
  const identifier = identity.identifier;
  const key = identity.key;
  const identityKey =
    typeof key === 'string' && key !== ''
      ? key
      : `${pyStr(isRecord(context.environment) ? context.environment.key : undefined)}_${pyStr(identifier)}`;
  const traits = isRecord(identity.traits) ? identity.traits : null;
  return { context, identifier, identityKey, traits, view: undefined };
}

/** The context as JSONPath queries see it: with the identity key the evaluation uses. */
export function contextView(state: EvaluationState): unknown {
  if (state.view === undefined) {
    const { context, identityKey } = state;
    const identity = isRecord(context.identity) ? context.identity : null;
    state.view =
      identity === null || identity.key === identityKey
        ? context
        : { ...context, identity: { ...identity, key: identityKey } };
  }
  return state.view;
}

/** A trait's value as given, or undefined when the identity has no such trait. */
export function traitOf(state: EvaluationState, key: string): unknown {
  const traits = state.traits;
  if (traits === null) return undefined;
  const value = traits[key];
  return value === undefined || !Object.hasOwn(traits, key) ? undefined : value;
}
