import type { TestServer } from '@flagsmith-openfeature/testing';
import { startTestServer } from '@flagsmith-openfeature/testing';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { EventProcessorOptions, EventProcessorStats } from '../../src/index';
import { EventProcessor } from '../../src/index';
import { RecordingLogger } from './recording-logger';

/**
 * Options that make delivery tests fast: explicit flushes only, millisecond backoff, short
 * request timeouts.
 */
export const FAST = Object.freeze({
  flushIntervalMs: 3_600_000,
  retryBaseDelayMs: 2,
  retryMaxDelayMs: 20,
  requestTimeoutMs: 1_000,
});

/** The sum of every drop cause. */
export function droppedTotal(stats: EventProcessorStats): number {
  return Object.values(stats.dropped).reduce((sum, count) => sum + count, 0);
}

/** Asserts the accounting balance: tracked = sent + dropped + buffered + in flight. */
export function expectBalanced(stats: EventProcessorStats): void {
  expect(stats.tracked).toBe(stats.sent + droppedTotal(stats) + stats.buffered + stats.inFlight);
}

/**
 * A test server per test, and processors that are closed after
 * each test, with a logger each. Fails the file if any promise rejection goes unhandled.
 */
export function useServer(): {
  readonly server: TestServer;
  processor(options?: Partial<EventProcessorOptions>): {
    events: EventProcessor;
    logger: RecordingLogger;
  };
} {
  let server: TestServer | undefined;
  const open: EventProcessor[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  // A fresh server per test: a request a closing processor aborted can never land in the next
  // test's log.
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((events) => events.close(0)));
    await server?.close();
    server = undefined;
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
    // nothing the processor does may surface as an unhandled rejection in the host application
    expect(unhandled).toEqual([]);
  });
  return {
    get server(): TestServer {
      if (server === undefined) throw new Error('the test server is not started yet');
      return server;
    },
    processor(options = {}) {
      if (server === undefined) throw new Error('the test server is not started yet');
      const logger = new RecordingLogger();
      const events = new EventProcessor({
        environmentKey: server.clientKey,
        eventsApiUrl: server.eventsApiUrl,
        logger,
        ...FAST,
        ...options,
      });
      open.push(events);
      return { events, logger };
    },
  };
}
