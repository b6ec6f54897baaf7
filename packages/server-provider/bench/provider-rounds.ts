// What the provider benchmarks share: the workload over the benchmark environment, evaluations
// through the OpenFeature SDK and through a provider's resolve methods alone, interleaved timed
// rounds, value comparison between providers, and the Flagsmith SDK clients the alternative
// provider runs on. Used by ./local-evaluation.ts and by the repository's `bench/`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type {
  Client,
  FlagValue,
  JsonValue,
  Logger,
  Provider,
  ResolutionDetails,
} from '@openfeature/server-sdk';
import { InMemoryProvider, OpenFeature } from '@openfeature/server-sdk';
import type { FlagsmithCache } from 'flagsmith-nodejs';
import { Flagsmith as Flagsmith8 } from 'flagsmith-nodejs';
import type { BenchContext, BenchEnvironment, BenchFlag } from './bench-environment';

/** A logger that discards everything, for every SDK and provider in the benchmarks. */
export const quiet: Logger = { error() {}, warn() {}, info() {}, debug() {} };

/** One evaluation of the workload: a flag, as its type, for an identity. */
export interface Evaluation {
  readonly context: BenchContext;
  readonly flag: BenchFlag;
}

/**
 * Round `round`'s evaluations: every identity, each with `flagsPerIdentity` flags; the choice
 * rotates with the round, covering every flag of the benchmark environment in 5 rounds.
 */
export function workload(
  { flags, contexts }: BenchEnvironment,
  round: number,
  flagsPerIdentity: number,
): Evaluation[] {
  const evaluations: Evaluation[] = [];
  contexts.forEach((context, i) => {
    for (let k = 0; k < flagsPerIdentity; k++) {
      const flag = flags[(i + (round % 5) * flagsPerIdentity + k) % flags.length] as BenchFlag;
      evaluations.push({ context, flag });
    }
  });
  return evaluations;
}

/** Evaluates through the OpenFeature client, as an application does. */
export function evaluateViaSdk(client: Client, { flag, context }: Evaluation): Promise<FlagValue> {
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

/** Calls the provider's resolve method directly, as the SDK would. */
export function resolveDirectly(
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
export function inMemoryConfiguration(
  flags: readonly BenchFlag[],
): ConstructorParameters<typeof InMemoryProvider>[0] {
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

/** A provider under measurement, with its timed rounds and the values of the latest round. */
export interface Contender {
  readonly name: string;
  readonly provider: Provider;
  readonly client: Client;
  readonly values: FlagValue[];
  readonly sdkMs: number[];
  readonly directMs: number[];
}

/**
 * Registers `provider` under its own OpenFeature domain (so rounds interleave without switching
 * providers), waits until it is ready, and returns it as a contender.
 */
export async function contender(name: string, provider: Provider): Promise<Contender> {
  await OpenFeature.setProviderAndWait(name, provider);
  return {
    name,
    provider,
    client: OpenFeature.getClient(name),
    values: [],
    sdkMs: [],
    directMs: [],
  };
}

/** One round through the SDK, in milliseconds; the values are kept for comparison. */
export async function sdkRound(
  contender: Contender,
  evaluations: readonly Evaluation[],
): Promise<number> {
  const { client, values } = contender;
  const started = performance.now();
  for (let n = 0; n < evaluations.length; n++) {
    values[n] = await evaluateViaSdk(client, evaluations[n] as Evaluation);
  }
  return performance.now() - started;
}

/** The same round calling the provider's resolve methods directly, in milliseconds. */
export async function directRound(
  contender: Contender,
  evaluations: readonly Evaluation[],
): Promise<number> {
  const { provider } = contender;
  const started = performance.now();
  for (let n = 0; n < evaluations.length; n++) {
    try {
      await resolveDirectly(provider, evaluations[n] as Evaluation);
    } catch {
      // The Flagsmith provider throws for a disabled flag; the SDK serves the default.
    }
  }
  return performance.now() - started;
}

/** Options of {@link runInterleavedRounds}. */
export interface InterleavedRoundsOptions {
  /** Leading rounds that run but are not recorded. */
  readonly warmUpRounds: number;
  /** Also time each round through the providers' resolve methods alone. */
  readonly direct: boolean;
  /** Called after every contender ran a round, outside the timed loops. */
  readonly afterRound?: (evaluations: readonly Evaluation[], round: number) => void;
}

/**
 * Runs every round for every contender in turn (round 1 for each, then round 2 for each, …), so
 * that a machine getting busier or quieter affects them all alike. Records each measured round's
 * milliseconds in the contenders.
 */
export async function runInterleavedRounds(
  contenders: readonly Contender[],
  rounds: readonly (readonly Evaluation[])[],
  { warmUpRounds, direct, afterRound }: InterleavedRoundsOptions,
): Promise<void> {
  for (const [r, evaluations] of rounds.entries()) {
    for (const contender of contenders) {
      const sdkMs = await sdkRound(contender, evaluations);
      const directMs = direct ? await directRound(contender, evaluations) : Number.NaN;
      if (r < warmUpRounds) continue;
      contender.sdkMs.push(sdkMs);
      if (direct) contender.directMs.push(directMs);
    }
    afterRound?.(evaluations, r);
  }
}

/** Where one provider's values differ from another's, with a few examples. */
export interface Mismatches {
  count: number;
  compared: number;
  readonly examples: string[];
}

/** Counts where `theirs` served another value than `ours` in the latest round. */
export function compareValues(
  ours: Contender,
  theirs: Contender,
  evaluations: readonly Evaluation[],
  into: Mismatches,
): void {
  evaluations.forEach(({ context, flag }, n) => {
    const mine = JSON.stringify(ours.values[n]);
    const other = JSON.stringify(theirs.values[n]);
    into.compared++;
    if (mine === other) return;
    into.count++;
    if (into.examples.length < 5) {
      into.examples.push(`${context.targetingKey} ${flag.key}: ours ${mine}, theirs ${other}`);
    }
  });
}

/** The median of some numbers (NaN for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Evaluations per second of the median round. */
export const perSecond = (ms: readonly number[], evaluations: number): number =>
  evaluations / (median(ms) / 1_000);

/** Microseconds per evaluation in the median round. */
export const microseconds = (ms: readonly number[], evaluations: number): number =>
  (median(ms) * 1_000) / evaluations;

// @openfeature/flagsmith-provider declares flagsmith-nodejs ^6, which npm installs under it (the
// workspace's own flagsmith-nodejs is 8). The provider only calls the client it is given.
const requireHere = createRequire(import.meta.url);
const requireFromProvider = createRequire(requireHere.resolve('@openfeature/flagsmith-provider'));

/** The Flagsmith Node SDK class; both majors are used through version 8's types. */
export type FlagsmithClass = typeof Flagsmith8;

/** A Flagsmith Node SDK to run `@openfeature/flagsmith-provider` on. */
export interface FlagsmithNodejs {
  readonly Flagsmith: FlagsmithClass;
  readonly version: string;
}

/** A package's version, from its entry point (`build/<format>/index.js`). */
const versionOf = (entry: string): string =>
  (
    JSON.parse(readFileSync(join(dirname(entry), '../../package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

/** flagsmith-nodejs as `@openfeature/flagsmith-provider` installs it (6.x). */
export const flagsmithNodejs6: FlagsmithNodejs = {
  Flagsmith: (requireFromProvider('flagsmith-nodejs') as { Flagsmith: FlagsmithClass }).Flagsmith,
  version: versionOf(requireFromProvider.resolve('flagsmith-nodejs')),
};

/** The workspace's own flagsmith-nodejs (8.x). */
export const flagsmithNodejs8: FlagsmithNodejs = {
  Flagsmith: Flagsmith8,
  version: versionOf(requireHere.resolve('flagsmith-nodejs')),
};

/** The version of `@openfeature/flagsmith-provider`. */
export const flagsmithProviderVersion = (
  JSON.parse(
    readFileSync(requireHere.resolve('@openfeature/flagsmith-provider/package.json'), 'utf8'),
  ) as { version: string }
).version;

/** Where a Flagsmith Node SDK client is pointed, and how it evaluates. */
export interface FlagsmithClientSettings {
  readonly environmentKey: string;
  readonly apiUrl: string;
  /** `true`: the environment document, evaluated in process; `false`: one request per lookup. */
  readonly enableLocalEvaluation: boolean;
  /** The SDK's optional flags cache (its remote mode has none by default). */
  readonly cache?: FlagsmithCache;
}

/** A Flagsmith Node SDK client that never refreshes during a run and logs nothing. */
export function flagsmithClient(
  { Flagsmith }: FlagsmithNodejs,
  { environmentKey, apiUrl, enableLocalEvaluation, cache }: FlagsmithClientSettings,
): InstanceType<FlagsmithClass> {
  return new Flagsmith({
    environmentKey,
    apiUrl,
    enableLocalEvaluation,
    environmentRefreshIntervalSeconds: 3_600,
    logger: quiet as unknown as NonNullable<ConstructorParameters<FlagsmithClass>[0]['logger']>,
    ...(cache === undefined ? {} : { cache }),
  });
}

/**
 * The simplest cache the Flagsmith Node SDK accepts: a Map that keeps everything, never expiring.
 * The SDK keys identities by identifier alone (`flags-<identifier>`), so traits sent later do not
 * reach Flagsmith while an entry is cached.
 */
export function mapFlagsmithCache(): FlagsmithCache {
  const entries = new Map<string, Awaited<ReturnType<FlagsmithCache['get']>>>();
  return {
    get: async (key) => entries.get(key),
    set: async (key, value) => {
      entries.set(key, value);
    },
  };
}

/** A new InMemoryProvider serving the environment values of `flags`. */
export const inMemoryProvider = (flags: readonly BenchFlag[]): InMemoryProvider =>
  new InMemoryProvider(inMemoryConfiguration(flags));
