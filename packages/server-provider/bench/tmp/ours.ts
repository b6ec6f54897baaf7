import { OpenFeature } from '@openfeature/server-sdk';
import { startTestServer } from '@flagsmith-openfeature/testing';
import { FlagsmithServerProvider } from '../../src/index';
import { benchEnvironment } from '../bench-environment';
const { document, flags, contexts } = benchEnvironment();
const quiet = { error() {}, warn() {}, info() {}, debug() {} };
OpenFeature.setLogger(quiet);
const server = await startTestServer({ environment: document });
const provider = new FlagsmithServerProvider({ environmentKey: server.serverKey, apiUrl: server.apiUrl, enableLocalEvaluation: true, logger: quiet });
await OpenFeature.setProviderAndWait(provider);
const client = OpenFeature.getClient();
const mode = process.argv[2] ?? 'sdk';
for (let r = 0; r < 8; r++) {
  const t = performance.now();
  let n = 0;
  if (mode === 'sdk') { for (const c of contexts) for (const f of flags) { await client.getStringValue(f.key, 'd', c); n++; } }
  else { for (const c of contexts) for (const f of flags) { await provider.resolveStringEvaluation(f.key, 'd', c, quiet); n++; } }
  console.log(mode, Math.round(n / ((performance.now() - t) / 1000)));
}
await OpenFeature.close(); await server.close();
