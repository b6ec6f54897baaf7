import type {
  EnvironmentDocument,
  FeatureState,
  FeatureStateValue,
  Segment,
} from '@flagsmith-openfeature/testing';
import type { JsonValue } from '@openfeature/core';
import type { SpecFlag, SpecFlagSet } from './spec-flag-set';
import { targetingSegment } from './targeting-segment';

/** The client-side key of the environment {@link buildSpecEnvironment} builds. */
export const SPEC_CLIENT_KEY = 'OpenFeatureSpecClientKey';

/** The server-side key the conformance test server accepts for it (local evaluation). */
export const SPEC_SERVER_KEY = 'ser.OpenFeatureSpecServerKey';

/**
 * A Flagsmith value for an OpenFeature variant value, as Flagsmith would store it: booleans,
 * integers and strings as they are; other numbers as their text and objects as JSON text
 * (Flagsmith's remote config has no float or JSON type), which the providers parse back; `null`
 * (no default variant) as no value.
 */
export function toFlagsmithValue(value: JsonValue | undefined): FeatureStateValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : String(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

/**
 * The Flagsmith environment document that reproduces the specification's flag set:
 *
 * - every flag is a standard feature whose environment value is its default variant's value
 *   (no value when it has no default variant);
 * - a disabled flag is a disabled feature;
 * - a targeting expression becomes a segment (see `targetingSegment`) with an override that
 *   serves the targeted variant's value; flags with the same condition share one segment.
 *
 * What Flagsmith has no place for is left out: variant names (Flagsmith names a variant only for
 * a multivariate percentage allocation, never for an environment value or a segment override)
 * and `flagMetadata` (a feature state carries no free-form metadata).
 */
export function buildSpecEnvironment(flags: SpecFlagSet): EnvironmentDocument {
  const ids = counter();
  const segments = new Map<string, Segment>();
  const featureStates: FeatureState[] = [];
  let featureId = 0;
  for (const [key, flag] of flags) {
    const feature = { id: ++featureId, name: key, type: 'STANDARD' as const };
    const state = (value: FeatureStateValue, priority?: number): FeatureState => {
      const id = ids.next();
      return {
        feature,
        enabled: !flag.disabled,
        feature_state_value: value,
        django_id: id,
        featurestate_uuid: uuid(id),
        multivariate_feature_state_values: [],
        feature_segment: priority === undefined ? null : { priority },
      };
    };
    featureStates.push(
      state(
        toFlagsmithValue(flag.defaultVariant === null ? null : flag.variants[flag.defaultVariant]),
      ),
    );
    if (flag.contextEvaluator === undefined) continue;
    const targeting = targetingSegment(flag.contextEvaluator);
    let segment = segments.get(targeting.name);
    if (segment === undefined) {
      segment = {
        id: segments.size + 1,
        name: targeting.name,
        rules: [{ type: 'ALL', rules: [], conditions: [...targeting.conditions] }],
        feature_states: [],
      };
      segments.set(targeting.name, segment);
    }
    segment.feature_states.push(
      state(toFlagsmithValue(variantValue(key, flag, targeting.variant)), 0),
    );
  }
  return {
    id: 1,
    api_key: SPEC_CLIENT_KEY,
    name: 'OpenFeature specification flag set',
    project: {
      id: 1,
      name: 'OpenFeature conformance',
      organisation: {
        id: 1,
        name: 'Conformance',
        feature_analytics: false,
        stop_serving_flags: false,
        persist_trait_data: true,
      },
      hide_disabled_flags: false,
      segments: [...segments.values()],
    },
    feature_states: featureStates,
    identity_overrides: [],
    allow_client_traits: true,
    hide_disabled_flags: null,
    use_identity_composite_key_for_hashing: true,
  };
}

function variantValue(key: string, flag: SpecFlag, variant: string): JsonValue {
  if (!Object.hasOwn(flag.variants, variant)) {
    throw new Error(`Flag "${key}": its targeting serves "${variant}", which is not a variant`);
  }
  return flag.variants[variant] ?? null;
}

function counter(): { next(): number } {
  let last = 0;
  return { next: () => ++last };
}

/** A stable, well-formed UUID for a feature state, so the document is the same on every run. */
function uuid(id: number): string {
  return `00000000-0000-4000-8000-${id.toString(16).padStart(12, '0')}`;
}
