// Local evaluation through the real OpenFeature server SDK, in one process: FlagsmithServerProvider
// in local mode against OpenFeature's Flagsmith provider (`@openfeature/flagsmith-provider`) over
// flagsmith-nodejs in local evaluation mode, and against OpenFeature's InMemoryProvider, the
// SDK's own floor. Every provider evaluates the same 50 flags for the same 1,000 identities from
// the same environment document (./bench-environment.ts), in interleaved rounds; values are
// compared while measuring. Prints figures; asserts nothing.
//
//   npm run bench                                  (at the root, or in packages/server-provider)
//   BENCH_ROUNDS=3 npm run bench                   (fewer rounds)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
} from '@openfeature/server-sdk';
import { InMemoryProvider, OpenFeature } from '@openfeature/server-sdk';
import { Flagsmith as Flagsmith8 } from 'flagsmith-nodejs';
import { FlagsmithServerProvider } from '../src/index';
import type { BenchContext, BenchFlag } from './bench-environment';
import { benchEnvironment } from './bench-environment';

const WARM_UP_ROUNDS = 2;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);

const quiet: Logger = { error() {}, warn() {}, info() {}, debug() {} };

// @openfeature/flagsmith-provider declares flagsmith-nodejs ^6, which npm installs under it; the
// workspace's own flagsmith-nodejs is 8. The provider only calls the client it is given, so it
// runs over either: both are measured.
const requireFromProvider = createRequire(
  createRequire(import.meta.url).resolve('@openfeature/flagsmith-provider'),
);
const flagsmith6Entry = requireFromProvider.resolve('flagsmith-nodejs');
const { Flagsmith: Flagsmith6 } = requireFromProvider('flagsmith-nodejs') as {
  Flagsmith: typeof Flagsmith8;
};
const versionAt = (entry: string, up: string): string =>
  (JSON.parse(readFileSync(join(dirname(entry), up, 'package.json'), 'utf8')) as { version: string })
    .version;
const flagsmith6Version = versionAt(flagsmith6Entry, '../..');
const flagsmith8Version = versionAt(
  createRequire(import.meta.url).resolve('flagsmith-nodejs'),
  '../..',
);

const { document, flags, contexts } = benchEnvironment();
const EVALUATIONS = flags.length * contexts.length;

function evaluate(client: Client, flag: BenchFlag, context: BenchContext): Promise<FlagValue> {
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

/** One round: every flag for every identity, identity by identity. Returns milliseconds. */
async function round(client: Client, values: FlagValue[]): Promise<number> {
  const started = performance.now();
  let n = 0;
  for (const context of contexts) {
    for (const flag of flags) values[n++] = await evaluate(client, flag, context);
  }
  return performance.now() - started;
}

/** The environment's own values, as an InMemoryProvider configuration: the SDK's floor. */
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
  readonly client: Client;
  readonly values: FlagValue[];
  readonly timesMs: number[];
}

const server = await startTestServer({ environment: document });
OpenFeature.setLogger(quiet);

const ours = new FlagsmithServerProvider({
  environmentKey: server.serverKey,
  apiUrl: server.apiUrl,
  enableLocalEvaluation: true,
  environmentRefreshIntervalMs: 3_600_000,
  logger: quiet,
});
const flagsmithClient = (Flagsmith: typeof Flagsmith8) =>
  new Flagsmith({
    environmentKey: server.serverKey,
    apiUrl: server.apiUrl,
    enableLocalEvaluation: true,
    environmentRefreshIntervalSeconds: 3_600,
    logger: quiet as unknown as NonNullable<ConstructorParameters<typeof Flagsmith8>[0]['logger']>,
  });
const flagsmith6 = flagsmithClient(Flagsmith6);
const flagsmith8 = flagsmithClient(Flagsmith8);
const providers: [string, Provider][] = [
  ['FlagsmithServerProvider (local)', ours],
  [
    `flagsmith-provider, flagsmith-nodejs ${flagsmith6Version}`,
    new FlagsmithOpenFeatureProvider(flagsmith6 as never),
  ],
  [
    `flagsmith-provider, flagsmith-nodejs ${flagsmith8Version}`,
    new FlagsmithOpenFeatureProvider(flagsmith8 as never),
  ],
  ['InMemoryProvider', new InMemoryProvider(inMemoryConfiguration())],
];
const contenders: Contender[] = [];
for (const [name, provider] of providers) {
  await OpenFeature.setProviderAndWait(name, provider);
  contenders.push({
    name,
    client: OpenFeature.getClient(name),
    values: new Array<FlagValue>(EVALUATIONS),
    timesMs: [],
  });
}
const [ourContender, ...others] = contenders as [Contender, ...Contender[]];
const flagsmithContenders = others.filter((contender) => contender.name.startsWith('flagsmith'));

/** Where our values differ from another provider's: (identity, flag) pairs, first few kept. */
const mismatches = new Map<string, { count: number; examples: string[] }>();
function compare(other: Contender): void {
  let entry = mismatches.get(other.name);
  if (entry === undefined) {
    entry = { count: 0, examples: [] };
    mismatches.set(other.name, entry);
  }
  let n = 0;
  for (const context of contexts) {
    for (const flag of flags) {
      const mine = JSON.stringify(ourContender.values[n]);
      const theirs = JSON.stringify(other.values[n]);
      n++;
      if (mine === theirs) continue;
      entry.count++;
      if (entry.examples.length < 5) {
        entry.examples.push(`${context.targetingKey} ${flag.key}: ours ${mine}, theirs ${theirs}`);
      }
    }
  }
}

console.log(
  `${flags.length} flags × ${contexts.length} identities = ${EVALUATIONS.toLocaleString('en-US')} evaluations per round; ` +
    `${document.project.segments.length} segments, ${document.identity_overrides?.length ?? 0} identity overrides; ` +
    `${WARM_UP_ROUNDS} warm-up and ${ROUNDS} measured rounds, interleaved.`,
);
for (let r = 0; r < WARM_UP_ROUNDS + ROUNDS; r++) {
  for (const contender of contenders) {
    const ms = await round(contender.client, contender.values);
    if (r >= WARM_UP_ROUNDS) contender.timesMs.push(ms);
  }
  // Values are compared every round, outside the timed loops.
  for (const other of flagsmithContenders) compare(other);
}

// What the workload exercises, by our provider's reasons (one extra pass, not timed).
const reasons = new Map<string, number>();
for (const context of contexts) {
  for (const flag of flags) {
    const details: EvaluationDetails<FlagValue> = await (flag.type === 'boolean'
      ? ourContender.client.getBooleanDetails(flag.key, false, context)
      : ourContender.client.getStringDetails(flag.key, '', context));
    const reason = details.errorCode === undefined ? (details.reason ?? '?') : `ERROR ${details.errorCode}`;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
}

await OpenFeature.close();
await flagsmith6.close();
await flagsmith8.close();
await server.close();

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const rate = (contender: Contender) => EVALUATIONS / (median(contender.timesMs) / 1_000);
const best = (contender: Contender) => EVALUATIONS / (Math.min(...contender.timesMs) / 1_000);
const format = (value: number) => Math.round(value).toLocaleString('en-US').padStart(11);

console.log('\nEvaluations per second through the OpenFeature SDK (median round; best round)\n');
for (const contender of contenders) {
  console.log(
    `${contender.name.padEnd(42)} ${format(rate(contender))}   ${format(best(contender))}`,
  );
}
const inMemory = contenders.find((contender) => contender.name === 'InMemoryProvider');
console.log('');
for (const other of others) {
  const ratio = rate(ourContender) / rate(other);
  console.log(
    `FlagsmithServerProvider / ${other.name.padEnd(42)} ${ratio.toFixed(ratio < 10 ? 2 : 1)}×`,
  );
}
if (inMemory !== undefined) {
  console.log(
    `\nTargets: ≥ 10× the Flagsmith provider, ≥ 0.5× InMemoryProvider (${(rate(ourContender) / rate(inMemory)).toFixed(2)}×).`,
  );
}
console.log('\nValues compared with ours, every (identity, flag) of every round:');
for (const [name, { count, examples }] of mismatches) {
  console.log(`  ${name}: ${count} mismatches`);
  for (const example of examples) console.log(`    ${example}`);
}
console.log('\nOur reasons over one pass (a flag read as a string, on/off flags as booleans):');
for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${reason.padEnd(20)} ${count.toLocaleString('en-US')}`);
}
