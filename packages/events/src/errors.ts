/** Which part of a tracking call was refused. */
export type InvalidEventField =
  | 'name'
  | 'featureName'
  | 'details'
  | 'identifier'
  | 'value'
  | 'traits'
  | 'metadata'
  | 'size';

/**
 * Thrown by `trackEvent` and `trackExposureEvent` for input that can never be delivered: an
 * empty or reserved (`$`-prefixed) name, a value of the wrong type, traits or metadata that
 * cannot be serialised to JSON, or an event over 32 KB. The call is counted in
 * `stats().dropped.invalid` and nothing reaches a batch.
 *
 * It is a `TypeError`, as any structurally wrong argument is; callers on an evaluation path
 * (the exposure hook, the track() adapter) catch it and log.
 */
export class InvalidEventError extends TypeError {
  override name = 'InvalidEventError';
  /** Tells this error apart from other `TypeError`s without `instanceof`. */
  readonly code = 'INVALID_EVENT' as const;
  /** The argument or field that was refused. */
  readonly field: InvalidEventField;

  constructor(message: string, field: InvalidEventField, options?: ErrorOptions) {
    super(message, options);
    this.field = field;
  }
}

/**
 * Thrown by `trackEvent` and `trackExposureEvent` once `close()` has been called: the
 * processor no longer accepts events. The call is counted in `stats().dropped.closed`.
 */
export class EventProcessorClosedError extends Error {
  override name = 'EventProcessorClosedError';
  /** Tells this error apart from others without `instanceof`. */
  readonly code = 'EVENT_PROCESSOR_CLOSED' as const;
}
