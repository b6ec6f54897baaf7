import { getEnvironmentDocument } from './environment-document';
import type { EnvironmentDocument, Flags, Traits } from './flag';
import type { IdentityFlagsRequestOptions } from './flag-requests';
import { getEnvironmentFlags, getIdentityFlags } from './flag-requests';
import type {
  FlagsmithClientOptions,
  ResolvedFlagsmithClientOptions,
} from './flagsmith-client-options';
import type { FlagsmithTransport } from './flagsmith-transport';
import { createFlagsmithTransport } from './flagsmith-transport';

/**
 * A thin client for Flagsmith's flags API: environment flags, identity flags and the environment
 * document, with per-attempt timeouts, retries and typed errors. Every failure rejects with a
 * `FlagsmithError` subclass, except misuse (bad arguments), which throws a `TypeError`.
 * Holds no state between calls beyond its options; share one per environment key.
 *
 * Each method is also a function of a `FlagsmithTransport` (`getEnvironmentFlags(transport)`,
 * …), for bundles that need only some of them.
 */
export class FlagsmithClient {
  /** The resolved, frozen options. */
  readonly options: ResolvedFlagsmithClientOptions;
  readonly #transport: FlagsmithTransport;

  constructor(options: FlagsmithClientOptions) {
    this.#transport = createFlagsmithTransport(options);
    this.options = this.#transport.options;
  }

  /** The environment's flags, keyed by feature name: `GET {apiUrl}flags/`. */
  getEnvironmentFlags(): Promise<Flags> {
    return getEnvironmentFlags(this.#transport);
  }

  /**
   * An identity's flags, keyed by feature name: `POST {apiUrl}identities/` with
   * `{identifier, traits: [{trait_key, trait_value}], transient?}`. Traits are sent sorted by key;
   * `undefined` values are left out. Throws a `TypeError` for an empty identifier or a trait
   * value that is not a string, finite number, boolean or null.
   */
  getIdentityFlags(
    identifier: string,
    traits?: Traits,
    options?: IdentityFlagsRequestOptions,
  ): Promise<Flags> {
    return getIdentityFlags(this.#transport, identifier, traits, options);
  }

  /**
   * The environment document, for local evaluation: `GET {apiUrl}environment-document/`. Needs a
   * server-side key. When the answer has a `Link: <…>; rel="next"` header, the next pages
   * (absolute or relative URLs, on the apiUrl's origin only) are fetched in turn and their
   * `identity_overrides` appended to the first page's. A page URL seen twice, a link to another
   * origin or more than 1000 pages rejects with a `FlagsmithResponseError`.
   */
  getEnvironmentDocument(): Promise<EnvironmentDocument> {
    return getEnvironmentDocument(this.#transport);
  }
}
