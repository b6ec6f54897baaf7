/** The name of the event that records a flag exposure. Reserved: `trackEvent` refuses it. */
export const FLAG_EXPOSURE_EVENT = '$flag_exposure';

/**
 * One event as it goes over the wire to `POST {eventsApiUrl}v1/events`. Every field is always
 * present; absent values are `null`.
 */
export interface FlagsmithEvent {
  /** The event name: `purchase`, or {@link FLAG_EXPOSURE_EVENT} for exposures. */
  readonly event: string;
  /** The flag key for exposures; `null` for every other event. */
  readonly feature_name: string | null;
  /** The identity the event belongs to. */
  readonly identifier: string | null;
  /** A finite number, a string or `null`; always a string for exposures. */
  readonly value: number | string | null;
  /** The identity's traits, copied when the event was tracked. */
  readonly traits: Readonly<Record<string, unknown>> | null;
  /** Free-form metadata, copied when the event was tracked; always carries `sdk_version`. */
  readonly metadata: Readonly<{ sdk_version: string } & Record<string, unknown>>;
  /** When the event was tracked, in epoch milliseconds. */
  readonly timestamp: number;
}

/** What `trackEvent(name, details)` records besides the name. Every key is optional. */
export interface TrackEventDetails {
  /** The identity the event belongs to (an OpenFeature `targetingKey`). */
  identifier?: string | null | undefined;
  /** A finite number (a purchase amount, a duration) or a string; `null` when absent. */
  value?: number | string | null | undefined;
  /** The identity's traits: a plain object that serialises to JSON. */
  traits?: Readonly<Record<string, unknown>> | null | undefined;
  /** Anything else worth keeping: a plain object that serialises to JSON. */
  metadata?: Readonly<Record<string, unknown>> | null | undefined;
}

/** What `trackExposureEvent(featureName, details)` records besides the flag key. */
export interface TrackExposureDetails {
  /** The identity that was served the value. */
  identifier?: string | null | undefined;
  /**
   * The value (or variant key) served. Sent as a string: a number or boolean is stringified.
   * Required: an exposure without a value says nothing about which variant was seen.
   */
  value: string | number | boolean;
  /** The identity's traits: a plain object that serialises to JSON. */
  traits?: Readonly<Record<string, unknown>> | null | undefined;
  /** Anything else worth keeping, such as the evaluation reason. */
  metadata?: Readonly<Record<string, unknown>> | null | undefined;
}
