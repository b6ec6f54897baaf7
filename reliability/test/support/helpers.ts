import type { EventProcessor } from '@flagsmith-openfeature/events';
import { createRecordingLogger } from '@flagsmith-openfeature/testing';
import { OpenFeature } from '@openfeature/server-sdk';

/** Resolves after `ms` milliseconds of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves once `predicate` holds, polling every few milliseconds; rejects after `timeoutMs`. */
export async function waitUntil(
  predicate: () => boolean,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await sleep(5);
  }
}

export type { RecordingLogger } from '@flagsmith-openfeature/testing';

/** A logger that keeps every line, so tests can assert on what was reported. */
export const recordingLogger = createRecordingLogger;

/**
 * Flushes until nothing is buffered or in flight. A flush resolves early when delivery gives up
 * for now (the server asked to wait longer than `retryMaxDelayMs`, or retries ran out), so it is
 * repeated until the deadline.
 */
export async function drain(processor: EventProcessor, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await processor.flush();
    const { buffered, inFlight } = processor.stats();
    if (buffered + inFlight === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `drain: ${buffered} buffered and ${inFlight} in flight after ${timeoutMs} ms`,
      );
    }
    await sleep(20);
  }
}

/** Resets the OpenFeature singleton: closes providers, removes hooks and handlers. */
export async function resetOpenFeature(): Promise<void> {
  await OpenFeature.clearProviders();
  OpenFeature.clearHooks();
  OpenFeature.clearHandlers();
}
