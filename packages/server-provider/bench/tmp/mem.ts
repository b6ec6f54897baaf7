import { InMemoryProvider, OpenFeature } from '@openfeature/server-sdk';
import { benchEnvironment } from '../bench-environment';
const { flags, contexts } = benchEnvironment();
OpenFeature.setLogger({ error() {}, warn() {}, info() {}, debug() {} });
const cfg: any = {};
for (const f of flags) cfg[f.key] = { variants: { a: 'x' }, defaultVariant: 'a', disabled: false };
await OpenFeature.setProviderAndWait(new InMemoryProvider(cfg));
const client = OpenFeature.getClient();
for (let r = 0; r < 6; r++) {
  const t = performance.now();
  let n = 0;
  for (const c of contexts) for (const f of flags) { await client.getStringValue(f.key, 'd', c); n++; }
  console.log(Math.round(n / ((performance.now() - t) / 1000)));
}
