/**
 * Shutdown. An application that never calls `close()` still exits on its own, whatever the
 * events API is doing; and `close()` is bounded when the events API is down, counting what it
 * could not deliver as `dropped.closed`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EventProcessorStats } from '@flagsmith-openfeature/events';
import { DEFAULT_CLOSE_TIMEOUT_MS, EventProcessor } from '@flagsmith-openfeature/events';
import { ExposureHook, FlagsmithServerProvider } from '@flagsmith-openfeature/server-provider';
import type { Fault, TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import { OpenFeature } from '@openfeature/server-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { droppedTotal } from './support/accounting';
import { recordingLogger, resetOpenFeature, sleep } from './support/helpers';

const fixture = fileURLToPath(new URL('./fixtures/never-closes.ts', import.meta.url));
const rootTsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
const FOREVER = Number.POSITIVE_INFINITY;

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer({ environment: experimentEnvironment });
});

afterEach(async () => {
  await resetOpenFeature();
  await server.close();
});

interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** From the end of the application's work to the process's exit. */
  readonly lingeredMs: number;
  readonly stats: EventProcessorStats | undefined;
  readonly stderr: string;
}

/** Runs the fixture in a child Node process (TypeScript through tsx); resolves once it exits. */
function runChild(): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fixture, server.apiUrl, server.eventsApiUrl, server.clientKey],
      {
        // Resolve workspace packages to their TypeScript source, as the tests do.
        env: { ...process.env, TSX_TSCONFIG_PATH: rootTsconfig },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const exitedAt = Date.now();
      clearTimeout(killer);
      const line = stdout.trim().split('\n').at(-1) ?? '';
      let report: { doneAt: number; stats: EventProcessorStats } | undefined;
      try {
        report = JSON.parse(line);
      } catch {
        report = undefined;
      }
      resolve({
        code,
        signal,
        lingeredMs: report === undefined ? Number.NaN : exitedAt - report.doneAt,
        stats: report?.stats,
        stderr,
      });
    });
  });
}

describe('a process that never closes', () => {
  const cases: readonly { name: string; faults: readonly Fault[]; withinMs: number }[] = [
    { name: 'with both APIs healthy', faults: [], withinMs: 1_000 },
    {
      name: 'with the events API failing and flag refreshes failing',
      faults: [
        { path: 'v1/events', status: 503, times: FOREVER },
        { path: 'flags/', times: 1, delayMs: 1 }, // the first load succeeds
        { path: 'flags/', dropConnection: true, times: FOREVER },
      ],
      withinMs: 1_000,
    },
    {
      // A request on the wire holds the process until its time limit (1.5 s in the fixture).
      name: 'with the events API hanging',
      faults: [{ path: 'v1/events', delayMs: 60_000, times: FOREVER }],
      withinMs: 1_500 + 1_000,
    },
  ];

  it.each(cases)('exits on its own $name', async ({ name, faults, withinMs }) => {
    for (const fault of faults) server.injectFault(fault);
    const run = await runChild();
    console.log(`Child process ${name}: exited ${run.lingeredMs} ms after its work`);
    expect(run.stderr).toBe('');
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
    expect(run.stats?.tracked).toBeGreaterThan(20); // purchases and exposures
    expect(run.lingeredMs).toBeLessThan(withinMs);
    // It really had work pending, or on the wire, or delivered: and it did not wait for more.
    expect(server.requests.some((request) => request.path === '/v1/events')).toBe(true);
  });
});

describe('close() under an events API outage', () => {
  function trackMany(processor: EventProcessor, count: number): void {
    for (let index = 0; index < count; index++) {
      processor.trackEvent('purchase', { identifier: `user_${index}`, value: index });
    }
  }

  it.each<{ name: string; fault: Fault }>([
    { name: 'failing', fault: { path: 'v1/events', status: 503, times: FOREVER } },
    { name: 'hanging', fault: { path: 'v1/events', delayMs: 60_000, times: FOREVER } },
    { name: 'resetting', fault: { path: 'v1/events', dropConnection: true, times: FOREVER } },
  ])(
    'close(1000) resolves in about a second when the API is $name, counting the rest as closed',
    async ({ fault }) => {
      server.injectFault(fault);
      const processor = new EventProcessor({
        environmentKey: server.clientKey,
        eventsApiUrl: server.eventsApiUrl,
        maxBatchItems: 50,
        logger: recordingLogger(),
      });
      trackMany(processor, 300);
      await sleep(20); // a first batch may be on the wire
      const started = Date.now();
      await processor.close(1_000);
      const tookMs = Date.now() - started;
      expect(tookMs).toBeLessThan(1_000 + 500);
      const stats = processor.stats();
      expect(stats).toMatchObject({ tracked: 300, sent: 0, buffered: 0, inFlight: 0 });
      expect(stats.dropped.closed).toBe(300);
      expect(stats.tracked).toBe(stats.sent + droppedTotal(stats));
      // Later calls are refused and counted, never sent.
      expect(() => processor.trackEvent('late')).toThrow(/closed/);
      expect(processor.stats().dropped.closed).toBe(301);
    },
  );

  it('close(0) resolves at once, counting everything undelivered as closed', async () => {
    server.injectFault({ path: 'v1/events', delayMs: 60_000, times: FOREVER });
    const processor = new EventProcessor({
      environmentKey: server.clientKey,
      eventsApiUrl: server.eventsApiUrl,
    });
    trackMany(processor, 100);
    const started = Date.now();
    await processor.close(0);
    expect(Date.now() - started).toBeLessThan(250);
    expect(processor.stats()).toMatchObject({ tracked: 100, dropped: { closed: 100 } });
  });

  it('closing OpenFeature resolves within the default close bound, with the hook and track() in use', async () => {
    server.injectFault({ path: 'v1/events', status: 503, times: FOREVER });
    const provider = new FlagsmithServerProvider({
      environmentKey: server.clientKey,
      apiUrl: server.apiUrl,
      enableEvents: true,
      eventProcessorConfig: { eventsApiUrl: server.eventsApiUrl, flushIntervalMs: 50 },
      logger: recordingLogger(),
    });
    await OpenFeature.setProviderAndWait(provider);
    OpenFeature.addHooks(new ExposureHook({ eventProcessor: provider.eventProcessor }));
    const client = OpenFeature.getClient();
    for (let index = 0; index < 50; index++) {
      const context = { targetingKey: `user_${index}` };
      await client.getStringValue('checkout_button', 'none', context);
      client.track('purchase', context, { value: index });
    }
    const started = Date.now();
    await OpenFeature.close();
    const tookMs = Date.now() - started;
    expect(tookMs).toBeLessThan(DEFAULT_CLOSE_TIMEOUT_MS + 1_000);
    const stats = provider.eventProcessor.stats();
    expect(stats.tracked).toBe(100);
    expect(stats).toMatchObject({ sent: 0, buffered: 0, inFlight: 0 });
    expect(stats.dropped.closed).toBe(100);
  });
});
