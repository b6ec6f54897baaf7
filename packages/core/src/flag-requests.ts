import type { Flags, Traits } from './flag';
import { parseFlagList, parseIdentityResponse } from './flag';
import type { FlagsmithTransport } from './flagsmith-transport';
import { normaliseIdentityTraits } from './internal/traits';

/** Options of one identity flags request. */
export interface IdentityFlagsRequestOptions {
  /**
   * Evaluate without persisting the identity or its traits in Flagsmith. Sent as
   * `transient: true` only when true.
   * @default false
   */
  transient?: boolean | undefined;
}

/**
 * The environment's flags, keyed by feature name: `GET {apiUrl}flags/`. What
 * `FlagsmithClient.getEnvironmentFlags()` does, as a function of a transport.
 */
export async function getEnvironmentFlags(transport: FlagsmithTransport): Promise<Flags> {
  const response = await transport.requestJson({ method: 'GET', path: 'flags/' }, parseFlagList);
  return response.data;
}

/**
 * An identity's flags, keyed by feature name: `POST {apiUrl}identities/` with
 * `{identifier, traits: [{trait_key, trait_value}], transient?}`. Traits are sent sorted by key;
 * `undefined` values are left out. Throws a `TypeError` for an empty identifier or a trait
 * value that is not a string, finite number, boolean or null. What
 * `FlagsmithClient.getIdentityFlags()` does, as a function of a transport.
 */
export async function getIdentityFlags(
  transport: FlagsmithTransport,
  identifier: string,
  traits?: Traits,
  options?: IdentityFlagsRequestOptions,
): Promise<Flags> {
  const json: Record<string, unknown> = {
    identifier,
    traits: normaliseIdentityTraits('FlagsmithClient', identifier, traits),
  };
  if (options?.transient === true) json.transient = true;
  const response = await transport.requestJson(
    { method: 'POST', path: 'identities/', json },
    parseIdentityResponse,
  );
  return response.data;
}
