// Local evaluation through the real OpenFeature server SDK, in one process: FlagsmithServerProvider
// in local mode against OpenFeature's Flagsmith provider (`@openfeature/flagsmith-provider`) over
// flagsmith-nodejs in local evaluation mode, and against OpenFeature's InMemoryProvider, the
// SDK's own floor. The same environment document (./bench-environment.ts: 50 flags, 20 segments,
// identity overrides) is served to both Flagsmith providers by the test server, and the same
// 1,000 identities are evaluated, in interleaved rounds after a warm-up. Our values are compared
// with the Flagsmith provider's for every evaluation while measuring. Prints; asserts nothing.
// The repository's `npm run bench` (bench/ at the root) runs this comparison among others.
//
//   npm run bench                       (in packages/server-provider)
//   BENCH_ROUNDS=4 npm run bench        (fewer measured rounds; default 10)
//   BENCH_FLAGSMITH_NODEJS_8=1 npm run bench
//                                       (also the Flagsmith provider over flagsmith-nodejs 8,
//                                        which takes about 2 ms per evaluation here: slow)
import { availableParallelism, loadavg } from 'node:os';
import { startTestServer } from '@flagsmith-openfeature/testing';
import { FlagsmithOpenFeatureProvider } from '@openfeature/flagsmith-provider';
import type { EvaluationDetails, FlagValue, Provider } from '@openfeature/server-sdk';
import { OpenFeature } from '@openfeature/server-sdk';
import { FlagsmithServerProvider } from '../src/index';
import { benchEnvironment } from './bench-environment';
import type { Contender, FlagsmithNodejs, Mismatches } from './provider-rounds';
import {
  compareValues,
  contender,
  flagsmithClient,
  flagsmithNodejs6,
  flagsmithNodejs8,
  inMemoryProvider,
  microseconds,
  perSecond,
  quiet,
  runInterleavedRounds,
  workload,
} from './provider-rounds';

const WARM_UP_ROUNDS = 2;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
/** Flags each identity evaluates per round; the choice rotates, covering every flag in 5 rounds. */
const FLAGS_PER_IDENTITY = 10;

const environment = benchEnvironment();
const { document, flags, contexts } = environment;
const rounds = Array.from({ length: WARM_UP_ROUNDS + ROUNDS }, (_, r) =>
  workload(environment, r, FLAGS_PER_IDENTITY),
);
const EVALUATIONS = contexts.length * FLAGS_PER_IDENTITY;

const startLoad = loadavg()[0] ?? 0;
const server = await startTestServer({ environment: document });
OpenFeature.setLogger(quiet);

const local = (nodejs: FlagsmithNodejs) =>
  flagsmithClient(nodejs, {
    environmentKey: server.serverKey,
    apiUrl: server.apiUrl,
    enableLocalEvaluation: true,
  });
const flagsmithClients = [local(flagsmithNodejs6)];
const providers: [string, Provider][] = [
  [
    'FlagsmithServerProvider (local)',
    new FlagsmithServerProvider({
      environmentKey: server.serverKey,
      apiUrl: server.apiUrl,
      enableLocalEvaluation: true,
      environmentRefreshIntervalMs: 3_600_000,
      logger: quiet,
    }),
  ],
  [
    `flagsmith-provider / nodejs ${flagsmithNodejs6.version}`,
    new FlagsmithOpenFeatureProvider(flagsmithClients[0] as never),
  ],
  ['InMemoryProvider', inMemoryProvider(flags)],
];
if (process.env.BENCH_FLAGSMITH_NODEJS_8 === '1') {
  const client = local(flagsmithNodejs8);
  flagsmithClients.push(client);
  providers.push([
    `flagsmith-provider / nodejs ${flagsmithNodejs8.version}`,
    new FlagsmithOpenFeatureProvider(client as never),
  ]);
}
const contenders: Contender[] = [];
for (const [name, provider] of providers) contenders.push(await contender(name, provider));
const [ours, ...others] = contenders as [Contender, ...Contender[]];
const flagsmithProviders = others.filter((other) => other.name.startsWith('flagsmith'));
const mismatches = new Map<string, Mismatches>(
  flagsmithProviders.map((other) => [other.name, { count: 0, compared: 0, examples: [] }]),
);

console.log(
  `${flags.length} flags, ${document.project.segments.length} segments, ` +
    `${document.identity_overrides?.length ?? 0} identity overrides; ${contexts.length} identities × ` +
    `${FLAGS_PER_IDENTITY} flags = ${EVALUATIONS.toLocaleString('en-US')} evaluations per round; ` +
    `${WARM_UP_ROUNDS} warm-up and ${ROUNDS} measured rounds, interleaved. ` +
    `Node ${process.versions.node}, ${availableParallelism()} CPUs, load ${startLoad.toFixed(1)}.`,
);
await runInterleavedRounds(contenders, rounds, {
  warmUpRounds: WARM_UP_ROUNDS,
  direct: true,
  // Every evaluation of the round, ours against theirs.
  afterRound: (evaluations) => {
    for (const other of flagsmithProviders) {
      compareValues(ours, other, evaluations, mismatches.get(other.name) as Mismatches);
    }
  },
});

// What the workload exercises, by our provider's reasons (one pass over every pair, untimed).
const reasons = new Map<string, number>();
for (const context of contexts) {
  for (const flag of flags) {
    const details: EvaluationDetails<FlagValue> = await (flag.type === 'boolean'
      ? ours.client.getBooleanDetails(flag.key, false, context)
      : ours.client.getStringDetails(flag.key, '', context));
    const reason = details.errorCode === undefined ? (details.reason ?? '?') : details.errorCode;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
}

await OpenFeature.close();
for (const client of flagsmithClients) await client.close();
await server.close();

const rate = (ms: readonly number[]) => perSecond(ms, EVALUATIONS);
const each = (ms: readonly number[]) => microseconds(ms, EVALUATIONS);
const count = (value: number, width = 10) =>
  Math.round(value).toLocaleString('en-US').padStart(width);
const ratio = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)}×`;

console.log(
  '\nEvaluations per second (median round)  through the SDK   µs each   provider alone   µs each',
);
for (const { name, sdkMs, directMs } of contenders) {
  console.log(
    `  ${name.padEnd(36)} ${count(rate(sdkMs), 14)} ${each(sdkMs).toFixed(2).padStart(9)} ` +
      `${count(rate(directMs), 16)} ${each(directMs).toFixed(2).padStart(9)}`,
  );
}
console.log('\nFlagsmithServerProvider against            through the SDK   provider alone');
for (const other of others) {
  console.log(
    `  ${other.name.padEnd(40)} ${ratio(rate(ours.sdkMs) / rate(other.sdkMs)).padStart(9)} ` +
      `${ratio(rate(ours.directMs) / rate(other.directMs)).padStart(16)}`,
  );
}
const inMemory = contenders.find((candidate) => candidate.name === 'InMemoryProvider');
if (inMemory !== undefined) {
  const sdkCost = each(inMemory.sdkMs) - each(inMemory.directMs);
  console.log(
    `\nThe SDK's own cost per evaluation (InMemoryProvider through the SDK, minus alone): ${sdkCost.toFixed(2)} µs.`,
  );
}
console.log('\nValues, ours against theirs, every evaluation of every round:');
for (const [name, { count: mismatched, compared, examples }] of mismatches) {
  console.log(
    `  ${name}: ${mismatched} mismatches in ${compared.toLocaleString('en-US')} evaluations`,
  );
  for (const example of examples) console.log(`    ${example}`);
}
console.log('\nOur reasons, every flag for every identity (non-boolean flags read as strings):');
for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${reason.padEnd(16)} ${n.toLocaleString('en-US')}`);
}
