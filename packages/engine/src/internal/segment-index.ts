// The compiled form of a context's segments, built once per `segments` object and cached in a
// WeakMap: matchers for every segment, and for each feature the segment overrides that could
// apply to it, strongest first. Evaluating one feature walks only that list and stops at the
// first matching segment.
import type { FeatureContext, SegmentContext } from '../evaluation-context';
import type { SegmentResult } from '../evaluation-result';
import { compileCondition, inValues, MalformedSegmentError, type Matcher } from './conditions';
import { pyStr } from './python';
import { type EvaluationState, isRecord } from './state';

/** A segment ready to evaluate. */
export interface CompiledSegment {
  readonly name: string;
  readonly metadata: unknown;
  readonly match: Matcher;
  readonly overrides: readonly FeatureContext[];
  /** For an identity-override segment: the identifiers it applies to. */
  readonly identifiers: ReadonlySet<string> | null;
}

/** A segment override that may apply to a feature. */
export interface Candidate {
  readonly segment: CompiledSegment;
  readonly override: FeatureContext;
}

/**
 * Consecutive identity-override candidates of one feature, looked up by identifier instead of
 * tested one by one.
 */
export interface IdentityCandidates {
  readonly byIdentifier: ReadonlyMap<string, Candidate>;
}

/** The compiled segments of a context. */
export interface SegmentIndex {
  readonly segments: readonly CompiledSegment[];
  /** Per feature name, the overrides in the order Flagsmith would let them win. */
  readonly candidates: ReadonlyMap<string, readonly (Candidate | IdentityCandidates)[]>;
}

const NEVER: Matcher = () => false;
const EMPTY_INDEX: SegmentIndex = { segments: [], candidates: new Map() };
const indexes = new WeakMap<object, SegmentIndex>();

/** ALL, ANY and NONE over a list of matchers (never empty here). */
function combiner(
  type: unknown,
): ((matchers: readonly Matcher[], state: EvaluationState) => boolean) | null {
  switch (type) {
    case 'ALL':
      return (matchers, state) => {
        for (const matcher of matchers) if (!matcher(state)) return false;
        return true;
      };
    case 'ANY':
      return (matchers, state) => {
        for (const matcher of matchers) if (matcher(state)) return true;
        return false;
      };
    case 'NONE':
      return (matchers, state) => {
        for (const matcher of matchers) if (matcher(state)) return false;
        return true;
      };
    default:
      return null;
  }
}

function listOf(value: unknown): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new MalformedSegmentError('segment rules and conditions must be lists');
  return value;
}

/**
 * A rule matches when its conditions match by its type (no conditions: they match) and its
 * sub-rules match by its type too (no sub-rules: they match).
 */
function compileRule(rule: unknown, segmentKey: string): Matcher {
  if (!isRecord(rule)) throw new MalformedSegmentError('a segment rule must be an object');
  const conditions = listOf(rule.conditions).map((condition) =>
    compileCondition(condition, segmentKey),
  );
  const rules = listOf(rule.rules).map((child) => compileRule(child, segmentKey));
  if (conditions.length === 0 && rules.length === 0) return () => true;
  const combine = combiner(rule.type);
  if (combine === null) throw new MalformedSegmentError(`unknown rule type ${pyStr(rule.type)}`);
  if (rules.length === 0) return (state) => combine(conditions, state);
  if (conditions.length === 0) return (state) => combine(rules, state);
  return (state) => combine(conditions, state) && combine(rules, state);
}

/**
 * The identifiers of an identity-override segment (one ALL rule: `$.identity.identifier` IN
 * [...]), matched exactly as Flagsmith's API applies identity overrides, or null for any other
 * segment.
 */
function identityOverrideIdentifiers(segment: SegmentContext): Set<string> | null {
  const metadata = segment.metadata;
  const source = isRecord(metadata) ? metadata.source : undefined;
  if (source !== 'identity_override' && source !== 'identity_overrides') return null;
  const [rule, ...otherRules] = segment.rules;
  if (!isRecord(rule) || otherRules.length > 0 || rule.type !== 'ALL') return null;
  if (Array.isArray(rule.rules) && rule.rules.length > 0) return null;
  const conditions = rule.conditions;
  if (!Array.isArray(conditions) || conditions.length !== 1) return null;
  const [condition] = conditions as unknown[];
  if (!isRecord(condition) || condition.operator !== 'IN') return null;
  if (condition.property !== '$.identity.identifier') return null;
  return inValues(condition.value);
}

function compileSegment(segment: SegmentContext): CompiledSegment {
  const overrides = Array.isArray(segment.overrides)
    ? segment.overrides.filter(
        (o): o is FeatureContext => isRecord(o) && typeof o.name === 'string',
      )
    : [];
  const base = { name: pyStr(segment.name), metadata: segment.metadata, overrides };
  const identifiers = Array.isArray(segment.rules) ? identityOverrideIdentifiers(segment) : null;
  if (identifiers !== null) {
    return {
      ...base,
      identifiers,
      match: (state) => typeof state.identifier === 'string' && identifiers.has(state.identifier),
    };
  }
  const rules = segment.rules;
  if (!Array.isArray(rules) || rules.length === 0)
    return { ...base, identifiers: null, match: NEVER };
  let matchers: Matcher[];
  try {
    const key = pyStr(segment.key);
    matchers = rules.map((rule) => compileRule(rule, key));
  } catch (error) {
    // Flagsmith cannot evaluate such a segment either; here it simply matches no one.
    if (error instanceof MalformedSegmentError) return { ...base, identifiers: null, match: NEVER };
    throw error;
  }
  return {
    ...base,
    identifiers: null,
    match: (state) => {
      try {
        for (const matcher of matchers) if (!matcher(state)) return false;
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** An override's priority: lower wins; none (or not a number) loses to every number. */
export function priorityOf(override: FeatureContext): number {
  const priority = override.priority;
  return typeof priority === 'number' && !Number.isNaN(priority)
    ? priority
    : Number.POSITIVE_INFINITY;
}

function buildIndex(segments: Readonly<Record<string, SegmentContext>>): SegmentIndex {
  const compiled: CompiledSegment[] = [];
  const ranked = new Map<string, { candidate: Candidate; priority: number; order: number }[]>();
  let order = 0;
  for (const segment of Object.values(segments)) {
    if (!isRecord(segment)) continue;
    const entry = compileSegment(segment as SegmentContext);
    compiled.push(entry);
    for (const override of entry.overrides) {
      let list = ranked.get(override.name);
      if (list === undefined) {
        list = [];
        ranked.set(override.name, list);
      }
      list.push({
        candidate: { segment: entry, override },
        priority: priorityOf(override),
        order: order++,
      });
    }
  }
  const candidates = new Map<string, (Candidate | IdentityCandidates)[]>();
  for (const [name, list] of ranked) {
    // Flagsmith keeps the first override it meets unless a later one has a strictly lower
    // priority: the winner is the lowest priority, ties going to the earliest segment.
    list.sort((a, b) => a.priority - b.priority || a.order - b.order);
    const ordered: (Candidate | IdentityCandidates)[] = [];
    let run: Map<string, Candidate> | null = null;
    for (const { candidate } of list) {
      const identifiers = candidate.segment.identifiers;
      if (identifiers === null) {
        run = null;
        ordered.push(candidate);
        continue;
      }
      if (run === null) {
        run = new Map();
        ordered.push({ byIdentifier: run });
      }
      for (const identifier of identifiers)
        if (!run.has(identifier)) run.set(identifier, candidate);
    }
    candidates.set(name, ordered);
  }
  return { segments: compiled, candidates };
}

/** The compiled segments of a context, built on first use and cached per `segments` object. */
export function segmentIndex(segments: unknown): SegmentIndex {
  if (!isRecord(segments)) return EMPTY_INDEX;
  let index = indexes.get(segments);
  if (index === undefined) {
    index = buildIndex(segments as Readonly<Record<string, SegmentContext>>);
    indexes.set(segments, index);
  }
  return index;
}

/** A matched segment as the result reports it. */
export function segmentResult(segment: CompiledSegment): SegmentResult {
  return isTruthy(segment.metadata)
    ? { name: segment.name, metadata: segment.metadata as Readonly<Record<string, unknown>> }
    : { name: segment.name };
}

/** Python truthiness, for the optional metadata Flagsmith reports only when non-empty. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '')
    return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') {
    for (const key in value) if (Object.hasOwn(value, key)) return true;
    return false;
  }
  return !Number.isNaN(value);
}
