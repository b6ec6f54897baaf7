import type { FlagsmithServerProviderOptions } from '@flagsmith-openfeature/server-provider';
import { FlagsmithServerProvider } from '@flagsmith-openfeature/server-provider';
import type { TestServer } from '@flagsmith-openfeature/testing';
import { createRecordingLogger } from '@flagsmith-openfeature/testing';
import type { EventDetails } from '@openfeature/server-sdk';
import { OpenFeature, ProviderEvents } from '@openfeature/server-sdk';

export type { RecordingLogger } from '@flagsmith-openfeature/testing';

/** A logger that keeps every line, so tests can assert on what was reported. */
export const recordingLogger = createRecordingLogger;

/** A provider pointed at the test server, failing fast (no retries) unless told otherwise. */
export function remoteProvider(
  server: TestServer,
  options: Partial<FlagsmithServerProviderOptions> = {},
): FlagsmithServerProvider {
  return new FlagsmithServerProvider({
    environmentKey: server.clientKey,
    apiUrl: server.apiUrl,
    retries: 0,
    requestTimeoutMs: 2_000,
    logger: recordingLogger(),
    ...options,
  });
}

/** Requests the server received for a flags API path such as `identities/`. */
export function requestsTo(server: TestServer, path: string) {
  return server.requests.filter((request) => request.path === `/api/v1/${path}`);
}

/**
 * The next provider event of a type (that `accept` accepts), as the OpenFeature API reports it.
 * Register it before doing what should cause the event. The API also calls a new handler at once
 * when the provider's status already matches the event type; `accept` can tell those calls apart.
 */
export function nextProviderEvent(
  event: ProviderEvents,
  accept: (details: EventDetails<ProviderEvents>) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<EventDetails<ProviderEvents>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      OpenFeature.removeHandler(event, handler);
      reject(new Error(`no ${event} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (details?: EventDetails<ProviderEvents>) => {
      const received = details ?? ({} as EventDetails<ProviderEvents>);
      if (!accept(received)) return;
      clearTimeout(timer);
      OpenFeature.removeHandler(event, handler);
      resolve(received);
    };
    OpenFeature.addHandler(event, handler);
  });
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resets the OpenFeature API between tests: closes providers, drops hooks and handlers. */
export async function resetOpenFeature(): Promise<void> {
  await OpenFeature.clearProviders();
  OpenFeature.clearHooks();
  OpenFeature.clearHandlers();
}

export { ProviderEvents };
