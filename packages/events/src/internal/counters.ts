import type { DroppedEventCounts } from '../event-processor-stats';

/** The mutable counters behind `stats()`; buffered and in flight are measured. */
export interface EventCounters {
  tracked: number;
  sent: number;
  dropped: { -readonly [K in keyof DroppedEventCounts]: number };
  retried: number;
  deduplicated: number;
}
