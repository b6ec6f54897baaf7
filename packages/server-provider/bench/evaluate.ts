// Evaluations per second of one identity flag, in process: FlagsmithServerProvider in local mode
// through the OpenFeature SDK, against OpenFeature's InMemoryProvider (the floor any provider
// pays for the SDK) and flagsmith-nodejs in local evaluation mode. Prints; asserts nothing.
//
//   npx tsx packages/server-provider/bench/evaluate.ts
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import { InMemoryProvider, OpenFeature } from '@openfeature/server-sdk';
import { Flagsmith } from 'flagsmith-nodejs';
import { FlagsmithServerProvider } from '../src/index';

const ROUND = 20_000;
const ROUNDS = 10;
const IDENTITIES = 1_000;

const format = (value: number): string => Math.round(value).toLocaleString('en-US');

/** The best of several rounds, in evaluations per second. */
async function measure(evaluate: (index: number) => Promise<unknown>): Promise<number> {
  let best = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    for (let index = 0; index < ROUND; index++) await evaluate(index);
    best = Math.max(best, (ROUND / (performance.now() - started)) * 1_000);
  }
  return best;
}

const contexts = Array.from({ length: IDENTITIES }, (_, index) => ({
  targetingKey: `user_${index}`,
  plan: index % 3 === 0 ? 'premium' : 'free',
  age: 20 + (index % 40),
}));
const context = (index: number) => contexts[index % IDENTITIES] ?? { targetingKey: 'user' };

const server = await startTestServer({ environment: experimentEnvironment });
const client = OpenFeature.getClient();

const logger = { error() {}, warn() {}, info() {}, debug() {} };

const inMemoryProvider = new InMemoryProvider({
  checkout_button: {
    variants: { blue: 'blue', green: 'green' },
    defaultVariant: 'blue',
    disabled: false,
    contextEvaluator: (ctx) => (String(ctx.targetingKey).endsWith('7') ? 'green' : 'blue'),
  },
});
await OpenFeature.setProviderAndWait(inMemoryProvider);
const inMemory = await measure((index) =>
  client.getStringDetails('checkout_button', '', context(index)),
);
const inMemoryDirect = await measure((index) =>
  inMemoryProvider.resolveStringEvaluation('checkout_button', '', context(index), logger),
);

const flagsmithProvider = new FlagsmithServerProvider({
  environmentKey: server.serverKey,
  apiUrl: server.apiUrl,
  enableLocalEvaluation: true,
});
await OpenFeature.setProviderAndWait(flagsmithProvider);
const provider = await measure((index) =>
  client.getStringDetails('checkout_button', '', context(index)),
);
const providerDirect = await measure((index) =>
  flagsmithProvider.resolveStringEvaluation('checkout_button', '', context(index), logger),
);
await OpenFeature.clearProviders();

const flagsmith = new Flagsmith({
  environmentKey: server.serverKey,
  apiUrl: server.apiUrl,
  enableLocalEvaluation: true,
  environmentRefreshIntervalSeconds: 3_600,
});
await flagsmith.getEnvironmentFlags();
const nodejs = await measure(async (index) => {
  const { targetingKey, ...traits } = context(index);
  const flags = await flagsmith.getIdentityFlags(targetingKey, traits);
  return flags.getFeatureValue('checkout_button');
});
await flagsmith.close();
await server.close();

console.log('\n## One identity evaluation of a multivariate flag, local evaluation\n');
console.log(`InMemoryProvider via the SDK          ${format(inMemory).padStart(10)} evaluations/s`);
console.log(`FlagsmithServerProvider via the SDK   ${format(provider).padStart(10)} evaluations/s`);
console.log(
  `InMemoryProvider, resolve only        ${format(inMemoryDirect).padStart(10)} evaluations/s`,
);
console.log(
  `FlagsmithServerProvider, resolve only ${format(providerDirect).padStart(10)} evaluations/s`,
);
console.log(`flagsmith-nodejs getIdentityFlags     ${format(nodejs).padStart(10)} evaluations/s`);
console.log(
  `\nVia the SDK: ${(provider / inMemory).toFixed(2)}× InMemoryProvider, ${(provider / nodejs).toFixed(1)}× flagsmith-nodejs`,
);
console.log(
  `Resolve only: ${(providerDirect / inMemoryDirect).toFixed(2)}× InMemoryProvider, ${(providerDirect / nodejs).toFixed(1)}× flagsmith-nodejs`,
);
