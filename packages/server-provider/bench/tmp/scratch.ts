import { InMemoryProvider, OpenFeature } from '@openfeature/server-sdk';
import { startTestServer } from '@flagsmith-openfeature/testing';
import { FlagsmithServerProvider } from '../../src/index';
import { benchEnvironment } from '../bench-environment';
const { document, flags, contexts } = benchEnvironment();
const quiet = { error() {}, warn() {}, info() {}, debug() {} };
OpenFeature.setLogger(quiet);
const cfg: any = {};
for (const f of flags) cfg[f.key] = { variants: { a: 'x' }, defaultVariant: 'a', disabled: false };
await OpenFeature.setProviderAndWait('mem', new InMemoryProvider(cfg));
const server = await startTestServer({ environment: document });
await OpenFeature.setProviderAndWait('ours', new FlagsmithServerProvider({ environmentKey: server.serverKey, apiUrl: server.apiUrl, enableLocalEvaluation: true, logger: quiet }));
for (const name of ['mem', 'ours', 'mem', 'ours', 'mem', 'ours']) {
  const client = OpenFeature.getClient(name);
  const t = performance.now();
  let n = 0;
  for (const c of contexts) for (const f of flags) { await client.getStringValue(f.key, 'd', c); n++; }
  console.log(name, Math.round(n / ((performance.now() - t) / 1000)));
}
await OpenFeature.close(); await server.close();
