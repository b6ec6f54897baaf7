// The event processor's figures, through packages/events/bench: what a typical trackEvent call
// costs, how fast events reach the local test server, and the heap one buffered event holds.
import type { TestServer } from '@flagsmith-openfeature/testing';
import { measureDelivery } from '../packages/events/bench/delivery';
import { measureHeapPerBufferedEvent, typicalPurchase } from '../packages/events/bench/memory';
import { measureTracking, typicalTrackEvent } from '../packages/events/bench/track';
import { median } from '../packages/server-provider/bench/provider-rounds';

/** How much work {@link measureEvents} does. */
export interface EventsPlan {
  /** trackEvent: calls per round, and rounds (the median round is reported). */
  readonly trackCallsPerRound: number;
  readonly trackRounds: number;
  /** Delivery: events per run, and runs (the median run is reported). */
  readonly deliveryEvents: number;
  readonly deliveryRuns: number;
  /** Heap: events buffered per measurement, and measurements (median). */
  readonly heapEvents: number;
  readonly heapRuns: number;
}

/** What {@link measureEvents} measured. */
export interface EventsResults {
  readonly trackCallsPerSecond: number;
  readonly deliveryEventsPerSecond: number;
  /** Requests per delivery run, and events lost in any run (should be none). */
  readonly deliveryRequests: number;
  readonly deliveryLost: number;
  /** Undefined when the process runs without `--expose-gc`. */
  readonly heapBytesPerEvent: number | undefined;
}

const exposesGc = (): boolean => typeof (globalThis as { gc?: unknown }).gc === 'function';

/** Runs the event processor benchmarks; delivery goes to `server`. */
export async function measureEvents(
  server: TestServer,
  plan: EventsPlan,
  progress: (message: string) => void,
): Promise<EventsResults> {
  progress(`trackEvent: ${plan.trackRounds} rounds of ${plan.trackCallsPerRound} calls`);
  const tracking = await measureTracking(typicalTrackEvent, {
    perRound: plan.trackCallsPerRound,
    rounds: plan.trackRounds,
  });

  progress(`delivery: ${plan.deliveryRuns} runs of ${plan.deliveryEvents} events`);
  const rates: number[] = [];
  let requests = 0;
  let lost = 0;
  for (let run = 0; run < plan.deliveryRuns; run++) {
    const measure = await measureDelivery(server, { total: plan.deliveryEvents });
    rates.push(measure.eventsPerSecond);
    requests = measure.requests;
    lost += plan.deliveryEvents - measure.received;
  }

  let heapBytesPerEvent: number | undefined;
  if (exposesGc()) {
    progress(`heap: ${plan.heapRuns} × ${plan.heapEvents} buffered events`);
    const bytes: number[] = [];
    for (let run = 0; run < plan.heapRuns; run++) {
      bytes.push(
        (await measureHeapPerBufferedEvent(typicalPurchase, plan.heapEvents)).bytesPerEvent,
      );
    }
    heapBytesPerEvent = median(bytes);
  }

  return {
    trackCallsPerSecond: tracking.callsPerSecond,
    deliveryEventsPerSecond: median(rates),
    deliveryRequests: requests,
    deliveryLost: lost,
    heapBytesPerEvent,
  };
}
