import type { FeatureStateValue, FeatureType, TraitValue } from './environment-document';

/**
 * A flag as Flagsmith's flags API returns it, from `GET flags/` and inside identity
 * responses. Like Flagsmith's core API, the server sends no `reason`.
 */
export interface ApiFlag {
  /**
   * The id of the feature state served (`django_id` in the document: the environment's state,
   * or the segment or identity override that won; `null` when it has none).
   */
  id: number | null;
  /** The feature. */
  feature: { id: number; name: string; type: FeatureType };
  /** The flag's value. */
  feature_state_value: FeatureStateValue;
  /** Whether the flag is on. */
  enabled: boolean;
  /** The environment's id. */
  environment: number;
  /** Always `null` here (Flagsmith gives the identity's id for an identity override). */
  identity: null;
  /** Always `null` here (Flagsmith gives the segment override's id; documents carry none). */
  feature_segment: null;
  /**
   * Identity flags only, as Flagsmith's API sends it on `identities/`: the multivariate variant
   * the identity was allocated (the option's `key`), `control` for the control group, `null`
   * for a feature without variants (or an option without a key). Absent from `GET flags/`.
   */
  variant?: string | null;
}

/** A trait as the identities API takes and returns it. */
export interface ApiTrait {
  /** The trait's key. */
  trait_key: string;
  /** The trait's value; `null` deletes a stored trait. */
  trait_value: TraitValue;
}

/** The body of `POST identities/` and `GET identities/?identifier=` responses. */
export interface ApiIdentityResponse {
  /** The identity's identifier. */
  identifier: string;
  /** The identity's flags. */
  flags: ApiFlag[];
  /** The identity's traits. */
  traits: ApiTrait[];
}
