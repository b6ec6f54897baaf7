import type { ApiTrait } from '../api-flag';
import type { EnvironmentDocument } from '../environment-document';
import type { EvaluatedFlag } from './served-flags';
import { environmentFlags, flagFromFeatureState } from './served-flags';

/** The identity a flags request is for. */
export interface IdentityInput {
  identifier: string;
  traits: readonly ApiTrait[];
}

/**
 * The flags an identity is served.
 *
 * This is the one place identity flags are computed, and for now it is a stand-in for the
 * engine: the environment's values, replaced by the document's `identity_overrides` for this
 * identifier. Segment overrides and multivariate allocation are not applied yet, so traits do
 * not change the result. When the engine package lands, this function delegates to it.
 */
export function computeIdentityFlags(
  document: EnvironmentDocument,
  identity: IdentityInput,
): EvaluatedFlag[] {
  const override = document.identity_overrides?.find(
    (candidate) => candidate.identifier === identity.identifier,
  );
  const overrides = new Map(
    (override?.identity_features ?? []).map((state) => [state.feature.id, state]),
  );
  return environmentFlags(document).map((flag) => {
    const state = overrides.get(flag.feature.id);
    return state === undefined ? flag : flagFromFeatureState(state);
  });
}
