import type { EnvironmentDocument, TestServer } from '@flagsmith-openfeature/testing';
import { createRecordingLogger, experimentEnvironment } from '@flagsmith-openfeature/testing';
import type {
  FlagsmithWebProviderOptions,
  FlagsStorage,
} from '@flagsmith-openfeature/web-provider';
import { FlagsmithWebProvider } from '@flagsmith-openfeature/web-provider';
import type { EventDetails } from '@openfeature/web-sdk';
import { OpenFeature, ProviderEvents } from '@openfeature/web-sdk';

export type { RecordingLogger } from '@flagsmith-openfeature/testing';

/** A logger that keeps every line, so tests can assert on what was reported. */
export const recordingLogger = createRecordingLogger;

/**
 * A provider pointed at the test server, failing fast (no retries) and with no page lifecycle
 * (Node has no page), unless told otherwise.
 */
export function webProvider(
  server: TestServer,
  options: Partial<FlagsmithWebProviderOptions> = {},
): FlagsmithWebProvider {
  return new FlagsmithWebProvider({
    environmentKey: server.clientKey,
    apiUrl: server.apiUrl,
    retries: 0,
    requestTimeoutMs: 2_000,
    logger: recordingLogger(),
    ...options,
  });
}

/** Event processor options that deliver to the test server and never flush on their own. */
export function eventsTo(server: TestServer) {
  return {
    enableEvents: true,
    eventProcessorConfig: { eventsApiUrl: server.eventsApiUrl, flushIntervalMs: 600_000 },
  } as const;
}

/** An in-memory `localStorage`, which also counts writes. */
export class MemoryStorage implements FlagsStorage {
  readonly items = new Map<string, string>();
  writes = 0;

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.writes++;
    this.items.set(key, value);
  }
}

/** A `document` stand-in whose `visibilityState` tests can change, firing `visibilitychange`. */
export class FakeDocument extends EventTarget {
  visibilityState: 'visible' | 'hidden' = 'visible';

  hide(): void {
    this.visibilityState = 'hidden';
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

/** The page a provider's page-hide flush listens to: a fake document and window. */
export function fakePage() {
  const document = new FakeDocument();
  const window = new EventTarget();
  return {
    targets: { document, window },
    document,
    /** Fires `pagehide`, as a browser does when the user navigates away. */
    leave: () => window.dispatchEvent(new Event('pagehide')),
  };
}

/** Requests the server received for a flags API path such as `identities/`. */
export function requestsTo(server: TestServer, path: string) {
  return server.requests.filter((request) => request.path === `/api/v1/${path}`);
}

/** The identifiers whose flags were asked of `identities/`, in order. */
export function identitiesAsked(server: TestServer): unknown[] {
  return requestsTo(server, 'identities/').map(
    (request) => (request.body as { identifier?: unknown } | null)?.identifier,
  );
}

/** The experiment environment with the environment value of `banner_text` changed. */
export function withBannerText(text: string): EnvironmentDocument {
  const document = structuredClone(experimentEnvironment) as EnvironmentDocument;
  const state = document.feature_states.find(
    (candidate) => candidate.feature.name === 'banner_text',
  );
  if (state === undefined) throw new Error('the fixture has no banner_text');
  state.feature_state_value = text;
  return document;
}

/**
 * The next provider event of a type (that `accept` accepts), as the OpenFeature API reports it.
 * Register it before doing what should cause the event.
 */
export function nextProviderEvent(
  event: ProviderEvents,
  accept: (details: EventDetails) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<EventDetails> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      OpenFeature.removeHandler(event, handler);
      reject(new Error(`no ${event} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (details?: EventDetails) => {
      const received = details ?? ({} as EventDetails);
      if (!accept(received)) return;
      clearTimeout(timer);
      OpenFeature.removeHandler(event, handler);
      resolve(received);
    };
    OpenFeature.addHandler(event, handler);
  });
}

/** Every provider event of the given types, in order, from now on. */
export function recordProviderEvents(...types: ProviderEvents[]): ProviderEvents[] {
  const seen: ProviderEvents[] = [];
  for (const type of types) OpenFeature.addHandler(type, () => seen.push(type));
  return seen;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `check` holds, polling every 10 ms; fails after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** Resets the OpenFeature API between tests: closes providers, drops hooks, handlers, context. */
export async function resetOpenFeature(): Promise<void> {
  await OpenFeature.clearProviders();
  await OpenFeature.clearContexts();
  OpenFeature.clearHooks();
  OpenFeature.clearHandlers();
}

export { ProviderEvents };
