import type { DroppedEventCounts, EventProcessorStats } from '../event-processor-stats';

/** The mutable counters behind {@link EventProcessorStats}; buffered and in flight are measured. */
export interface EventCounters {
  tracked: number;
  sent: number;
  dropped: { -readonly [K in keyof DroppedEventCounts]: number };
  retried: number;
  deduplicated: number;
}

export function createCounters(): EventCounters {
  return {
    tracked: 0,
    sent: 0,
    dropped: { overflow: 0, invalid: 0, rejected: 0, unauthorized: 0, closed: 0 },
    retried: 0,
    deduplicated: 0,
  };
}

/** A frozen copy of the counters, with the measured buffered and in-flight counts. */
export function snapshotCounters(
  counters: EventCounters,
  buffered: number,
  inFlight: number,
): EventProcessorStats {
  return Object.freeze({
    ...counters,
    dropped: Object.freeze({ ...counters.dropped }),
    buffered,
    inFlight,
  });
}
