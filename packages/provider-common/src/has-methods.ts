import { isRecord } from '@flagsmith-openfeature/core';

/**
 * Whether `value` is an object with a function under each of `methods`: how an injected
 * collaborator (an event processor, a storage) is recognised.
 */
export function hasMethods<T>(value: unknown, methods: readonly (keyof T & string)[]): value is T {
  return isRecord(value) && methods.every((method) => typeof value[method] === 'function');
}
