import type {
  EvaluationContext,
  FeatureContext,
  FeatureMetadata,
  FeatureVariant,
} from './evaluation-context';
import {
  CONTROL_VARIANT,
  type EvaluationResult,
  type FlagResult,
  type SegmentResult,
} from './evaluation-result';
import { hashedPercentageOfPair } from './internal/hashing';
import { pyNumberStr, pyStr } from './internal/python';
import {
  type CompiledSegment,
  isTruthy,
  priorityOf,
  segmentIndex,
  segmentResult,
} from './internal/segment-index';
import { createState, type EvaluationState, isRecord } from './internal/state';

const DEFAULT_REASON = 'DEFAULT';

interface FeatureList {
  readonly list: readonly FeatureContext[];
  readonly byName: ReadonlyMap<string, FeatureContext>;
}

const featureLists = new WeakMap<object, FeatureList>();
const EMPTY_FEATURES: FeatureList = { list: [], byName: new Map() };
const sortedVariants = new WeakMap<readonly FeatureVariant[], readonly FeatureVariant[]>();

function featuresOf(features: unknown): FeatureList {
  if (!isRecord(features)) return EMPTY_FEATURES;
  let entry = featureLists.get(features);
  if (entry === undefined) {
    const list = Object.values(features).filter(
      (feature): feature is FeatureContext => isRecord(feature) && typeof feature.name === 'string',
    );
    entry = { list, byName: new Map(list.map((feature) => [feature.name, feature])) };
    featureLists.set(features, entry);
  }
  return entry;
}

function variantsByPriority(variants: readonly FeatureVariant[]): readonly FeatureVariant[] {
  let sorted = sortedVariants.get(variants);
  if (sorted === undefined) {
    const rank = (variant: FeatureVariant) =>
      isRecord(variant) && typeof variant.priority === 'number' && !Number.isNaN(variant.priority)
        ? variant.priority
        : Number.POSITIVE_INFINITY;
    sorted = variants
      .filter(isRecord)
      .map((variant, order) => ({ variant, order, rank: rank(variant) }))
      .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.order - b.order))
      .map(({ variant }) => variant);
    sortedVariants.set(variants, sorted);
  }
  return sorted;
}

function flag(
  feature: FeatureContext,
  value: unknown,
  reason: string,
  variant: string | null,
): FlagResult {
  const name = feature.name;
  const enabled = feature.enabled === true;
  const served = (value ?? null) as FlagResult['value'];
  const metadata = feature.metadata;
  // Object literals of a fixed shape (no spread): this runs on every evaluation.
  return isTruthy(metadata)
    ? { name, enabled, value: served, reason, variant, metadata: metadata as FeatureMetadata }
    : { name, enabled, value: served, reason, variant };
}

/**
 * The flag for one feature state (environment default or winning override): with an identity
 * and variants, the identity's bucket picks a variant or the control value.
 */
function flagFor(feature: FeatureContext, reason: string, state: EvaluationState): FlagResult {
  const variants = feature.variants;
  if (state.identityKey === null || !Array.isArray(variants) || variants.length === 0) {
    return flag(feature, feature.value, reason, null);
  }
  const percentage = hashedPercentageOfPair(pyStr(feature.key), state.identityKey);
  let start = 0;
  for (const variant of variantsByPriority(variants)) {
    const weight = typeof variant.weight === 'number' ? variant.weight : Number.NaN;
    const limit = weight + start;
    if (start <= percentage && percentage < limit) {
      const key = typeof variant.key === 'string' && variant.key !== '' ? variant.key : null;
      return flag(feature, variant.value, `SPLIT; weight=${pyNumberStr(weight)}`, key);
    }
    start = limit;
  }
  return flag(feature, feature.value, reason, CONTROL_VARIANT);
}

function targetingMatch(segment: CompiledSegment): string {
  return `TARGETING_MATCH; segment=${segment.name}`;
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

/**
 * Evaluates every flag of a context, and the segments the context belongs to, exactly as
 * Flagsmith's engines do: segment overrides by priority (lower wins), identity overrides above
 * all, multivariate splits by md5 bucket, reasons as Flagsmith words them.
 *
 * Never throws: a segment Flagsmith could not evaluate (malformed rules, an invalid regex) matches
 * no one, and an unusable context yields no flags.
 *
 * @param context - An evaluation context, usually from {@link environmentToContext}. Treated as
 *   immutable: compiled segments are cached per `segments` object.
 * @returns Flags by feature name, and the matched segments in context order.
 */
export function getEvaluationResult(context: EvaluationContext): EvaluationResult {
  if (!isRecord(context)) return { flags: {}, segments: [] };
  const state = createState(context);
  const index = segmentIndex(context.segments);
  const segments: SegmentResult[] = [];
  const winners = new Map<
    string,
    { override: FeatureContext; segment: CompiledSegment; priority: number }
  >();
  for (const segment of index.segments) {
    if (!segment.match(state)) continue;
    segments.push(segmentResult(segment));
    for (const override of segment.overrides) {
      const current = winners.get(override.name);
      const priority = priorityOf(override);
      if (current === undefined || priority < current.priority) {
        winners.set(override.name, { override, segment, priority });
      }
    }
  }
  const flags: Record<string, FlagResult> = {};
  for (const feature of featuresOf(context.features).list) {
    const winner = winners.get(feature.name);
    setEntry(
      flags,
      feature.name,
      winner === undefined
        ? flagFor(feature, DEFAULT_REASON, state)
        : flagFor(winner.override, targetingMatch(winner.segment), state),
    );
  }
  return { flags, segments };
}

/**
 * Evaluates one flag, evaluating only the segments that override it, strongest first, and
 * stopping at the first that matches. Gives the same flag as
 * `getEvaluationResult(context).flags[featureName]`, much faster.
 *
 * Never throws (see {@link getEvaluationResult}).
 *
 * @param context - An evaluation context, usually from {@link environmentToContext}.
 * @param featureName - The feature's name.
 * @returns The flag, or undefined when the context has no such feature.
 */
export function evaluateFeature(
  context: EvaluationContext,
  featureName: string,
): FlagResult | undefined {
  if (!isRecord(context)) return undefined;
  const feature = featuresOf(context.features).byName.get(featureName);
  if (feature === undefined) return undefined;
  const state = createState(context);
  const candidates = segmentIndex(context.segments).candidates.get(featureName);
  if (candidates !== undefined) {
    for (const candidate of candidates) {
      if ('byIdentifier' in candidate) {
        const found =
          typeof state.identifier === 'string'
            ? candidate.byIdentifier.get(state.identifier)
            : undefined;
        if (found !== undefined)
          return flagFor(found.override, targetingMatch(found.segment), state);
        continue;
      }
      if (candidate.segment.match(state)) {
        return flagFor(candidate.override, targetingMatch(candidate.segment), state);
      }
    }
  }
  return flagFor(feature, DEFAULT_REASON, state);
}
