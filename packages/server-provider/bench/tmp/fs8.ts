import { startTestServer } from '@flagsmith-openfeature/testing';
import { Flagsmith } from 'flagsmith-nodejs';
import { benchEnvironment } from '../bench-environment';
const { document, flags, contexts } = benchEnvironment();
const quiet: any = { error() {}, warn() {}, info() {}, debug() {} };
const server = await startTestServer({ environment: document });
const fs = new Flagsmith({ environmentKey: server.serverKey, apiUrl: server.apiUrl, enableLocalEvaluation: true, environmentRefreshIntervalSeconds: 3600, logger: quiet });
await fs.getEnvironmentFlags();
for (let r = 0; r < 3; r++) {
  const t = performance.now(); let n = 0;
  for (const c of contexts.slice(0, 200)) { await fs.getIdentityFlags(c.targetingKey, c.traits as any); n++; }
  console.log('getIdentityFlags/s', Math.round(n / ((performance.now() - t) / 1000)));
}
await fs.close(); await server.close();
