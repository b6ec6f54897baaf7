/**
 * Outages of the flags API, seen by an application through OpenFeature: a provider that loaded
 * keeps serving its last-known flags (and recording exposures for them), emits STALE once, and
 * on recovery emits READY, then CONFIGURATION_CHANGED naming exactly the flags that changed. A
 * provider that never loaded serves the caller's defaults with errors, records no exposures and
 * never throws into the application.
 */
import { EventProcessor } from '@flagsmith-openfeature/events';
import { ExposureHook, FlagsmithServerProvider } from '@flagsmith-openfeature/server-provider';
import type { EnvironmentDocument, Fault, TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import type { Client, EvaluationContext, EventDetails } from '@openfeature/server-sdk';
import { ErrorCode, OpenFeature, ProviderEvents, ProviderStatus } from '@openfeature/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordingLogger } from './support/helpers';
import { recordingLogger, resetOpenFeature, sleep, waitUntil } from './support/helpers';

type Mode = 'local' | 'remote';

const FLAG_PATHS = ['flags/', 'identities/', 'environment-document/'] as const;
const REFRESH_MS = 40;

let server: TestServer;
let processor: EventProcessor;
let logger: RecordingLogger;

beforeEach(async () => {
  server = await startTestServer({ environment: experimentEnvironment });
  logger = recordingLogger();
  OpenFeature.setLogger(logger);
  processor = new EventProcessor({
    environmentKey: server.clientKey,
    eventsApiUrl: server.eventsApiUrl,
    flushIntervalMs: 50,
    exposureDedupe: false, // every exposure counts here
    logger,
  });
});

afterEach(async () => {
  await resetOpenFeature();
  await processor.close(500);
  await server.close();
});

function provider(mode: Mode): FlagsmithServerProvider {
  return new FlagsmithServerProvider({
    environmentKey: mode === 'local' ? server.serverKey : server.clientKey,
    apiUrl: server.apiUrl,
    enableLocalEvaluation: mode === 'local',
    environmentRefreshIntervalMs: REFRESH_MS,
    requestTimeoutMs: 200,
    retries: 0,
    eventProcessor: processor,
    logger,
  });
}

/** Every flags API path failing, each in its own way. */
function failEverything(): void {
  const faults: Fault[] = [
    { path: 'flags/', status: 503, times: 2 },
    { path: 'flags/', dropConnection: true, times: 2 },
    { path: 'flags/', delayMs: 400, times: Number.POSITIVE_INFINITY },
    { path: 'environment-document/', status: 502, times: 2 },
    { path: 'environment-document/', dropConnection: true, times: 2 },
    { path: 'environment-document/', status: 429, retryAfterSeconds: 1, times: 1 },
    { path: 'environment-document/', delayMs: 400, times: Number.POSITIVE_INFINITY },
    { path: 'identities/', status: 503, times: Number.POSITIVE_INFINITY },
  ];
  for (const fault of faults) server.injectFault(fault);
}

function failedFlagRequests(): number {
  return server.requests.filter(
    (request) =>
      FLAG_PATHS.some((path) => request.path === `/api/v1/${path}`) &&
      (request.faulted || request.status !== 200),
  ).length;
}

/** The provider events the application's handlers receive, in order. */
function recordProviderEvents(): { event: ProviderEvents; details?: EventDetails }[] {
  const received: { event: ProviderEvents; details?: EventDetails }[] = [];
  for (const event of [
    ProviderEvents.Ready,
    ProviderEvents.Stale,
    ProviderEvents.Error,
    ProviderEvents.ConfigurationChanged,
  ]) {
    OpenFeature.addHandler(event, (details) => {
      received.push(details === undefined ? { event } : { event, details });
    });
  }
  return received;
}

/** What the application reads: values and reasons of a few flags, for an identity or not. */
async function read(client: Client, context: EvaluationContext) {
  const [button, banner, cart, dark] = await Promise.all([
    client.getStringDetails('checkout_button', 'none', context),
    client.getStringDetails('banner_text', 'default banner', context),
    client.getNumberDetails('max_cart_items', -1, context),
    client.getBooleanDetails('dark_mode', false, context),
  ]);
  return [button, banner, cart, dark].map(({ flagKey, value, reason, errorCode, variant }) => ({
    flagKey,
    value,
    reason,
    errorCode,
    variant,
  }));
}

/** The experiment environment with three environment values changed. */
function changedEnvironment(): EnvironmentDocument {
  const document = structuredClone(experimentEnvironment) as EnvironmentDocument;
  for (const state of document.feature_states) {
    if (state.feature.name === 'banner_text') state.feature_state_value = 'Summer sale';
    if (state.feature.name === 'max_cart_items') state.feature_state_value = 40;
    if (state.feature.name === 'dark_mode') state.enabled = false;
  }
  return document;
}

describe('a flags API outage after the flags loaded', () => {
  it.each<Mode>(['local', 'remote'])(
    'serves last-known flags, emits STALE once, then READY and CONFIGURATION_CHANGED (%s)',
    async (mode) => {
      await OpenFeature.setProviderAndWait(provider(mode));
      OpenFeature.addHooks(new ExposureHook({ eventProcessor: processor }));
      const received = recordProviderEvents();
      received.length = 0; // the handler ran at once for the current status
      const client = OpenFeature.getClient();
      // Local evaluation serves identities from the document; remote serves the environment's
      // flags from memory (an identity's flags need the API, see the identity test below).
      const context: EvaluationContext =
        mode === 'local' ? { targetingKey: 'user_7', plan: 'free' } : {};
      const before = await read(client, context);
      expect(before.every((flag) => flag.errorCode === undefined)).toBe(true);

      // First outage: nothing changes on the server meanwhile.
      failEverything();
      await waitUntil(() => received.length > 0, 'STALE');
      expect(received.map((entry) => entry.event)).toEqual([ProviderEvents.Stale]);
      expect(client.providerStatus).toBe(ProviderStatus.STALE);
      const failuresAtStale = failedFlagRequests();
      const exposuresBefore = processor.stats().tracked;
      for (let round = 0; round < 8; round++) {
        expect(await read(client, context)).toEqual(before);
        await sleep(REFRESH_MS);
      }
      await waitUntil(() => failedFlagRequests() >= failuresAtStale + 3, 'more failed refreshes');
      expect(received.map((entry) => entry.event)).toEqual([ProviderEvents.Stale]); // once
      if (mode === 'local') {
        // Last-known values are still Flagsmith's assignments: exposures keep being recorded.
        expect(processor.stats().tracked - exposuresBefore).toBe(8 * before.length);
      }

      // Recovery with the same flags: READY, and nothing changed.
      server.clearFaults();
      await waitUntil(() => received.length >= 2, 'READY');
      await sleep(4 * REFRESH_MS);
      expect(received.map((entry) => entry.event)).toEqual([
        ProviderEvents.Stale,
        ProviderEvents.Ready,
      ]);
      expect(client.providerStatus).toBe(ProviderStatus.READY);

      // Second outage, during which three flags change on the server.
      received.length = 0;
      failEverything();
      await waitUntil(() => received.length > 0, 'STALE');
      server.setEnvironment(changedEnvironment());
      expect(await read(client, context)).toEqual(before);
      server.clearFaults();
      await waitUntil(() => received.length >= 3, 'READY and CONFIGURATION_CHANGED');
      await sleep(4 * REFRESH_MS);
      expect(received.map((entry) => entry.event)).toEqual([
        ProviderEvents.Stale,
        ProviderEvents.Ready,
        ProviderEvents.ConfigurationChanged,
      ]);
      const changedEvent = received[2]?.details as { flagsChanged?: string[] } | undefined;
      const changed = changedEvent?.flagsChanged ?? [];
      expect([...changed].sort()).toEqual(['banner_text', 'dark_mode', 'max_cart_items']);
      const after = await read(client, context);
      expect(after.find((flag) => flag.flagKey === 'banner_text')?.value).toBe('Summer sale');
      expect(after.find((flag) => flag.flagKey === 'max_cart_items')?.value).toBe(40);
      expect(after.find((flag) => flag.flagKey === 'dark_mode')?.value).toBe(false);
    },
  );

  it('keeps serving identities their last flags through the outage, never throwing (remote)', async () => {
    const flagsmith = new FlagsmithServerProvider({
      environmentKey: server.clientKey,
      apiUrl: server.apiUrl,
      environmentRefreshIntervalMs: REFRESH_MS,
      requestTimeoutMs: 200,
      retries: 0,
      identityCache: { ttlMs: 150 },
      eventProcessor: processor,
      logger,
    });
    await OpenFeature.setProviderAndWait(flagsmith);
    OpenFeature.addHooks(new ExposureHook({ eventProcessor: processor }));
    const client = OpenFeature.getClient();
    const context = { targetingKey: 'user_7', plan: 'free' };
    const before = await read(client, context);
    failEverything();
    expect(await read(client, context)).toEqual(before); // within the cache's time to live
    await sleep(200);
    // Past the time to live the refetch fails, and the last flags fetched are served instead.
    const requestsBefore = server.requests.length;
    expect(await read(client, context)).toEqual(before);
    expect(server.requests.length).toBeGreaterThan(requestsBefore);
    server.clearFaults();
    await sleep(50);
    expect(await read(client, context)).toEqual(before);
  });

  it('serves defaults with errors to an identity never fetched, never throwing (remote)', async () => {
    const flagsmith = new FlagsmithServerProvider({
      environmentKey: server.clientKey,
      apiUrl: server.apiUrl,
      environmentRefreshIntervalMs: REFRESH_MS,
      requestTimeoutMs: 200,
      retries: 0,
      eventProcessor: processor,
      logger,
    });
    await OpenFeature.setProviderAndWait(flagsmith);
    OpenFeature.addHooks(new ExposureHook({ eventProcessor: processor }));
    const client = OpenFeature.getClient();
    failEverything();
    const tracked = processor.stats().tracked;
    const during = await read(client, { targetingKey: 'user_never_seen', plan: 'free' });
    for (const flag of during) {
      expect(flag.reason).toBe('ERROR');
      expect(flag.errorCode).toBe(ErrorCode.GENERAL);
    }
    expect(during.map((flag) => flag.value)).toEqual(['none', 'default banner', -1, false]);
    expect(processor.stats().tracked).toBe(tracked); // defaults are not exposures
    server.clearFaults();
  });
});

describe('a provider that never loaded', () => {
  it.each<Mode>(['local', 'remote'])(
    'serves defaults with errors, records no exposure and never throws, then recovers (%s)',
    async (mode) => {
      failEverything();
      const received = recordProviderEvents();
      // An application that does not wait for the provider, and one that does and is refused.
      OpenFeature.setProvider(provider(mode));
      OpenFeature.addHooks(new ExposureHook({ eventProcessor: processor }));
      const client = OpenFeature.getClient();
      const context = { targetingKey: 'user_7', plan: 'premium' };
      const notReady = await read(client, context);
      expect(notReady.map((flag) => flag.errorCode)).toEqual(
        Array(4).fill(ErrorCode.PROVIDER_NOT_READY),
      );
      await waitUntil(() => client.providerStatus === ProviderStatus.ERROR, 'ERROR status');
      expect(received.map((entry) => entry.event)).toEqual([ProviderEvents.Error]);

      let thrown: unknown;
      for (let round = 0; round < 10; round++) {
        try {
          const values = await read(client, context);
          expect(values.map((flag) => flag.value)).toEqual(['none', 'default banner', -1, false]);
          for (const flag of values) {
            expect(flag.reason).toBe('ERROR');
            expect(flag.errorCode).toBe(ErrorCode.GENERAL);
          }
          client.track('purchase', context, { value: 5 });
          await client.getObjectValue('checkout_config', { fallback: true }, context);
        } catch (error) {
          thrown = error;
        }
        await sleep(REFRESH_MS / 2);
      }
      expect(thrown).toBeUndefined();
      // Only the purchases: no exposure was recorded for a default.
      expect(processor.stats().tracked).toBe(10);

      server.clearFaults();
      await waitUntil(() => client.providerStatus === ProviderStatus.READY, 'READY');
      expect(received.map((entry) => entry.event)).toEqual([
        ProviderEvents.Error,
        ProviderEvents.Ready,
      ]);
      const recovered = await read(client, context);
      expect(recovered.every((flag) => flag.errorCode === undefined)).toBe(true);
      expect(processor.stats().tracked).toBeGreaterThan(10); // exposures again
    },
  );

  it('serves defaults with PROVIDER_FATAL when the key is refused, and never throws', async () => {
    for (const path of FLAG_PATHS) {
      server.injectFault({ path, status: 403, times: Number.POSITIVE_INFINITY });
    }
    await expect(OpenFeature.setProviderAndWait(provider('remote'))).rejects.toThrow();
    OpenFeature.addHooks(new ExposureHook({ eventProcessor: processor }));
    const client = OpenFeature.getClient();
    expect(client.providerStatus).toBe(ProviderStatus.FATAL);
    const requestsAfterFatal = server.requests.length;
    const values = await read(client, { targetingKey: 'user_7' });
    expect(values.map((flag) => flag.errorCode)).toEqual(Array(4).fill(ErrorCode.PROVIDER_FATAL));
    expect(values.map((flag) => flag.value)).toEqual(['none', 'default banner', -1, false]);
    expect(() => client.track('purchase', { targetingKey: 'user_7' })).not.toThrow();
    await sleep(5 * REFRESH_MS);
    expect(server.requests.length).toBe(requestsAfterFatal); // no retry storm on a wrong key
    expect(processor.stats().tracked).toBe(0);
  });
});
