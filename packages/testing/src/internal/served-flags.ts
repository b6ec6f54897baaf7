import type { ApiFlag } from '../api-flag';
import type {
  EnvironmentDocument,
  Feature,
  FeatureState,
  FeatureStateValue,
} from '../environment-document';

/** Which kind of environment key a request carried. */
export type KeyKind = 'client' | 'server';

/** One flag's outcome for a request, before it is shaped for the wire. */
export interface EvaluatedFlag {
  feature: Feature;
  featureStateId: number | null;
  enabled: boolean;
  value: FeatureStateValue;
  /**
   * The multivariate variant, for identity flags only (Flagsmith's API sends it on `identities/`,
   * not on `flags/`): the variant's key, `control`, or `null`.
   */
  variant?: string | null;
}

/** The flag a feature state serves as it stands (no segment or variant logic). */
export function flagFromFeatureState(state: FeatureState): EvaluatedFlag {
  return {
    feature: state.feature,
    featureStateId: state.django_id ?? null,
    enabled: state.enabled,
    value: state.feature_state_value,
  };
}

/** The environment's own flags, as `GET flags/` serves them. */
export function environmentFlags(document: EnvironmentDocument): EvaluatedFlag[] {
  return document.feature_states.map(flagFromFeatureState);
}

/**
 * Shapes flags for the wire and leaves out what the caller may not see: disabled flags when
 * the environment (or, when the environment says nothing, the project) hides them, and
 * server-key-only features when the request used a client-side key.
 */
export function toApiFlags(
  document: EnvironmentDocument,
  flags: readonly EvaluatedFlag[],
  keyKind: KeyKind,
): ApiFlag[] {
  const hideDisabled = document.hide_disabled_flags ?? document.project.hide_disabled_flags;
  const serverOnly = new Set(
    keyKind === 'client' ? document.project.server_key_only_feature_ids : [],
  );
  return flags
    .filter((flag) => !(hideDisabled && !flag.enabled) && !serverOnly.has(flag.feature.id))
    .map((flag) => {
      const apiFlag: ApiFlag = {
        id: flag.featureStateId,
        feature: { id: flag.feature.id, name: flag.feature.name, type: flag.feature.type },
        feature_state_value: flag.value,
        enabled: flag.enabled,
        environment: document.id,
        identity: null,
        feature_segment: null,
      };
      if (flag.variant !== undefined) apiFlag.variant = flag.variant;
      return apiFlag;
    });
}
