// Flag evaluation through the real OpenFeature server SDK, every contender on the same work in
// interleaved rounds: our provider in local and in remote mode, OpenFeature's Flagsmith provider
// (`@openfeature/flagsmith-provider` over flagsmith-nodejs) in the same two modes, and
// OpenFeature's InMemoryProvider, the SDK's floor. One local test server serves the benchmark
// environment to all of them. Then remote mode without a cache (a request per evaluation), both
// providers again, and the exposure hook's overhead on our local-mode provider.
//
// What is compared in remote mode: both providers with a warm identity cache. Ours uses its own
// identity cache (keyed by identifier and traits; the TTL raised to an hour so that it stays warm
// for the whole run, where the default is 10 s). flagsmith-nodejs has no identity cache unless
// given one: it gets the simplest, a Map (keyed by identifier alone, never expiring). Both then
// serve every measured evaluation from memory; the identities were fetched in the warm-up.

import { FlagsmithServerProvider } from '@flagsmith-openfeature/server-provider';
import type { TestServer } from '@flagsmith-openfeature/testing';
import { FlagsmithOpenFeatureProvider } from '@openfeature/flagsmith-provider';
import { OpenFeature } from '@openfeature/server-sdk';
import type { BenchEnvironment } from '../packages/server-provider/bench/bench-environment';
import type {
  Contender,
  Evaluation,
  Mismatches,
} from '../packages/server-provider/bench/provider-rounds';
import {
  compareValues,
  contender,
  flagsmithClient,
  flagsmithNodejs6,
  inMemoryProvider,
  mapFlagsmithCache,
  quiet,
  runInterleavedRounds,
  workload,
} from '../packages/server-provider/bench/provider-rounds';
import type { ExposureHookOverhead } from './exposure-hook-overhead';
import { measureExposureHookOverhead } from './exposure-hook-overhead';

/** How much work {@link measureEvaluation} does. */
export interface EvaluationPlan {
  /** Rounds run but not recorded, first. */
  readonly warmUpRounds: number;
  /** Rounds recorded (the median is reported). */
  readonly rounds: number;
  /** Flags each identity evaluates per round (1,000 identities). */
  readonly flagsPerIdentity: number;
  /** Identities in each round without a cache (each evaluation is a request). */
  readonly uncachedIdentities: number;
  /** Rounds recorded without a cache. */
  readonly uncachedRounds: number;
  /** Rotations of (without, dedupe hit, first exposure, no-op hook) for the exposure hook. */
  readonly hookIterations: number;
}

/** Timed rounds of one mode: ours, and what it is compared with. */
export interface ModeRounds {
  readonly ours: Contender;
  readonly others: readonly Contender[];
  /** Evaluations per round. */
  readonly evaluations: number;
}

/** Everything {@link measureEvaluation} measured. */
export interface EvaluationResults {
  readonly local: ModeRounds;
  readonly remoteWarm: ModeRounds;
  readonly remoteUncached: ModeRounds;
  readonly hook: ExposureHookOverhead;
  /** Value comparisons between providers, every evaluation of every round. */
  readonly mismatches: readonly [label: string, Mismatches][];
}

const noMismatches = (): Mismatches => ({ count: 0, compared: 0, examples: [] });

/** Runs the evaluation benchmarks against `server`, which serves `environment`'s document. */
export async function measureEvaluation(
  server: TestServer,
  environment: BenchEnvironment,
  plan: EvaluationPlan,
  progress: (message: string) => void,
): Promise<EvaluationResults> {
  OpenFeature.setLogger(quiet);
  const flagsmithVersion = flagsmithNodejs6.version;
  const local = { environmentKey: server.serverKey, apiUrl: server.apiUrl };
  const remote = { environmentKey: server.clientKey, apiUrl: server.apiUrl };
  const hour = 3_600_000;

  const fsLocalClient = flagsmithClient(flagsmithNodejs6, {
    ...local,
    enableLocalEvaluation: true,
  });
  const fsRemoteClient = flagsmithClient(flagsmithNodejs6, {
    ...remote,
    enableLocalEvaluation: false,
    cache: mapFlagsmithCache(),
  });
  const fsUncachedClient = flagsmithClient(flagsmithNodejs6, {
    ...remote,
    enableLocalEvaluation: false,
  });

  const oursLocal = await contender(
    'FlagsmithServerProvider, local',
    new FlagsmithServerProvider({
      ...local,
      enableLocalEvaluation: true,
      environmentRefreshIntervalMs: hour,
      logger: quiet,
    }),
  );
  const theirsLocal = await contender(
    `flagsmith-provider / flagsmith-nodejs ${flagsmithVersion}, local`,
    new FlagsmithOpenFeatureProvider(fsLocalClient as never),
  );
  const oursRemote = await contender(
    'FlagsmithServerProvider, remote, identity cache',
    new FlagsmithServerProvider({
      ...remote,
      environmentRefreshIntervalMs: hour,
      identityCache: { ttlMs: hour, maxEntries: 10_000 },
      logger: quiet,
    }),
  );
  const theirsRemote = await contender(
    `flagsmith-provider / flagsmith-nodejs ${flagsmithVersion}, remote, Map cache`,
    new FlagsmithOpenFeatureProvider(fsRemoteClient as never),
  );
  const inMemory = await contender('InMemoryProvider', inMemoryProvider(environment.flags));

  const rounds = Array.from({ length: plan.warmUpRounds + plan.rounds }, (_, r) =>
    workload(environment, r, plan.flagsPerIdentity),
  );
  const evaluations = rounds[0]?.length ?? 0;
  const mismatches: [string, Mismatches][] = [
    [`local: ours against flagsmith-provider`, noMismatches()],
    [`remote, cached: ours against flagsmith-provider`, noMismatches()],
    [`ours: remote against local`, noMismatches()],
  ];
  const pairs: [Contender, Contender][] = [
    [oursLocal, theirsLocal],
    [oursRemote, theirsRemote],
    [oursLocal, oursRemote],
  ];
  progress(
    `evaluation: ${plan.warmUpRounds} warm-up and ${plan.rounds} measured rounds of ` +
      `${evaluations.toLocaleString('en-US')} evaluations, 5 providers interleaved`,
  );
  await runInterleavedRounds([oursLocal, theirsLocal, oursRemote, theirsRemote, inMemory], rounds, {
    warmUpRounds: plan.warmUpRounds,
    direct: true,
    afterRound: (roundEvaluations, r) => {
      pairs.forEach(([a, b], i) => {
        compareValues(a, b, roundEvaluations, (mismatches[i] as [string, Mismatches])[1]);
      });
      progress(`  round ${r + 1}/${rounds.length}`);
    },
  });

  // Remote without a cache: every evaluation a request to the test server, on fewer identities.
  progress(`remote, no cache: 1 warm-up and ${plan.uncachedRounds} measured rounds`);
  const oursUncached = await contender(
    'FlagsmithServerProvider, remote, identity cache off (ttlMs 0)',
    new FlagsmithServerProvider({
      ...remote,
      environmentRefreshIntervalMs: hour,
      identityCache: { ttlMs: 0, maxEntries: 10_000 },
      logger: quiet,
    }),
  );
  const theirsUncached = await contender(
    `flagsmith-provider / flagsmith-nodejs ${flagsmithVersion}, remote, no cache (its default)`,
    new FlagsmithOpenFeatureProvider(fsUncachedClient as never),
  );
  const fewer = {
    ...environment,
    contexts: environment.contexts.slice(0, plan.uncachedIdentities),
  };
  const uncachedRounds = Array.from({ length: 1 + plan.uncachedRounds }, (_, r) =>
    workload(fewer, r, plan.flagsPerIdentity),
  );
  await runInterleavedRounds([oursUncached, theirsUncached], uncachedRounds, {
    warmUpRounds: 1,
    direct: false,
  });

  progress(`exposure hook: ${plan.hookIterations} rotations of 4 rounds`);
  const hookWorkload: readonly Evaluation[] = rounds[0] ?? [];
  const hook = await measureExposureHookOverhead(oursLocal, hookWorkload, plan.hookIterations);

  await OpenFeature.close();
  for (const client of [fsLocalClient, fsRemoteClient, fsUncachedClient]) await client.close();

  return {
    local: { ours: oursLocal, others: [theirsLocal, inMemory], evaluations },
    remoteWarm: { ours: oursRemote, others: [theirsRemote, inMemory], evaluations },
    remoteUncached: {
      ours: oursUncached,
      others: [theirsUncached],
      evaluations: uncachedRounds[0]?.length ?? 0,
    },
    hook,
    mismatches,
  };
}
