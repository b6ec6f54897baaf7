import {
  environmentToContext,
  getEvaluationResult,
  IDENTITY_OVERRIDES_SEGMENT_NAME,
} from '@flagsmith-openfeature/engine';
import type { ApiTrait } from '../api-flag';
import type { EnvironmentDocument, FeatureState } from '../environment-document';
import type { EvaluatedFlag } from './served-flags';
import { flagFromFeatureState } from './served-flags';

/** The identity a flags request is for, with the traits it has for this request. */
export interface IdentityInput {
  identifier: string;
  traits: readonly ApiTrait[];
}

const TARGETING_MATCH = 'TARGETING_MATCH; segment=';

/**
 * The flags an identity is served, evaluated by the engine as Flagsmith evaluates them: identity
 * overrides, segment overrides by priority (rules read the identity's traits), percentage splits
 * and multivariate allocation. One flag per environment feature state, in document order.
 *
 * @throws TypeError when the engine cannot read the document (see `environmentToContext`).
 */
export function computeIdentityFlags(
  document: EnvironmentDocument,
  identity: IdentityInput,
): EvaluatedFlag[] {
  // fromEntries defines own properties, so a trait named `__proto__` stays a trait.
  const traits = Object.fromEntries(
    identity.traits.map((trait) => [trait.trait_key, trait.trait_value]),
  );
  // The identity-independent part of the context is built once per document object.
  const context = environmentToContext(document, { identifier: identity.identifier, traits });
  const { flags } = getEvaluationResult(context);
  return document.feature_states.map((state) => {
    const name = state.feature.name;
    const result = Object.hasOwn(flags, name) ? flags[name] : undefined;
    if (result === undefined) return flagFromFeatureState(state);
    return {
      feature: state.feature,
      featureStateId: servedStateId(document, identity.identifier, state, result.reason),
      enabled: result.enabled,
      value: result.value,
      variant: result.variant,
    };
  });
}

/**
 * The id of the feature state that served the flag, as Flagsmith's API reports it: the identity
 * override, the winning segment override (found by the segment name in the engine's reason), or
 * the environment's own state.
 */
function servedStateId(
  document: EnvironmentDocument,
  identifier: string,
  environmentState: FeatureState,
  reason: string,
): number | null {
  if (!reason.startsWith(TARGETING_MATCH)) return environmentState.django_id ?? null;
  const segmentName = reason.slice(TARGETING_MATCH.length);
  const name = environmentState.feature.name;
  if (segmentName === IDENTITY_OVERRIDES_SEGMENT_NAME) {
    const override = document.identity_overrides
      ?.find((candidate) => candidate.identifier === identifier)
      ?.identity_features.find((state) => state.feature.name === name);
    if (override !== undefined) return override.django_id ?? null;
  }
  let served: FeatureState | undefined;
  for (const segment of document.project.segments) {
    if (segment.name !== segmentName) continue;
    for (const state of segment.feature_states) {
      if (state.feature.name !== name) continue;
      if (served === undefined || priorityOf(state) < priorityOf(served)) served = state;
    }
  }
  return served?.django_id ?? null;
}

function priorityOf(state: FeatureState): number {
  return state.feature_segment?.priority ?? Number.POSITIVE_INFINITY;
}
