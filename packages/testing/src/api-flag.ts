import type { FeatureStateValue, FeatureType, TraitValue } from './environment-document';

/**
 * A flag as Flagsmith's flags API returns it, from `GET flags/` and inside identity
 * responses.
 */
export interface ApiFlag {
  /** The feature state's id (`django_id` in the document; `null` when it has none). */
  id: number | null;
  /** The feature. */
  feature: { id: number; name: string; type: FeatureType };
  /** The flag's value. */
  feature_state_value: FeatureStateValue;
  /** Whether the flag is on. */
  enabled: boolean;
  /** The environment's id. */
  environment: number;
  /** Always `null` here. */
  identity: null;
  /** Always `null` here. */
  feature_segment: null;
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
