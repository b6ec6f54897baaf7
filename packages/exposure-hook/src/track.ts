import type { EventProcessor } from '@flagsmith-openfeature/events';
import { FLAG_EXPOSURE_EVENT } from '@flagsmith-openfeature/events';
import { contextToIdentity, eventsOffError } from '@flagsmith-openfeature/provider-common';
import type { EvaluationContext, Logger, TrackingEventDetails } from '@openfeature/core';
import { exposedValue } from './internal/exposed-value';

/**
 * The track() adapter: records an OpenFeature `track(name, context, details)` call as a
 * Flagsmith event.
 *
 * `details.value` becomes the event value and the rest of `details` its metadata; the context's
 * `targetingKey` is the identifier and its other attributes the traits. `track('$flag_exposure',
 * ctx, { flagKey, variant })` (or `value` instead of `variant`) records an exposure by hand.
 *
 * Never throws: with events off (`eventProcessor` undefined) or on input the processor refuses,
 * it logs a clear error instead.
 */
export function trackToFlagsmith(
  eventProcessor: EventProcessor | undefined,
  name: string,
  context: EvaluationContext,
  details: TrackingEventDetails,
  logger: Logger,
): void {
  const notRecorded = `Flagsmith: track("${name}") was not recorded`;
  try {
    if (eventProcessor === undefined) {
      logger.error(eventsOffError(notRecorded).message);
      return;
    }
    const { identifier = null, traits } = contextToIdentity(context, logger);
    if (name !== FLAG_EXPOSURE_EVENT) {
      const { value = null, ...metadata } = details;
      eventProcessor.trackEvent(name, { identifier, value, traits, metadata });
      return;
    }
    const { flagKey, variant, value, ...metadata } = details;
    const exposed = variant ?? value;
    if (
      typeof flagKey !== 'string' ||
      flagKey === '' ||
      exposed === undefined ||
      exposed === null
    ) {
      logger.error(`${notRecorded}: details need flagKey, and variant or value`);
      return;
    }
    eventProcessor.trackExposureEvent(flagKey, {
      identifier,
      value: exposedValue(exposed),
      traits,
      metadata,
    });
  } catch (error) {
    logger.error(`${notRecorded}:`, error);
  }
}
