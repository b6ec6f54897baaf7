/**
 * An event as the events API received it: one item of the `events` array of
 * `POST /v1/events`, exactly as sent (the server checks it against the wire schema and stores
 * it unchanged).
 */
export interface ReceivedEvent {
  /** The event name, such as `purchase` or `$flag_exposure`. */
  event: string;
  /** The flag key for `$flag_exposure`; `null` for every other event. */
  feature_name: string | null;
  /** The identity the event belongs to. */
  identifier: string | null;
  /** A number or string; always a string for `$flag_exposure`. */
  value: number | string | null;
  /** The identity's traits. */
  traits: Record<string, unknown> | null;
  /** Free-form metadata; always carries `sdk_version`. */
  metadata: { sdk_version: string } & Record<string, unknown>;
  /** When the event was tracked, in epoch milliseconds. */
  timestamp: number;
}

/** An event the server declined in a 202 response, reported as `{index, error}`. */
export interface RejectedEvent {
  /** The event's position in the request's `events` array. */
  index: number;
  /** Why it was declined. */
  error: string;
}

/**
 * Decides whether to decline an otherwise valid event (a "soft" rejection, reported in the
 * 202 body's `rejected` list and not stored). Return `true` or an error message to decline,
 * `false` or `undefined` to accept.
 */
export type EventRejector = (event: ReceivedEvent, index: number) => boolean | string | undefined;
