import type { EventProcessorStats } from '@flagsmith-openfeature/events';
import type { ReceivedEvent, RecordedRequest, TestServer } from '@flagsmith-openfeature/testing';
import { expect } from 'vitest';
import type { TaggedEventProcessor } from './tagged-event-processor';
import { tagOf } from './tagged-event-processor';

/** Decides, from a received event, whether the server declines it softly (202 `rejected`). */
export type SoftRejection = (event: ReceivedEvent) => boolean;

/** One run's delivery, seen from both ends: the processor's counters and the server's log. */
export interface DeliveryReport {
  readonly stats: EventProcessorStats;
  /** `trackEvent` plus `trackExposureEvent` calls, counted at the processor's API. */
  readonly calls: number;
  /** Calls refused with an `InvalidEventError`. */
  readonly invalidCalls: number;
  /** Calls refused with an `EventProcessorClosedError`. */
  readonly closedCalls: number;
  /** Calls that threw anything else (a bug: the processor only throws those two). */
  readonly otherThrows: number;
  /** `POST /v1/events` requests the server received. */
  readonly requests: number;
  /** Requests whose connection the server dropped on purpose (nothing stored). */
  readonly droppedConnections: number;
  /** Requests the server served but whose answer the client never saw (it had timed out). */
  readonly lostResponses: number;
  /** Events stored from requests answered 202: what the client saw delivered. */
  readonly acknowledged: number;
  /** Events in batches answered 400, declined in a 202 body, or alone in a batch answered 413. */
  readonly rejectedOnWire: number;
  /**
   * Requests answered 413 whose body the server did not read (over its size limit): each may
   * have been a single event the processor then dropped as rejected.
   */
  readonly unreadTooLarge: number;
  /** Requests answered 400 that no injected fault explains: an invalid event reached the wire. */
  readonly schemaViolations: number;
  /** Events stored by the server, copies included. */
  readonly stored: number;
  /** Copies beyond the first of an event, every one explained by a lost response. */
  readonly duplicates: number;
  /** Events stored only through lost responses, which the processor therefore counted dropped. */
  readonly deliveredUnacknowledged: number;
  /** Events acknowledged more than once (each one a bug). */
  readonly acknowledgedTwice: number;
  /** Copies that no lost response explains (each one a bug). */
  readonly unexplainedCopies: number;
  /** Stored events the application never tracked, or tracked invalid or deduplicated. */
  readonly strangers: number;
  /** Events the server declined and yet acknowledged later (each one a bug). */
  readonly rejectedThenAcknowledged: number;
  /** Acknowledged events delivered out of tracking order. */
  readonly outOfOrder: number;
  /**
   * Calls whose event went into the buffer and was never acknowledged (when fates are
   * recorded): each must be counted as dropped after the call (overflow, rejected, unauthorized
   * or closed).
   */
  readonly acceptedNotAcknowledged: number | undefined;
  /** Drops counted after the call: overflow, rejected, and unauthorized or closed later on. */
  readonly droppedAfterAcceptance: number;
}

interface BodyWithEvents {
  events?: unknown;
}

function eventsOf(request: RecordedRequest): ReceivedEvent[] {
  const { events } = (request.body ?? {}) as BodyWithEvents;
  return Array.isArray(events) ? (events as ReceivedEvent[]) : [];
}

function count(map: Map<number, number>, id: number): void {
  map.set(id, (map.get(id) ?? 0) + 1);
}

/**
 * Reconciles what the processor counted with what the server logged and stored. Call it once
 * the run is over: nothing buffered or in flight, and every delayed request finished on the
 * server.
 */
export function reconcile(
  server: TestServer,
  processor: TaggedEventProcessor,
  softRejection: SoftRejection | undefined,
): DeliveryReport {
  const stats = processor.stats();
  const requests = server.requests.filter((request) => request.path === '/v1/events');
  const acknowledgedCopies = new Map<number, number>();
  const lostCopies = new Map<number, number>();
  const rejectedIds = new Set<number>();
  let acknowledged = 0;
  let rejectedOnWire = 0;
  let unreadTooLarge = 0;
  let schemaViolations = 0;
  let lostResponses = 0;
  let droppedConnections = 0;
  let outOfOrder = 0;
  let lastAcknowledged = 0;

  for (const request of requests) {
    const events = eventsOf(request);
    const ids = events.map((event) => tagOf(event) ?? -1);
    if (request.dropped) {
      droppedConnections++;
      continue;
    }
    switch (request.status) {
      case null:
        lostResponses++;
        for (const id of ids) count(lostCopies, id);
        break;
      case 202:
        events.forEach((event, index) => {
          const id = ids[index] as number;
          if (softRejection?.(event) === true) {
            rejectedOnWire++;
            rejectedIds.add(id);
            return;
          }
          acknowledged++;
          count(acknowledgedCopies, id);
          if (id <= lastAcknowledged) outOfOrder++;
          lastAcknowledged = id;
        });
        break;
      case 400:
        if (!request.faulted) schemaViolations++;
        rejectedOnWire += events.length;
        for (const id of ids) rejectedIds.add(id);
        break;
      case 413:
        if (request.body === null) unreadTooLarge++;
        else if (events.length === 1) {
          rejectedOnWire++;
          rejectedIds.add(ids[0] as number);
        }
        break;
      default:
        break;
    }
  }

  const { fates } = processor;
  const recordedFates = fates.size > 0 || processor.lastId === 0;
  const storedCopies = new Map<number, number>();
  const stored = server.events;
  let strangers = 0;
  for (const event of stored) {
    const id = tagOf(event);
    const tracked =
      id !== undefined &&
      id >= 1 &&
      id <= processor.lastId &&
      (!recordedFates || fates.get(id) === 'accepted');
    if (tracked) count(storedCopies, id);
    else strangers++;
  }
  let acceptedNotAcknowledged: number | undefined;
  let unauthorizedCalls = 0;
  if (recordedFates) {
    acceptedNotAcknowledged = 0;
    for (const [id, fate] of fates) {
      if (fate === 'unauthorized') unauthorizedCalls++;
      if (fate === 'accepted' && !acknowledgedCopies.has(id)) acceptedNotAcknowledged++;
    }
  }
  let duplicates = 0;
  let deliveredUnacknowledged = 0;
  let acknowledgedTwice = 0;
  let unexplainedCopies = 0;
  for (const [id, copies] of storedCopies) {
    const acked = acknowledgedCopies.get(id) ?? 0;
    if (acked > 1) acknowledgedTwice++;
    if (acked === 0) deliveredUnacknowledged++;
    duplicates += copies - 1;
    unexplainedCopies += Math.max(0, copies - acked - (lostCopies.get(id) ?? 0));
  }
  let rejectedThenAcknowledged = 0;
  for (const id of rejectedIds) if (acknowledgedCopies.has(id)) rejectedThenAcknowledged++;

  const { threw } = processor.calls;
  const invalidCalls = threw.InvalidEventError ?? 0;
  const closedCalls = threw.EventProcessorClosedError ?? 0;
  return {
    stats,
    calls: processor.calls.custom + processor.calls.exposures,
    invalidCalls,
    closedCalls,
    otherThrows: Object.values(threw).reduce((sum, n) => sum + n, 0) - invalidCalls - closedCalls,
    requests: requests.length,
    droppedConnections,
    lostResponses,
    acknowledged,
    rejectedOnWire,
    unreadTooLarge,
    schemaViolations,
    stored: stored.length,
    duplicates,
    deliveredUnacknowledged,
    acknowledgedTwice,
    unexplainedCopies,
    strangers,
    rejectedThenAcknowledged,
    outOfOrder,
    acceptedNotAcknowledged,
    droppedAfterAcceptance:
      stats.dropped.overflow +
      stats.dropped.rejected +
      stats.dropped.unauthorized -
      unauthorizedCalls +
      stats.dropped.closed -
      closedCalls,
  };
}

/** The sum of every drop cause. */
export function droppedTotal(stats: EventProcessorStats): number {
  const { overflow, invalid, rejected, unauthorized, closed } = stats.dropped;
  return overflow + invalid + rejected + unauthorized + closed;
}

/**
 * The exact accounting every run must satisfy: every call tracked or deduplicated; every event
 * tracked either acknowledged by the server or dropped under a cause that matches what the
 * server saw; no event acknowledged twice; every extra copy on the server explained by a request
 * whose answer was lost; nothing on the wire that the application did not track validly.
 */
export function expectExactAccounting(report: DeliveryReport): void {
  const { stats } = report;
  expect(report.otherThrows, 'calls that threw something else than the documented errors').toBe(0);
  expect(stats.buffered + stats.inFlight, 'events still pending at the end of the run').toBe(0);
  // Every call is tracked, or skipped as a duplicate exposure.
  expect(stats.tracked + stats.deduplicated).toBe(report.calls);
  // tracked = delivered + drops, by cause.
  expect(stats.tracked).toBe(stats.sent + droppedTotal(stats));
  expect(stats.sent, 'sent = events the server acknowledged').toBe(report.acknowledged);
  expect(stats.dropped.invalid, 'invalid = calls refused as invalid').toBe(report.invalidCalls);
  if (report.unreadTooLarge === 0) {
    expect(stats.dropped.rejected, 'rejected = events the server declined').toBe(
      report.rejectedOnWire,
    );
  } else {
    // Some 413 bodies went unread: a lone event among them was declined too.
    expect(stats.dropped.rejected).toBeGreaterThanOrEqual(report.rejectedOnWire);
    expect(stats.dropped.rejected).toBeLessThanOrEqual(
      report.rejectedOnWire + report.unreadTooLarge,
    );
  }
  expect(stats.dropped.closed).toBeGreaterThanOrEqual(report.closedCalls);
  expect(report.schemaViolations, 'requests the server refused as invalid').toBe(0);
  expect(report.strangers, 'stored events nobody tracked validly').toBe(0);
  expect(report.acknowledgedTwice, 'events acknowledged twice').toBe(0);
  expect(report.unexplainedCopies, 'copies no lost response explains').toBe(0);
  expect(report.rejectedThenAcknowledged, 'declined events delivered later').toBe(0);
  expect(report.outOfOrder, 'acknowledged events out of tracking order').toBe(0);
  if (report.acceptedNotAcknowledged !== undefined) {
    // Event by event: whatever went into the buffer and never came back acknowledged is
    // exactly what the processor counted dropped after the call. Nothing is lost silently.
    expect(report.acceptedNotAcknowledged, 'accepted events neither delivered nor counted').toBe(
      report.droppedAfterAcceptance,
    );
  }
  if (report.lostResponses === 0) {
    expect(report.duplicates, 'duplicates without a lost response').toBe(0);
    expect(report.deliveredUnacknowledged).toBe(0);
  }
  // What was stored but never acknowledged was counted dropped (the client never heard back).
  expect(report.deliveredUnacknowledged).toBeLessThanOrEqual(
    stats.dropped.overflow + stats.dropped.rejected + stats.dropped.closed,
  );
}
