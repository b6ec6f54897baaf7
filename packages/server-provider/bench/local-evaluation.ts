// Local evaluation through the real OpenFeature server SDK, in one process: FlagsmithServerProvider
// in local mode against OpenFeature's Flagsmith provider (`@openfeature/flagsmith-provider`) over
// flagsmith-nodejs in local evaluation mode, and against OpenFeature's InMemoryProvider, the
// SDK's own floor. The same environment document (./bench-environment.ts: 50 flags, 20 segments,
// identity overrides) is served to both Flagsmith providers by the test server, and the same
// 1,000 identities are evaluated, in interleaved rounds after a warm-up. Our values are compared
// with the Flagsmith provider's for every evaluation while measuring. Prints; asserts nothing.
//
//   npm run bench                       (at the root, or in packages/server-provider)
//   BENCH_ROUNDS=4 npm run bench        (fewer measured rounds; default 10)
//   BENCH_FLAGSMITH_NODEJS_8=1 npm run bench
//                                       (also the Flagsmith provider over flagsmith-nodejs 8,
//                                        which takes about 2 ms per evaluation here: slow)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { startTestServer } from '@flagsmith-openfeature/testing';
import { FlagsmithOpenFeatureProvider } from '@openfeature/flagsmith-provider';
import type {
  Client,
  EvaluationDetails,
  FlagValue,
  JsonValue,
  Logger,
  Provider,
  ResolutionDetails,
} from '@openfeature/server-sdk';
import { InMemoryProvider, OpenFeature } from '@openfeature/server-sdk';
import { Flagsmith as Flagsmith8 } from 'flagsmith-nodejs';
import { FlagsmithServerProvider } from '../src/index';
import type { BenchContext, BenchFlag } from './bench-environment';
import { benchEnvironment } from './bench-environment';

const WARM_UP_ROUNDS = 2;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
/** Flags each identity evaluates per round; the choice rotates, covering every flag in 5 rounds. */
const FLAGS_PER_IDENTITY = 10;

const quiet: Logger = { error() {}, warn() {}, info() {}, debug() {} };

// @openfeature/flagsmith-provider declares flagsmith-nodejs ^6, which npm installs under it (the
// workspace's own flagsmith-nodejs is 8). The provider only calls the client it is given.
const requireHere = createRequire(import.meta.url);
const requireFromProvider = createRequire(requireHere.resolve('@openfeature/flagsmith-provider'));
const { Flagsmith: Flagsmith6 } = requireFromProvider('flagsmith-nodejs') as {
  Flagsmith: typeof Flagsmith8;
};
/** A package's version, from its entry point (`build/<format>/index.js`). */
const versionOf = (entry: string): string =>
  (
    JSON.parse(readFileSync(join(dirname(entry), '../../package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
const flagsmith6Version = versionOf(requireFromProvider.resolve('flagsmith-nodejs'));
const flagsmith8Version = versionOf(requireHere.resolve('flagsmith-nodejs'));

const { document, flags, contexts } = benchEnvironment();

interface Evaluation {
  readonly context: BenchContext;
  readonly flag: BenchFlag;
}

/** Round `r`'s evaluations: every identity, with a rotating choice of flags. */
function workload(r: number): Evaluation[] {
  const evaluations: Evaluation[] = [];
  contexts.forEach((context, i) => {
    for (let k = 0; k < FLAGS_PER_IDENTITY; k++) {
      const flag = flags[(i + (r % 5) * FLAGS_PER_IDENTITY + k) % flags.length] as BenchFlag;
      evaluations.push({ context, flag });
    }
  });
  return evaluations;
}
const workloads = Array.from({ length: WARM_UP_ROUNDS + ROUNDS }, (_, r) => workload(r));
const EVALUATIONS = contexts.length * FLAGS_PER_IDENTITY;

function viaSdk(client: Client, { flag, context }: Evaluation): Promise<FlagValue> {
  switch (flag.type) {
    case 'boolean':
      return client.getBooleanValue(flag.key, false, context);
    case 'string':
      return client.getStringValue(flag.key, 'caller-default', context);
    case 'number':
      return client.getNumberValue(flag.key, -1, context);
    case 'object':
      return client.getObjectValue(flag.key, { callerDefault: true }, context);
  }
}

function direct(
  provider: Provider,
  { flag, context }: Evaluation,
): Promise<ResolutionDetails<FlagValue>> {
  switch (flag.type) {
    case 'boolean':
      return provider.resolveBooleanEvaluation(flag.key, false, context, quiet);
    case 'string':
      return provider.resolveStringEvaluation(flag.key, 'caller-default', context, quiet);
    case 'number':
      return provider.resolveNumberEvaluation(flag.key, -1, context, quiet);
    case 'object':
      return provider.resolveObjectEvaluation(flag.key, { callerDefault: true }, context, quiet);
  }
}

/** The environment's own values as an InMemoryProvider configuration: the SDK's floor. */
function inMemoryConfiguration(): ConstructorParameters<typeof InMemoryProvider>[0] {
  const configuration: ConstructorParameters<typeof InMemoryProvider>[0] = {};
  for (const flag of flags) {
    if (flag.type === 'boolean') {
      configuration[flag.key] = {
        variants: { on: true, off: false },
        defaultVariant: flag.enabled ? 'on' : 'off',
        disabled: false,
      };
      continue;
    }
    const value: JsonValue =
      flag.type === 'object' ? (JSON.parse(String(flag.value)) as JsonValue) : (flag.value ?? '');
    configuration[flag.key] = {
      variants: { environment: value },
      defaultVariant: 'environment',
      disabled: !flag.enabled,
    };
  }
  return configuration;
}

interface Contender {
  readonly name: string;
  readonly provider: Provider;
  readonly client: Client;
  readonly values: FlagValue[];
  readonly sdkMs: number[];
  readonly directMs: number[];
}

/** One round through the SDK; the values are kept for comparison. */
async function sdkRound(contender: Contender, evaluations: readonly Evaluation[]): Promise<number> {
  const { client, values } = contender;
  const started = performance.now();
  for (let n = 0; n < evaluations.length; n++) {
    values[n] = await viaSdk(client, evaluations[n] as Evaluation);
  }
  return performance.now() - started;
}

/** The same round, calling the provider's resolve methods directly, as the SDK would. */
async function directRound(
  contender: Contender,
  evaluations: readonly Evaluation[],
): Promise<number> {
  const { provider } = contender;
  const started = performance.now();
  for (let n = 0; n < evaluations.length; n++) {
    try {
      await direct(provider, evaluations[n] as Evaluation);
    } catch {
      // The Flagsmith provider throws for a disabled flag; the SDK serves the default.
    }
  }
  return performance.now() - started;
}

const startLoad = loadavg()[0] ?? 0;
const server = await startTestServer({ environment: document });
OpenFeature.setLogger(quiet);

const flagsmithClient = (Flagsmith: typeof Flagsmith8) =>
  new Flagsmith({
    environmentKey: server.serverKey,
    apiUrl: server.apiUrl,
    enableLocalEvaluation: true,
    environmentRefreshIntervalSeconds: 3_600,
    logger: quiet as unknown as NonNullable<ConstructorParameters<typeof Flagsmith8>[0]['logger']>,
  });
const flagsmithClients = [flagsmithClient(Flagsmith6)];
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
    `flagsmith-provider / nodejs ${flagsmith6Version}`,
    new FlagsmithOpenFeatureProvider(flagsmithClients[0] as never),
  ],
  ['InMemoryProvider', new InMemoryProvider(inMemoryConfiguration())],
];
if (process.env.BENCH_FLAGSMITH_NODEJS_8 === '1') {
  const client = flagsmithClient(Flagsmith8);
  flagsmithClients.push(client);
  providers.push([
    `flagsmith-provider / nodejs ${flagsmith8Version}`,
    new FlagsmithOpenFeatureProvider(client as never),
  ]);
}
const contenders: Contender[] = [];
for (const [name, provider] of providers) {
  // One domain per provider: the rounds interleave without switching providers.
  await OpenFeature.setProviderAndWait(name, provider);
  contenders.push({
    name,
    provider,
    client: OpenFeature.getClient(name),
    values: new Array<FlagValue>(EVALUATIONS).fill(null),
    sdkMs: [],
    directMs: [],
  });
}
const [ours, ...others] = contenders as [Contender, ...Contender[]];
const flagsmithProviders = others.filter((contender) => contender.name.startsWith('flagsmith'));

const mismatches = new Map<string, { count: number; compared: number; examples: string[] }>(
  flagsmithProviders.map((contender) => [contender.name, { count: 0, compared: 0, examples: [] }]),
);
/** Counts where our value differs from another provider's, keeping a few examples. */
function compare(other: Contender, evaluations: readonly Evaluation[]): void {
  const entry = mismatches.get(other.name);
  if (entry === undefined) return;
  evaluations.forEach(({ context, flag }, n) => {
    const mine = JSON.stringify(ours.values[n]);
    const theirs = JSON.stringify(other.values[n]);
    entry.compared++;
    if (mine === theirs) return;
    entry.count++;
    if (entry.examples.length < 5) {
      entry.examples.push(`${context.targetingKey} ${flag.key}: ours ${mine}, theirs ${theirs}`);
    }
  });
}

console.log(
  `${flags.length} flags, ${document.project.segments.length} segments, ` +
    `${document.identity_overrides?.length ?? 0} identity overrides; ${contexts.length} identities × ` +
    `${FLAGS_PER_IDENTITY} flags = ${EVALUATIONS.toLocaleString('en-US')} evaluations per round; ` +
    `${WARM_UP_ROUNDS} warm-up and ${ROUNDS} measured rounds, interleaved. ` +
    `Node ${process.versions.node}, ${availableParallelism()} CPUs, load ${startLoad.toFixed(1)}.`,
);
for (const [r, evaluations] of workloads.entries()) {
  for (const contender of contenders) {
    const sdkMs = await sdkRound(contender, evaluations);
    const directMs = await directRound(contender, evaluations);
    if (r < WARM_UP_ROUNDS) continue;
    contender.sdkMs.push(sdkMs);
    contender.directMs.push(directMs);
  }
  // Outside the timed loops: every evaluation of the round, ours against theirs.
  for (const other of flagsmithProviders) compare(other, evaluations);
}

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

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const perSecond = (ms: readonly number[]) => EVALUATIONS / (median(ms) / 1_000);
const microseconds = (ms: readonly number[]) => (median(ms) * 1_000) / EVALUATIONS;
const count = (value: number, width = 10) =>
  Math.round(value).toLocaleString('en-US').padStart(width);
const ratio = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)}×`;

console.log(
  '\nEvaluations per second (median round)  through the SDK   µs each   provider alone   µs each',
);
for (const contender of contenders) {
  console.log(
    `  ${contender.name.padEnd(36)} ${count(perSecond(contender.sdkMs), 14)} ${microseconds(contender.sdkMs).toFixed(2).padStart(9)} ` +
      `${count(perSecond(contender.directMs), 16)} ${microseconds(contender.directMs).toFixed(2).padStart(9)}`,
  );
}
console.log('\nFlagsmithServerProvider against            through the SDK   provider alone');
for (const other of others) {
  console.log(
    `  ${other.name.padEnd(40)} ${ratio(perSecond(ours.sdkMs) / perSecond(other.sdkMs)).padStart(9)} ` +
      `${ratio(perSecond(ours.directMs) / perSecond(other.directMs)).padStart(16)}`,
  );
}
const inMemory = contenders.find((contender) => contender.name === 'InMemoryProvider');
if (inMemory !== undefined) {
  const sdkCost = microseconds(inMemory.sdkMs) - microseconds(inMemory.directMs);
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
