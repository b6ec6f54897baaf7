/**
 * Thrown by the body parsers when a response is not the shape Flagsmith's API returns. Never
 * thrown out of the package: the client turns it into a `FlagsmithResponseError` that knows the
 * request (and keeps it as the `cause`). A `SyntaxError`, like what `JSON.parse` throws for a
 * body that is not JSON: either way the body cannot be read.
 */
export class ShapeError extends SyntaxError {
  override name = 'ShapeError';
}

/** Whether `value` is a non-null, non-array object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether `value` is an object with a function under each of `methods`: how an injected
 * collaborator (a logger, timers, an event processor, a storage) is recognised.
 */
export function hasMethods<T>(value: unknown, methods: readonly (keyof T & string)[]): value is T {
  return isRecord(value) && methods.every((method) => typeof value[method] === 'function');
}

/**
 * A short, readable description of a value, for error messages: `the number 42`, `an empty
 * string`, `an instance of Map`, `missing` (for `undefined`). Long strings are cut.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === '') return 'an empty string';
  if (typeof value === 'string') {
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? `the number ${value}` : String(value);
  }
  if (typeof value !== 'object') return `a ${typeof value}`;
  const name: unknown = value.constructor?.name;
  return typeof name === 'string' && name !== 'Object' ? `an instance of ${name}` : 'an object';
}

/**
 * "`subject` must be `expected`, got …": how every message of this project words a value it
 * cannot take, so they all read alike.
 */
export function mustBe(subject: string, expected: string, value: unknown): string {
  return `${subject} must be ${expected}, got ${describeValue(value)}`;
}
