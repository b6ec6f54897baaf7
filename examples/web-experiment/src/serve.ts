/**
 * `npm run dev`: starts the local Flagsmith (the test server, with the fixture checkout
 * experiment) and the page's Vite dev server, and prints what the server receives, so each
 * exposure and purchase can be watched arriving as the page is used and left.
 */
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import { createServer } from 'vite';
import { webExperimentConfig } from './vite-config';

const flagsmith = await startTestServer({
  environment: experimentEnvironment,
  port: Number(process.env.FLAGSMITH_PORT ?? 0),
});
const vite = await createServer({
  ...webExperimentConfig({
    environmentKey: flagsmith.clientKey,
    apiUrl: flagsmith.apiUrl,
    eventsApiUrl: flagsmith.eventsApiUrl,
  }),
  server: { host: '127.0.0.1', port: Number(process.env.PORT ?? 5173) },
});
await vite.listen();

console.log(`Local Flagsmith: ${flagsmith.url} (client key ${flagsmith.clientKey})`);
console.log(`Shop page:       ${vite.resolvedUrls?.local[0] ?? '(no URL)'}`);
console.log('Events appear below as the page sends them (switch tabs or leave the page to flush).');

let shown = 0;
const timer = setInterval(() => {
  const events = flagsmith.events;
  for (const event of events.slice(shown)) {
    const what = event.feature_name === null ? '' : ` ${event.feature_name}=${event.value}`;
    const value =
      event.feature_name === null && event.value !== null ? ` value=${event.value}` : '';
    console.log(`  ← ${event.event}${what}${value} (${event.identifier ?? 'anonymous'})`);
  }
  shown = events.length;
}, 250);

const stop = async () => {
  clearInterval(timer);
  await vite.close();
  await flagsmith.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
