// What the exposure hook adds to an evaluation. The same 10,000 evaluations (our provider, local
// mode, through the OpenFeature SDK) run without the hook, with the hook registered globally
// in front of a processor that has already seen every exposure (each one a dedupe hit), with
// the hook in front of a fresh processor (each one a first exposure, buffered), and with a no-op
// `after` hook instead (what the SDK itself spends on any hook). The four run in rotating order,
// many times; an overhead is the median of the per-iteration differences. The processors never
// send during a timed round: their buffers are emptied, untimed, between rounds.
import type { EventProcessor } from '@flagsmith-openfeature/events';
import { ExposureHook } from '@flagsmith-openfeature/server-provider';
import type { EvaluationDetails, FlagValue, Hook, HookContext } from '@openfeature/server-sdk';
import { OpenFeature } from '@openfeature/server-sdk';
import { quietProcessor } from '../packages/events/bench/helpers';
import type { Contender, Evaluation } from '../packages/server-provider/bench/provider-rounds';
import { median, quiet, sdkRound } from '../packages/server-provider/bench/provider-rounds';

/** What {@link measureExposureHookOverhead} measured, in microseconds per evaluation. */
export interface ExposureHookOverhead {
  /** An evaluation without the hook (median round). */
  readonly withoutUs: number;
  /** Added by the hook when the exposure is a dedupe hit (median of paired differences). */
  readonly dedupeHitUs: number;
  /** Added by the hook when the exposure is a first one, buffered. */
  readonly firstExposureUs: number;
  /** Added by a global `after` hook that does nothing: the SDK's own share of the above. */
  readonly noOpHookUs: number;
  /** `ExposureHook.after()` alone, called directly, when the exposure is a dedupe hit. */
  readonly afterAloneDedupeHitUs: number;
  /** `ExposureHook.after()` alone, when the exposure is a first one. */
  readonly afterAloneFirstExposureUs: number;
  /** The share of the evaluations the hook records (the others are default-served). */
  readonly exposureShare: number;
  readonly evaluations: number;
  readonly iterations: number;
}

/** A processor that keeps a whole round of exposures buffered and only sends when told. */
const processorFor = (evaluations: number): EventProcessor => quietProcessor(evaluations + 1);

/** A hook that does nothing, to tell the SDK's cost of running hooks from our hook's. */
const noOpHook: Hook = { after() {} };

/** Runs `run` with `hook` as the only global hook, then removes it. */
async function withGlobalHook<T>(hook: Hook, run: () => Promise<T>): Promise<T> {
  OpenFeature.addHooks(hook);
  try {
    return await run();
  } finally {
    OpenFeature.clearHooks();
  }
}

/** Evaluation details of the workload, as the hook receives them (taken untimed). */
async function detailsOf(
  contender: Contender,
  evaluations: readonly Evaluation[],
): Promise<[HookContext, EvaluationDetails<FlagValue>][]> {
  const calls: [HookContext, EvaluationDetails<FlagValue>][] = [];
  for (const { flag, context } of evaluations) {
    const details: EvaluationDetails<FlagValue> = await (flag.type === 'boolean'
      ? contender.client.getBooleanDetails(flag.key, false, context)
      : flag.type === 'number'
        ? contender.client.getNumberDetails(flag.key, -1, context)
        : flag.type === 'object'
          ? contender.client.getObjectDetails(flag.key, { callerDefault: true }, context)
          : contender.client.getStringDetails(flag.key, 'caller-default', context));
    // Only what the hook reads: the evaluation context and a logger.
    calls.push([{ context, logger: quiet } as unknown as HookContext, details]);
  }
  return calls;
}

/** Microseconds per call of `after()` over every call, median of `rounds` rounds. */
async function afterAlone(
  calls: readonly [HookContext, EvaluationDetails<FlagValue>][],
  rounds: number,
  fresh: boolean,
): Promise<number> {
  let processor = processorFor(calls.length);
  let hook = new ExposureHook({ eventProcessor: processor });
  const timed: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const started = performance.now();
    for (const [hookContext, details] of calls) hook.after(hookContext, details);
    const elapsed = performance.now() - started;
    // Round 0 warms up (and, for dedupe hits, records every exposure once).
    if (round > 0) timed.push(elapsed);
    if (fresh) {
      await processor.close(1_000);
      processor = processorFor(calls.length);
      hook = new ExposureHook({ eventProcessor: processor });
    } else {
      await processor.flush();
    }
  }
  await processor.close(1_000);
  return (median(timed) * 1_000) / calls.length;
}

/**
 * Measures the exposure hook's overhead on `ours` (a registered contender) over `evaluations`,
 * in `iterations` rotations of (without, dedupe hit, first exposure, no-op hook) after one warm-up rotation.
 */
export async function measureExposureHookOverhead(
  ours: Contender,
  evaluations: readonly Evaluation[],
  iterations: number,
): Promise<ExposureHookOverhead> {
  OpenFeature.clearHooks();
  const count = evaluations.length;
  const seen = processorFor(count);
  const dedupeHook = new ExposureHook({ eventProcessor: seen });
  // Every exposure of the workload recorded once, so that from now on each one is a dedupe hit.
  await withGlobalHook(dedupeHook, () => sdkRound(ours, evaluations));
  const exposureShare = seen.stats().tracked / count;
  await seen.flush();

  const without: number[] = [];
  const dedupeHit: number[] = [];
  const firstExposure: number[] = [];
  const noOp: number[] = [];
  const variants: (() => Promise<void>)[] = [
    async () => {
      without.push(await sdkRound(ours, evaluations));
    },
    async () => {
      dedupeHit.push(await withGlobalHook(dedupeHook, () => sdkRound(ours, evaluations)));
      await seen.flush();
    },
    async () => {
      const fresh = processorFor(count);
      const hook = new ExposureHook({ eventProcessor: fresh });
      firstExposure.push(await withGlobalHook(hook, () => sdkRound(ours, evaluations)));
      await fresh.close(1_000);
    },
    async () => {
      noOp.push(await withGlobalHook(noOpHook, () => sdkRound(ours, evaluations)));
    },
  ];
  // Iteration 0 warms up; each iteration starts with a different variant.
  for (let iteration = 0; iteration <= iterations; iteration++) {
    for (let k = 0; k < variants.length; k++) {
      await (variants[(iteration + k) % variants.length] as () => Promise<void>)();
    }
    if (iteration === 0) {
      without.length = 0;
      dedupeHit.length = 0;
      firstExposure.length = 0;
      noOp.length = 0;
    }
  }
  await seen.close(1_000);

  const perEvaluation = (ms: number) => (ms * 1_000) / count;
  const overhead = (withHook: readonly number[]) =>
    perEvaluation(median(withHook.map((ms, i) => ms - (without[i] as number))));

  const calls = await detailsOf(ours, evaluations);
  return {
    withoutUs: perEvaluation(median(without)),
    dedupeHitUs: overhead(dedupeHit),
    firstExposureUs: overhead(firstExposure),
    noOpHookUs: overhead(noOp),
    afterAloneDedupeHitUs: await afterAlone(calls, 10, false),
    afterAloneFirstExposureUs: await afterAlone(calls, 10, true),
    exposureShare,
    evaluations: count,
    iterations,
  };
}
