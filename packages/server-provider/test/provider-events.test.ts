/**
 * DESIGN §5.3's provider events, as an application sees them: the SDK's API-level and
 * client-level handlers, and `client.providerStatus`, in each mode that loads flags.
 */
import { FlagsmithServerProvider } from '@flagsmith-openfeature/server-provider';
import type { EnvironmentDocument, TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import type { Client, EventDetails } from '@openfeature/server-sdk';
import { OpenFeature, ProviderStatus } from '@openfeature/server-sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ProviderEvents,
  recordingLogger,
  remoteProvider,
  requestsTo,
  resetOpenFeature,
  sleep,
} from './support/helpers';

type LoadingMode = 'local' | 'remote';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ environment: experimentEnvironment });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
  server.setEnvironment(experimentEnvironment);
  // setProvider() reports a failed start to the SDK logger; keep it out of the test output.
  OpenFeature.setLogger(recordingLogger());
});

afterEach(async () => {
  await resetOpenFeature();
});

/** The flags API path each loading mode fetches (and refreshes). */
const LOAD_PATH: Readonly<Record<LoadingMode, string>> = {
  local: 'environment-document/',
  remote: 'flags/',
};

function provider(mode: LoadingMode, options: { environmentRefreshIntervalMs?: number } = {}) {
  return remoteProvider(server, {
    ...(mode === 'local' ? { environmentKey: server.serverKey, enableLocalEvaluation: true } : {}),
    ...options,
  });
}

/** Every provider event a client's handlers receive, in order, with the status at that moment. */
function recordEvents(client: Client) {
  const received: {
    event: ProviderEvents;
    status: ProviderStatus;
    details: EventDetails | undefined;
  }[] = [];
  for (const event of [
    ProviderEvents.Ready,
    ProviderEvents.Error,
    ProviderEvents.Stale,
    ProviderEvents.ConfigurationChanged,
  ]) {
    client.addHandler(event, (details) => {
      received.push({ event, status: client.providerStatus, details });
    });
  }
  return {
    received,
    events: () => received.map((entry) => entry.event),
    /** Resolves once `count` events have arrived. */
    async count(count: number, timeoutMs = 3_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline)
          throw new Error(
            `only ${received.length} of ${count} events: ${received.map((e) => e.event)}`,
          );
        await sleep(5);
      }
    },
  };
}

/** Resolves once `predicate` holds, polling. */
async function until(predicate: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

describe('READY after the first load', () => {
  it.each<LoadingMode | 'offline'>(['offline', 'local', 'remote'])(
    'emits READY to API and client handlers once the flags are loaded (%s mode)',
    async (mode) => {
      if (mode !== 'offline') server.injectFault({ path: LOAD_PATH[mode], delayMs: 50 });
      const flagsmith =
        mode === 'offline'
          ? new FlagsmithServerProvider({
              environment: experimentEnvironment,
              logger: recordingLogger(),
            })
          : provider(mode);
      OpenFeature.setProvider(flagsmith);
      const client = OpenFeature.getClient();
      expect(client.providerStatus).toBe(ProviderStatus.NOT_READY);

      const recorder = recordEvents(client);
      const apiReady = new Promise<EventDetails | undefined>((resolve) => {
        OpenFeature.addHandler(ProviderEvents.Ready, resolve);
      });
      expect((await apiReady)?.providerName).toBe('Flagsmith');
      await recorder.count(1);
      expect(recorder.received).toEqual([
        expect.objectContaining({ event: ProviderEvents.Ready, status: ProviderStatus.READY }),
      ]);
      expect(OpenFeature.getProviderMetadata().name).toBe('Flagsmith');
      expect((await client.getStringDetails('banner_text', 'x')).value).toBe(
        'Spring sale: 15% off everything',
      );
    },
  );
});

describe.each<LoadingMode>(['local', 'remote'])('%s mode', (mode) => {
  it('emits ERROR with the failure when the first load fails, then READY once a retry succeeds', async () => {
    server.injectFault({ path: LOAD_PATH[mode], status: 500 });
    OpenFeature.setProvider(provider(mode, { environmentRefreshIntervalMs: 40 }));
    const client = OpenFeature.getClient();
    const recorder = recordEvents(client);
    await recorder.count(1);
    expect(recorder.received[0]).toMatchObject({
      event: ProviderEvents.Error,
      status: ProviderStatus.ERROR,
      details: { message: expect.stringContaining('500') },
    });
    // Meanwhile: the caller's default, marked default-served.
    expect(await client.getStringDetails('banner_text', 'fallback')).toMatchObject({
      value: 'fallback',
      errorCode: 'GENERAL',
      flagMetadata: { defaultServed: true },
    });
    await recorder.count(2);
    expect(recorder.events()).toEqual([ProviderEvents.Error, ProviderEvents.Ready]);
    expect(recorder.received[1]?.status).toBe(ProviderStatus.READY);
    expect((await client.getStringDetails('banner_text', 'fallback')).value).toBe(
      'Spring sale: 15% off everything',
    );
  });

  it('emits ERROR and goes FATAL when Flagsmith refuses the key at start, then stays silent', async () => {
    server.injectFault({ path: LOAD_PATH[mode], status: 401 });
    OpenFeature.setProvider(provider(mode, { environmentRefreshIntervalMs: 20 }));
    const client = OpenFeature.getClient();
    const recorder = recordEvents(client);
    await recorder.count(1);
    expect(recorder.received[0]).toMatchObject({
      event: ProviderEvents.Error,
      status: ProviderStatus.FATAL,
      details: { message: expect.stringContaining('401') },
    });
    await sleep(80);
    expect(recorder.events()).toEqual([ProviderEvents.Error]);
    expect(client.providerStatus).toBe(ProviderStatus.FATAL);
    expect(requestsTo(server, LOAD_PATH[mode])).toHaveLength(1);
  });

  it('emits STALE once however many refreshes fail, READY when they succeed again, then CONFIGURATION_CHANGED', async () => {
    await OpenFeature.setProviderAndWait(provider(mode, { environmentRefreshIntervalMs: 15 }));
    const client = OpenFeature.getClient();
    const recorder = recordEvents(client);
    expect(recorder.events()).toEqual([ProviderEvents.Ready]); // the SDK replays the current status
    recorder.received.length = 0;

    server.injectFault({ path: LOAD_PATH[mode], status: 503, times: Number.POSITIVE_INFINITY });
    await until(
      () => requestsTo(server, LOAD_PATH[mode]).filter((request) => request.faulted).length >= 4,
    );
    expect(recorder.events()).toEqual([ProviderEvents.Stale]);
    expect(client.providerStatus).toBe(ProviderStatus.STALE);
    expect(recorder.received[0]?.details?.message).toContain('503');

    server.clearFaults();
    await recorder.count(2);
    expect(recorder.received[1]).toMatchObject({
      event: ProviderEvents.Ready,
      status: ProviderStatus.READY,
    });

    const document = structuredClone(experimentEnvironment) as EnvironmentDocument;
    const banner = document.feature_states.find((state) => state.feature.name === 'banner_text');
    if (banner === undefined) throw new Error('the fixture has no banner_text');
    banner.feature_state_value = 'Summer sale';
    server.setEnvironment(document);
    await recorder.count(3);
    expect(recorder.received[2]).toMatchObject({
      event: ProviderEvents.ConfigurationChanged,
      status: ProviderStatus.READY,
      details: { flagsChanged: ['banner_text'] },
    });
    await sleep(50);
    expect(recorder.events()).toEqual([
      ProviderEvents.Stale,
      ProviderEvents.Ready,
      ProviderEvents.ConfigurationChanged,
    ]);
  });
});
