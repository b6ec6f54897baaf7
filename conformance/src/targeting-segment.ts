import type { SegmentCondition, SegmentConditionOperator } from '@flagsmith-openfeature/testing';

/** A CEL targeting expression, rewritten as a Flagsmith segment and the variant it serves. */
export interface TargetingSegment {
  /** The segment's name: the expression's condition, as written. */
  readonly name: string;
  /** Conditions on traits that must all hold (an `ALL` rule). */
  readonly conditions: readonly SegmentCondition[];
  /** The variant an identity in the segment is served. */
  readonly variant: string;
}

/** `condition ? 'variant' : ''`: the one shape the flag set's expressions take. */
const TERNARY = /^(?<condition>.+?)\s*\?\s*'(?<variant>[^']+)'\s*:\s*''$/;
const NEGATED = /^!\s*(?<trait>[A-Za-z_]\w*)$/;
const BARE = /^(?<trait>[A-Za-z_]\w*)$/;
const COMPARISON = /^(?<trait>[A-Za-z_]\w*)\s*(?<operator>==|!=|>=|<=|>|<)\s*(?<literal>.+)$/;

const OPERATORS: Readonly<Record<string, SegmentConditionOperator>> = {
  '==': 'EQUAL',
  '!=': 'NOT_EQUAL',
  '>': 'GREATER_THAN',
  '>=': 'GREATER_THAN_INCLUSIVE',
  '<': 'LESS_THAN',
  '<=': 'LESS_THAN_INCLUSIVE',
};

/**
 * Rewrites a CEL targeting expression of the flag set as a Flagsmith segment.
 *
 * Only the subset the flag set uses is understood: a ternary whose condition joins, with `&&`,
 * comparisons of a context attribute with a literal (`email == 'x'`, `age > 10`) and boolean
 * attributes (`customer`, `!customer`). Each becomes a trait condition; Flagsmith casts a
 * condition's value to the trait's type, so `!customer` is `customer EQUAL "false"`. Like CEL,
 * where a missing attribute is an error and the flag falls back to its default, a condition on
 * a trait the identity lacks does not match.
 *
 * @throws Error for anything outside that subset, so a new kind of expression in the
 * specification is noticed instead of mistranslated.
 */
export function targetingSegment(expression: string): TargetingSegment {
  const ternary = TERNARY.exec(expression.trim())?.groups;
  if (ternary === undefined) {
    throw new Error(
      `Unsupported targeting expression "${expression}": expected "condition ? 'variant' : ''"`,
    );
  }
  const condition = ternary.condition ?? '';
  const conditions = condition.split('&&').map((term) => toCondition(term.trim(), expression));
  return { name: condition, conditions, variant: ternary.variant ?? '' };
}

function toCondition(term: string, expression: string): SegmentCondition {
  const negated = NEGATED.exec(term)?.groups;
  if (negated !== undefined) return equal(negated.trait, 'false');
  const bare = BARE.exec(term)?.groups;
  if (bare !== undefined) return equal(bare.trait, 'true');
  const comparison = COMPARISON.exec(term)?.groups;
  const operator = OPERATORS[comparison?.operator ?? ''];
  if (comparison === undefined || operator === undefined) {
    throw new Error(`Unsupported term "${term}" in targeting expression "${expression}"`);
  }
  return {
    operator,
    property_: comparison.trait ?? null,
    value: literal(comparison.literal ?? '', expression),
  };
}

function equal(trait: string | undefined, value: string): SegmentCondition {
  return { operator: 'EQUAL', property_: trait ?? null, value };
}

/** A CEL literal as a Flagsmith condition value, which is always a string. */
function literal(text: string, expression: string): string {
  const quoted = /^'([^']*)'$/.exec(text) ?? /^"([^"]*)"$/.exec(text);
  if (quoted !== null) return quoted[1] ?? '';
  if (text === 'true' || text === 'false') return text;
  if (Number.isFinite(Number(text))) return text;
  throw new Error(`Unsupported literal ${text} in targeting expression "${expression}"`);
}
