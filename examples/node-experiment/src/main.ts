/**
 * A checkout experiment, end to end: Flagsmith assigns each user a `checkout_button` variant,
 * OpenFeature serves it, a globally registered ExposureHook records the exposure, and
 * `client.track('purchase', …)` records the outcome. Both reach Flagsmith's events API in
 * batches, and the per-variant results are printed at the end.
 *
 * With no settings it runs against the embedded local Flagsmith (the test server, with a
 * fixture experiment). With FLAGSMITH_ENVIRONMENT_KEY set (and optionally FLAGSMITH_API_URL and
 * FLAGSMITH_EVENTS_API_URL) it runs against a real Flagsmith instead.
 */
import { ExposureHook, FlagsmithServerProvider } from '@flagsmith-openfeature/server-provider';
import type { ExperimentResults, TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import { OpenFeature } from '@openfeature/server-sdk';
import { printDeliveryStats, printResults } from './report';
import { simulateShop } from './simulation';

const FEATURE = 'checkout_button';
const USERS = Number(process.env.DEMO_USERS ?? 4_000);

async function main(): Promise<void> {
  const started = performance.now();
  const environmentKey = process.env.FLAGSMITH_ENVIRONMENT_KEY;
  let server: TestServer | undefined;
  let target: { environmentKey: string; apiUrl?: string; eventsApiUrl?: string };
  if (environmentKey === undefined || environmentKey === '') {
    server = await startTestServer({ environment: experimentEnvironment });
    target = {
      environmentKey: server.serverKey,
      apiUrl: server.apiUrl,
      eventsApiUrl: server.eventsApiUrl,
    };
    console.log(
      `Embedded local Flagsmith at ${server.url} (set FLAGSMITH_ENVIRONMENT_KEY to use a real one)`,
    );
  } else {
    target = { environmentKey };
    if (process.env.FLAGSMITH_API_URL) target.apiUrl = process.env.FLAGSMITH_API_URL;
    if (process.env.FLAGSMITH_EVENTS_API_URL)
      target.eventsApiUrl = process.env.FLAGSMITH_EVENTS_API_URL;
    console.log(`Flagsmith at ${target.apiUrl ?? 'the default Edge API'}`);
  }

  // A server-side key evaluates locally from the environment document: no request per user.
  const local = target.environmentKey.startsWith('ser.');
  const provider = new FlagsmithServerProvider({
    environmentKey: target.environmentKey,
    ...(target.apiUrl === undefined ? {} : { apiUrl: target.apiUrl }),
    enableLocalEvaluation: local,
    enableEvents: true,
    eventProcessorConfig: {
      ...(target.eventsApiUrl === undefined ? {} : { eventsApiUrl: target.eventsApiUrl }),
      flushIntervalMs: 1_000,
    },
  });
  await OpenFeature.setProviderAndWait(provider);
  OpenFeature.addHooks(new ExposureHook({ eventProcessor: provider.eventProcessor }));
  console.log(`Simulating ${USERS} shoppers (${local ? 'local' : 'remote'} evaluation)…`);

  const client = OpenFeature.getClient('shop');
  const simulated = await simulateShop(client, { users: USERS, feature: FEATURE });
  const processor = provider.eventProcessor;

  // Closing OpenFeature closes the provider, which flushes every buffered event.
  await OpenFeature.close();
  const stats = processor.stats();

  if (server !== undefined) {
    const results: ExperimentResults = server.experimentResults({
      featureName: FEATURE,
      controlVariant: 'control',
      metrics: [
        { event: 'purchase', aggregation: 'occurrence' },
        { event: 'purchase', aggregation: 'sum' },
      ],
    });
    printResults(results, simulated);
    await server.close();
  } else {
    console.log('\nEvents delivered to Flagsmith: see the experiment in your Flagsmith dashboard.');
  }
  printDeliveryStats(stats);
  console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
