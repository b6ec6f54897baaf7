/**
 * Thrown by the body parsers when a response is not the shape Flagsmith's API returns. Never
 * escapes the package: the client turns it into a `FlagsmithResponseError` that knows the request.
 */
export class ShapeError extends Error {
  override name = 'ShapeError';
}

/** Whether `value` is a non-null, non-array object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short, readable description of what a value is, for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    return value.length > 40 ? `a string ("${value.slice(0, 40)}…")` : `the string "${value}"`;
  }
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'undefined') return 'missing';
  return `${typeof value} ${String(value)}`;
}
