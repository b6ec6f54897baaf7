import type { EventProcessor } from '@flagsmith-openfeature/events';
import { FLAG_EXPOSURE_EVENT } from '@flagsmith-openfeature/events';
import { contextToIdentity, eventsOffError } from '@flagsmith-openfeature/provider-common';
import type { EvaluationContext, Logger, TrackingEventDetails } from '@openfeature/core';

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
  try {
    if (eventProcessor === undefined) {
      logger.error(eventsOffError(`Flagsmith: track("${name}") was not recorded`).message);
      return;
    }
    const { identifier, traits } = contextToIdentity(context, (message) => logger.debug(message));
    if (name === FLAG_EXPOSURE_EVENT) {
      const { flagKey, variant, value, ...metadata } = details;
      if (typeof flagKey !== 'string' || flagKey === '') {
        logger.error(`Flagsmith: track("${FLAG_EXPOSURE_EVENT}") needs details.flagKey`);
        return;
      }
      const exposed = variant ?? value;
      if (exposed === undefined || exposed === null) {
        logger.error(
          `Flagsmith: track("${FLAG_EXPOSURE_EVENT}") needs details.variant or details.value`,
        );
        return;
      }
      eventProcessor.trackExposureEvent(flagKey, {
        identifier: identifier ?? null,
        value: typeof exposed === 'object' ? JSON.stringify(exposed) : String(exposed),
        traits,
        metadata,
      });
      return;
    }
    const { value, ...metadata } = details;
    eventProcessor.trackEvent(name, {
      identifier: identifier ?? null,
      value: value ?? null,
      traits,
      metadata,
    });
  } catch (error) {
    logger.error(`Flagsmith: track("${name}") was not recorded:`, error);
  }
}
