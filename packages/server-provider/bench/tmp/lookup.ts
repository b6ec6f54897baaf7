import { DocumentFlagSource } from '../../src/internal/document-flag-source';
import { contextToIdentity } from '@flagsmith-openfeature/provider-common';
import { benchEnvironment } from '../bench-environment';
const { document, flags, contexts } = benchEnvironment();
const source = DocumentFlagSource.offline(document as never);
const identities = contexts.map((c) => contextToIdentity(c as never));
for (let r = 0; r < 30; r++) {
  const t = performance.now();
  let n = 0;
  for (const id of identities) for (const f of flags) { source.lookup(f.key, id); n++; }
  console.log('lookup', Math.round(n / ((performance.now() - t) / 1000)));
}
