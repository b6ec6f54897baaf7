import type { Flags } from '@flagsmith-openfeature/core';

/**
 * The names of the flags whose state differs between two sets of flags: added, removed, or
 * changed in `enabled`, value, variant or reason. Every flag of `after` when there is no
 * `before`.
 */
export function changedFlags(before: Flags | undefined, after: Flags): string[] {
  const changed: string[] = [];
  for (const [name, flag] of after) {
    const old = before?.get(name);
    if (
      old === undefined ||
      old.enabled !== flag.enabled ||
      old.value !== flag.value ||
      old.variant !== flag.variant ||
      old.reason !== flag.reason
    ) {
      changed.push(name);
    }
  }
  for (const name of before?.keys() ?? []) {
    if (!after.has(name)) changed.push(name);
  }
  return changed;
}
