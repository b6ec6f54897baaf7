import type {
  EventProcessorOptions,
  TrackEventDetails,
  TrackExposureDetails,
} from '@flagsmith-openfeature/events';
import {
  EventProcessor,
  EventProcessorClosedError,
  InvalidEventError,
} from '@flagsmith-openfeature/events';

/** The metadata key that carries each tracked event's id to the wire. */
export const TAG = 'reliability_id';

/** The id a received event was tracked under, or `undefined` when it carries none. */
export function tagOf(event: { metadata?: unknown }): number | undefined {
  const metadata = event.metadata as Record<string, unknown> | null | undefined;
  const tag = metadata?.[TAG];
  return typeof tag === 'number' ? tag : undefined;
}

/** What became of a tracking call, as the processor's counters moved during it. */
export type CallFate = 'accepted' | 'deduplicated' | 'invalid' | 'closed' | 'unauthorized';

/** What the application asked of the processor, counted at its API. */
export interface TrackingCalls {
  /** `trackEvent` calls (the track() adapter's included). */
  custom: number;
  /** `trackExposureEvent` calls (the exposure hook's included). */
  exposures: number;
  /** Calls that threw, by error class name. */
  threw: Record<string, number>;
}

/** Options of {@link TaggedEventProcessor} on top of the processor's own. */
export interface TaggingOptions {
  /**
   * Record each tagged call's fate (two `stats()` snapshots per call): exact per-event
   * accounting, at a cost a million-call run does without.
   * @default true
   */
  recordFates?: boolean;
}

/**
 * The real `EventProcessor`, with every tracked event tagged in its metadata with a unique,
 * increasing id, so the server side can tell duplicates and order apart, and with the calls
 * counted at its API, so `stats()` is checked against an independent count. Everything else
 * (validation, dedupe, buffering, delivery) is the processor's own.
 */
export class TaggedEventProcessor extends EventProcessor {
  readonly calls: TrackingCalls = { custom: 0, exposures: 0, threw: {} };
  /** The fate of each tagged call, by id (when `recordFates`). */
  readonly fates = new Map<number, CallFate>();
  readonly #recordFates: boolean;
  #nextId = 1;

  constructor(options: EventProcessorOptions & TaggingOptions) {
    const { recordFates = true, ...processorOptions } = options;
    super(processorOptions);
    this.#recordFates = recordFates;
  }

  /** The last id handed out (ids start at 1). */
  get lastId(): number {
    return this.#nextId - 1;
  }

  override trackEvent(name: string, details?: TrackEventDetails): void {
    this.calls.custom++;
    this.#record(details ?? {}, (tagged) => super.trackEvent(name, tagged));
  }

  override trackExposureEvent(featureName: string, details: TrackExposureDetails): void {
    this.calls.exposures++;
    this.#record(details, (tagged) => super.trackExposureEvent(featureName, tagged));
  }

  #record<T>(details: T, call: (tagged: T) => void): void {
    const { tagged, id } = this.#tag(details);
    const before = this.#recordFates && id !== undefined ? this.stats() : undefined;
    try {
      call(tagged);
    } catch (error) {
      const name = error instanceof Error ? error.constructor.name : typeof error;
      this.calls.threw[name] = (this.calls.threw[name] ?? 0) + 1;
      if (before !== undefined && id !== undefined) {
        if (error instanceof InvalidEventError) this.fates.set(id, 'invalid');
        else if (error instanceof EventProcessorClosedError) this.fates.set(id, 'closed');
      }
      throw error;
    }
    if (before === undefined || id === undefined) return;
    const after = this.stats();
    if (after.deduplicated > before.deduplicated) this.fates.set(id, 'deduplicated');
    else if (after.dropped.unauthorized > before.dropped.unauthorized) {
      this.fates.set(id, 'unauthorized');
    } else this.fates.set(id, 'accepted');
  }

  /** Adds the next id to plain-object details; anything else is the processor's to refuse. */
  #tag<T>(details: T): { tagged: T; id: number | undefined } {
    if (!isPlainObject(details)) return { tagged: details, id: undefined };
    const { metadata } = details as { metadata?: unknown };
    if (metadata !== undefined && metadata !== null && !isPlainObject(metadata)) {
      return { tagged: details, id: undefined };
    }
    const id = this.#nextId++;
    return { tagged: { ...details, metadata: { ...(metadata ?? {}), [TAG]: id } }, id };
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
