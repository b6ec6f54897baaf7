import type {
  EnvironmentDocument,
  FeatureStateDocument,
  IdentityOverrideDocument,
  SegmentRuleDocument,
} from './environment-document';
import type {
  EvaluationContext,
  FeatureContext,
  FeatureVariant,
  SegmentContext,
  SegmentRule,
  TraitValue,
} from './evaluation-context';
import { pyStr } from './internal/python';
import { isRecord } from './internal/state';

/** The identity to evaluate for. */
export interface IdentityInput {
  /** The identity's identifier (OpenFeature's targeting key). */
  readonly identifier: string;
  /** The identity's traits, by trait key. */
  readonly traits?: Readonly<Record<string, TraitValue>> | null;
}

/** The name Flagsmith gives the segments that carry identity overrides. */
export const IDENTITY_OVERRIDES_SEGMENT_NAME = 'identity_overrides';

const contexts = new WeakMap<object, EvaluationContext>();

function fail(message: string): never {
  throw new TypeError(`environmentToContext: ${message}`);
}

function listAt(value: unknown, path: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(`${path} must be a list.`);
  return value;
}

function setEntry<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  else target[key] = value;
}

/** A uuid as the integer Python's `uuid.UUID(text).int` gives (ordering multivariate buckets). */
function uuidNumber(uuid: unknown): number | undefined {
  if (typeof uuid !== 'string') return undefined;
  const hex = uuid.replaceAll('-', '');
  return /^[0-9a-fA-F]{32}$/.test(hex) ? Number(BigInt(`0x${hex}`)) : undefined;
}

function featureOf(
  state: unknown,
  path: string,
): { id: unknown; name: string; state: FeatureStateDocument } {
  if (!isRecord(state) || !isRecord(state.feature) || typeof state.feature.name !== 'string') {
    fail(`${path} must be a feature state with feature.name (a string).`);
  }
  return {
    id: state.feature.id,
    name: state.feature.name,
    state: state as unknown as FeatureStateDocument,
  };
}

function variantsOf(state: FeatureStateDocument, path: string): FeatureVariant[] {
  const variants: FeatureVariant[] = [];
  const values = listAt(
    state.multivariate_feature_state_values,
    `${path}.multivariate_feature_state_values`,
  );
  values.forEach((item, i) => {
    const option = isRecord(item) ? item.multivariate_feature_option : undefined;
    if (!isRecord(item) || !isRecord(option)) {
      fail(`${path}.multivariate_feature_state_values[${i}] needs a multivariate_feature_option.`);
    }
    const priority =
      (typeof item.id === 'number' && item.id !== 0 ? item.id : undefined) ??
      uuidNumber(item.mv_fs_value_uuid);
    const variant: { -readonly [K in keyof FeatureVariant]: FeatureVariant[K] } = {
      value: (option.value ?? null) as FeatureVariant['value'],
      weight: item.percentage_allocation as number,
      priority: priority ?? Number.POSITIVE_INFINITY,
    };
    if (typeof option.key === 'string' && option.key !== '') variant.key = option.key;
    variants.push(Object.freeze(variant));
  });
  return variants;
}

/** A feature state as a feature context (the key is `django_id`, or the uuid without one). */
function featureContext(item: unknown, path: string): FeatureContext {
  const { id, name, state } = featureOf(item, path);
  const key = state.django_id ? pyStr(state.django_id) : pyStr(state.featurestate_uuid ?? '');
  const context: { -readonly [K in keyof FeatureContext]: FeatureContext[K] } = {
    key,
    name,
    enabled: state.enabled === true,
    value: state.feature_state_value ?? null,
    metadata: Object.freeze({ id }),
  };
  const variants = variantsOf(state, path);
  if (variants.length > 0) context.variants = Object.freeze(variants);
  const priority = isRecord(state.feature_segment) ? state.feature_segment.priority : undefined;
  if (typeof priority === 'number') context.priority = priority;
  return Object.freeze(context);
}

function rulesOf(rules: unknown, path: string): SegmentRule[] {
  return listAt(rules, path).map((rule, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(rule)) fail(`${at} must be a segment rule.`);
    const document = rule as unknown as SegmentRuleDocument;
    const conditions = listAt(document.conditions, `${at}.conditions`).map((condition, j) => {
      if (!isRecord(condition)) fail(`${at}.conditions[${j}] must be a segment condition.`);
      return Object.freeze({
        property: typeof condition.property_ === 'string' ? condition.property_ : '',
        operator: condition.operator,
        value: condition.value ?? null,
      });
    });
    return Object.freeze({
      type: document.type,
      conditions: Object.freeze(conditions),
      rules: Object.freeze(rulesOf(document.rules, `${at}.rules`)),
    }) as SegmentRule;
  });
}

/**
 * Identity overrides become segments, as in Flagsmith's SDKs: identities with the same overrides
 * share one segment that matches their identifiers, and the overrides outrank every other.
 */
function identityOverrideSegments(
  overrides: readonly unknown[],
  target: Record<string, SegmentContext>,
): void {
  const groups = new Map<string, { identifiers: string[]; overrides: FeatureContext[] }>();
  overrides.forEach((item, i) => {
    const path = `identity_overrides[${i}]`;
    if (!isRecord(item)) fail(`${path} must be an identity.`);
    const identity = item as unknown as IdentityOverrideDocument;
    const states = listAt(identity.identity_features, `${path}.identity_features`);
    if (states.length === 0 || typeof identity.identifier !== 'string') return;
    const features = states
      .map((state, j) => featureOf(state, `${path}.identity_features[${j}]`))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const signature = JSON.stringify(
      features.map(({ id, name, state }) => [
        id,
        name,
        state.enabled === true,
        state.feature_state_value ?? null,
      ]),
    );
    let group = groups.get(signature);
    if (group === undefined) {
      group = {
        identifiers: [],
        overrides: features.map(({ id, name, state }) =>
          Object.freeze({
            key: '',
            name,
            enabled: state.enabled === true,
            value: state.feature_state_value ?? null,
            priority: Number.NEGATIVE_INFINITY,
            metadata: Object.freeze({ id }),
          }),
        ),
      };
      groups.set(signature, group);
    }
    group.identifiers.push(identity.identifier);
  });
  let n = 0;
  for (const { identifiers, overrides: groupOverrides } of groups.values()) {
    const key = `identity_overrides_${n++}`;
    setEntry(
      target,
      key,
      Object.freeze({
        key,
        name: IDENTITY_OVERRIDES_SEGMENT_NAME,
        rules: Object.freeze([
          Object.freeze({
            type: 'ALL',
            conditions: Object.freeze([
              Object.freeze({
                property: '$.identity.identifier',
                operator: 'IN',
                value: Object.freeze(identifiers),
              }),
            ]),
          }),
        ]),
        overrides: Object.freeze(groupOverrides),
        metadata: Object.freeze({ source: 'identity_override' }),
      }) as SegmentContext,
    );
  }
}

function buildContext(document: EnvironmentDocument): EvaluationContext {
  if (!isRecord(document)) {
    fail(
      'the environment document must be an object (the JSON of Flagsmith’s environment-document/ API).',
    );
  }
  if (typeof document.api_key !== 'string') fail('the environment document has no api_key.');
  if (!Array.isArray(document.feature_states))
    fail('the environment document has no feature_states list.');
  if (!isRecord(document.project) || !Array.isArray(document.project.segments)) {
    fail('the environment document has no project.segments list.');
  }
  const features: Record<string, FeatureContext> = {};
  document.feature_states.forEach((state, i) => {
    const feature = featureContext(state, `feature_states[${i}]`);
    setEntry(features, feature.name, feature);
  });
  const segments: Record<string, SegmentContext> = {};
  document.project.segments.forEach((segment: unknown, i: number) => {
    const path = `project.segments[${i}]`;
    if (!isRecord(segment) || (typeof segment.id !== 'number' && typeof segment.id !== 'string')) {
      fail(`${path} must be a segment with an id.`);
    }
    const key = String(segment.id);
    setEntry(
      segments,
      key,
      Object.freeze({
        key,
        name: pyStr(segment.name),
        rules: Object.freeze(rulesOf(segment.rules, `${path}.rules`)),
        overrides: Object.freeze(
          listAt(segment.feature_states, `${path}.feature_states`).map((state, j) =>
            featureContext(state, `${path}.feature_states[${j}]`),
          ),
        ),
        metadata: Object.freeze({ id: segment.id, source: 'api' }),
      }),
    );
  });
  identityOverrideSegments(listAt(document.identity_overrides, 'identity_overrides'), segments);
  return Object.freeze({
    environment: Object.freeze({ key: document.api_key, name: pyStr(document.name ?? '') }),
    features: Object.freeze(features),
    segments: Object.freeze(segments),
  });
}

/**
 * Maps an environment document, and optionally an identity, to Flagsmith's evaluation context,
 * as Flagsmith's SDKs do: features keyed by name (hashing key `django_id`, else the feature state
 * uuid; metadata `{id}`), segments keyed by id with their overrides and priorities, identity
 * overrides as segments of their own, and the identity key `${api_key}_${identifier}`.
 *
 * The identity-independent part is built once per document object and shared by every context
 * made from it (documents are treated as immutable), so mapping per request is cheap and the
 * engine's compiled segments are reused across identities.
 *
 * @param document - The environment document from `environment-document/`.
 * @param identity - The identity to evaluate for; without one, environment flags.
 * @returns A frozen evaluation context.
 * @throws TypeError when the document or identity is not shaped as Flagsmith serves them.
 */
export function environmentToContext(
  document: EnvironmentDocument,
  identity?: IdentityInput | null,
): EvaluationContext {
  let base = isRecord(document) ? contexts.get(document) : undefined;
  if (base === undefined) {
    base = buildContext(document);
    contexts.set(document, base);
  }
  if (identity === undefined || identity === null) return base;
  if (
    !isRecord(identity) ||
    typeof identity.identifier !== 'string' ||
    identity.identifier === ''
  ) {
    fail('identity.identifier must be a non-empty string.');
  }
  const traits = identity.traits ?? {};
  if (!isRecord(traits)) fail('identity.traits must be an object of trait values.');
  return Object.freeze({
    environment: base.environment,
    features: base.features as NonNullable<EvaluationContext['features']>,
    segments: base.segments as NonNullable<EvaluationContext['segments']>,
    identity: Object.freeze({
      identifier: identity.identifier,
      key: `${base.environment.key}_${identity.identifier}`,
      traits: traits as Readonly<Record<string, TraitValue>>,
    }),
  });
}
