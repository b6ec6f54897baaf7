// Segment conditions, compiled once per context into closures. Everything that depends only on
// the condition (numbers parsed from its value, the regex, the IN set, the JSONPath) is worked
// out here; what is left per evaluation is reading the context value and one comparison.
import { hashedPercentageOfPair } from './hashing';
import { compileJsonPath } from './jsonpath';
import {
  type ContextValue,
  comparePyInts,
  comparePyStrings,
  PyNumber,
  parsePyFloat,
  parsePyInt,
  parsePyJson,
  pyModulo,
  pyNumberStr,
  pyStr,
  toContextValue,
} from './python';
import { compilePythonRegex } from './regex';
import { compareSemVer, parseSemVer } from './semver';
import { contextView, type EvaluationState, isRecord, traitOf } from './state';

/** A compiled test against one evaluation. */
export type Matcher = (state: EvaluationState) => boolean;

/** Thrown while compiling a condition Flagsmith could not evaluate either. */
export class MalformedSegmentError extends Error {}

type Getter = (state: EvaluationState) => ContextValue;

const NONE: Getter = () => null;

function isScalar(value: unknown): boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}

/**
 * How Flagsmith reads a condition's property: a trait key, or a JSONPath into the context (a
 * trait whose key is the JSONPath text itself wins). Numeric-looking strings become numbers.
 */
function compileGetter(property: unknown): Getter {
  if (typeof property !== 'string' || property === '') return NONE;
  if (!property.startsWith('$.')) return (state) => toContextValue(traitOf(state, property));
  let read: (state: EvaluationState) => unknown;
  switch (property) {
    case '$.identity.identifier':
      read = (state) => state.identifier;
      break;
    case '$.identity.key':
      read = (state) => state.identityKey;
      break;
    case '$.environment.name':
    case '$.environment.key': {
      const field = property === '$.environment.name' ? 'name' : 'key';
      read = (state) => {
        const environment = state.context.environment;
        return isRecord(environment) && Object.hasOwn(environment, field)
          ? environment[field]
          : undefined;
      };
      break;
    }
    default: {
      const query = compileJsonPath(property);
      read = query === null ? () => undefined : (state) => query(contextView(state));
    }
  }
  return (state) => {
    const trait = traitOf(state, property);
    if (trait !== undefined && trait !== null) return toContextValue(trait);
    const value = read(state);
    return isScalar(value) ? toContextValue(value) : null;
  };
}

/** The IN operator's values: a list, a JSON list, or comma-separated text; each as Python's `str()`. */
export function inValues(value: unknown): Set<string> | null {
  if (Array.isArray(value)) return new Set(value.map(pyStr));
  if (typeof value !== 'string') return null;
  const parsed = parsePyJson(value);
  return new Set(Array.isArray(parsed) ? parsed.map(pyStr) : value.split(','));
}

function compileIn(get: Getter, value: unknown): Matcher {
  const values = inValues(value);
  if (values === null) return () => false;
  return (state) => {
    const actual = get(state);
    if (typeof actual === 'string') return values.has(actual);
    // Python compares str(int) for integers; floats, booleans and None never match.
    if (typeof actual === 'number')
      return Number.isInteger(actual) && values.has(pyNumberStr(actual));
    return actual instanceof PyNumber && actual.isInt && values.has(actual.text);
  };
}

function compilePercentageSplit(
  get: Getter,
  property: unknown,
  value: unknown,
  segmentKey: string,
): Matcher {
  const threshold = parsePyFloat(value);
  if (threshold === undefined) return () => false;
  if (typeof property === 'string' && property !== '') {
    // A missing trait excludes the identity rather than falling back to the identity key.
    return (state) => {
      const actual = get(state);
      return actual !== null && hashedPercentageOfPair(segmentKey, pyStr(actual)) <= threshold;
    };
  }
  return (state) =>
    state.identityKey !== null &&
    hashedPercentageOfPair(segmentKey, state.identityKey) <= threshold;
}

function compileModulo(value: unknown): ((actual: ContextValue) => boolean) | null {
  if (typeof value !== 'string' || value === '') return null;
  const parts = value.split('|');
  if (parts.length !== 2) return null;
  const divisor = parsePyFloat(parts[0]);
  const remainder = parsePyFloat(parts[1]);
  if (divisor === undefined || remainder === undefined || divisor === 0) return null;
  return (actual) => {
    let number: number;
    if (typeof actual === 'number') number = actual;
    else if (typeof actual === 'boolean') number = actual ? 1 : 0;
    else if (actual instanceof PyNumber) number = actual.value;
    else return false;
    return pyModulo(number, divisor) === remainder;
  };
}

type Comparison =
  | 'EQUAL'
  | 'NOT_EQUAL'
  | 'GREATER_THAN'
  | 'GREATER_THAN_INCLUSIVE'
  | 'LESS_THAN'
  | 'LESS_THAN_INCLUSIVE';

function byOrder(comparison: Comparison, order: number): boolean {
  switch (comparison) {
    case 'EQUAL':
      return order === 0;
    case 'NOT_EQUAL':
      return order !== 0;
    case 'GREATER_THAN':
      return order > 0;
    case 'GREATER_THAN_INCLUSIVE':
      return order >= 0;
    case 'LESS_THAN':
      return order < 0;
    case 'LESS_THAN_INCLUSIVE':
      return order <= 0;
  }
}

/** Compares floats with the operators themselves, so NaN behaves as in Python. */
function byValue(comparison: Comparison, a: number, b: number): boolean {
  switch (comparison) {
    case 'EQUAL':
      return a === b;
    case 'NOT_EQUAL':
      return a !== b;
    case 'GREATER_THAN':
      return a > b;
    case 'GREATER_THAN_INCLUSIVE':
      return a >= b;
    case 'LESS_THAN':
      return a < b;
    case 'LESS_THAN_INCLUSIVE':
      return a <= b;
  }
}

/**
 * EQUAL, NOT_EQUAL, the orderings and CONTAINS: the condition value is cast to the type of the
 * context value (bool, int, float, str), or both are read as versions for `:semver` values.
 * A value that does not cast makes the condition false.
 */
function compileTyped(
  operator: Comparison | 'CONTAINS',
  value: unknown,
): (actual: ContextValue) => boolean {
  const isSemver = typeof value === 'string' && value.endsWith(':semver');
  const version = isSemver ? parseSemVer((value as string).slice(0, -7)) : undefined;
  const asBool = !(value === 'False' || value === 'false');
  const asInt = parsePyInt(value);
  const asFloat = parsePyFloat(value);
  const asText = pyStr(value);
  if (operator === 'CONTAINS') {
    return (actual) => typeof actual === 'string' && !isSemver && actual.includes(asText);
  }
  return (actual) => {
    switch (typeof actual) {
      case 'string': {
        if (!isSemver) return byOrder(operator, comparePyStrings(actual, asText));
        const parsed = parseSemVer(actual);
        return (
          parsed !== undefined &&
          version !== undefined &&
          byOrder(operator, compareSemVer(parsed, version))
        );
      }
      case 'boolean':
        return byValue(operator, actual ? 1 : 0, asBool ? 1 : 0);
      case 'number':
        if (Number.isInteger(actual) && asInt !== undefined) {
          return Number.isSafeInteger(actual)
            ? byValue(operator, actual, Number(asInt))
            : byOrder(operator, comparePyInts(BigInt(actual).toString(), asInt));
        }
        // JSON cannot tell 2 from 2.0, so an integral number also compares with a float value.
        return asFloat !== undefined && byValue(operator, actual, asFloat);
      default:
        if (actual === null) return false;
        if (actual.isInt)
          return asInt !== undefined && byOrder(operator, comparePyInts(actual.text, asInt));
        return asFloat !== undefined && byValue(operator, actual.value, asFloat);
    }
  };
}

function compileComparison(
  operator: unknown,
  value: unknown,
): ((actual: ContextValue) => boolean) | null {
  switch (operator) {
    case 'EQUAL':
    case 'NOT_EQUAL':
    case 'GREATER_THAN':
    case 'GREATER_THAN_INCLUSIVE':
    case 'LESS_THAN':
    case 'LESS_THAN_INCLUSIVE':
    case 'CONTAINS':
      return compileTyped(operator, value);
    case 'NOT_CONTAINS': {
      const needle = pyStr(value);
      return (actual) => typeof actual === 'string' && !actual.includes(needle);
    }
    case 'REGEX': {
      const regex = compilePythonRegex(pyStr(value));
      return regex === null ? null : (actual) => regex.test(pyStr(actual));
    }
    case 'MODULO':
      return compileModulo(value);
    default:
      return null;
  }
}

/** Compiles one segment condition. `segmentKey` seeds percentage splits. */
export function compileCondition(condition: unknown, segmentKey: string): Matcher {
  if (!isRecord(condition) || typeof condition.operator !== 'string') {
    throw new MalformedSegmentError('a segment condition needs an operator');
  }
  const { operator, property, value } = condition;
  const get = compileGetter(property);
  switch (operator) {
    case 'IN':
      return compileIn(get, value);
    case 'PERCENTAGE_SPLIT':
      return compilePercentageSplit(get, property, value, segmentKey);
    case 'IS_SET':
      return (state) => get(state) !== null;
    case 'IS_NOT_SET':
      return (state) => get(state) === null;
    default: {
      const compare = compileComparison(operator, value);
      if (compare === null) return () => false;
      return (state) => {
        const actual = get(state);
        return actual !== null && compare(actual);
      };
    }
  }
}
