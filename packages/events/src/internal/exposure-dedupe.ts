import { isRecord } from '@flagsmith-openfeature/core';

/**
 * The key exposures are deduplicated by: (feature, identifier, value), the value as sent.
 * Lengths are prefixed so no choice of strings can make two different triples collide.
 *
 * It reads a tracking call's arguments as given, so a repeat is recognised before the event is
 * built, or a built exposure (which has the same `identifier` and `value` fields). Arguments
 * that a valid exposure cannot have get no key: only building the event can tell what is wrong.
 */
export function exposureKey(feature: unknown, details: unknown): string | undefined {
  if (typeof feature !== 'string' || !isRecord(details)) return undefined;
  const { identifier, value } = details;
  if (
    (identifier != null && typeof identifier !== 'string') ||
    !(typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value))
  ) {
    return undefined;
  }
  const who = identifier == null ? '-' : `${identifier.length}:${identifier}`;
  return `${feature.length}:${feature}|${who}|${value}`;
}
