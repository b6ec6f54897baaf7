import { FlagsmithAuthenticationError } from '@flagsmith-openfeature/core';
import type { OpenFeatureError } from '@openfeature/core';
import { GeneralError, ProviderFatalError } from '@openfeature/core';

/**
 * The one place a Flagsmith failure becomes an OpenFeature error: a refused key
 * (`FlagsmithAuthenticationError`, HTTP 401/403) is fatal, since no retry can fix it; anything
 * else is general, since a later attempt may succeed. The original is kept as `cause`.
 */
export function toOpenFeatureError(error: unknown, doing: string): OpenFeatureError {
  const message = `Flagsmith: ${doing} failed: ${describeError(error)}`;
  return new (isFatal(error) ? ProviderFatalError : GeneralError)(message, { cause: error });
}

/** Whether retrying cannot help: Flagsmith refused the environment key. */
export function isFatal(error: unknown): boolean {
  return error instanceof FlagsmithAuthenticationError;
}

/** An error's message, for log lines and event messages. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
