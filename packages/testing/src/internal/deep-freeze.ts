/**
 * Freezes a JSON-like value and everything inside it, so a shared fixture cannot be changed by
 * one test behind another's back.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
