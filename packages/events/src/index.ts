export type { InvalidEventField } from './errors';
export { EventProcessorClosedError, InvalidEventError } from './errors';
export type { FlushOptions } from './event-processor';
export { DEFAULT_CLOSE_TIMEOUT_MS, EventProcessor } from './event-processor';
export type {
  EventProcessorOptions,
  ExposureDedupeOptions,
  ResolvedEventProcessorOptions,
} from './event-processor-options';
export {
  DEFAULT_EVENT_PROCESSOR_OPTIONS,
  resolveEventProcessorOptions,
} from './event-processor-options';
export type { DroppedEventCounts, EventProcessorStats } from './event-processor-stats';
export type { FlagsmithEvent, TrackEventDetails, TrackExposureDetails } from './flagsmith-event';
export { FLAG_EXPOSURE_EVENT } from './flagsmith-event';
export type {
  Flushable,
  LifecycleDocument,
  LifecycleEventTarget,
  PageLifecycleTargets,
} from './page-lifecycle';
export { installPageLifecycleFlush } from './page-lifecycle';
export type { EventTimers, TimerOptions } from './timers';
export { defaultEventTimers } from './timers';
