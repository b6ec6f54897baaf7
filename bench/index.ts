// `npm run bench`: every benchmark in one process, printed as one comparison table (Markdown)
// followed by the details behind it. Progress goes to stderr, results to stdout. Benchmarks
// print; they never assert. Absolute figures depend on the machine; the ratios are the point.
//
//   npm run bench                  (tsx --tsconfig tsconfig.json --expose-gc bench/index.ts)
//   BENCH_ROUNDS=4 npm run bench   (fewer measured evaluation rounds; default 8)
//
// The web bundle row needs the packages built (`npm run build`); without a build it says so.
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { startTestServer } from '@flagsmith-openfeature/testing';
import { benchEnvironment } from '../packages/server-provider/bench/bench-environment';
import type { Contender } from '../packages/server-provider/bench/provider-rounds';
import {
  flagsmithNodejs6,
  flagsmithProviderVersion,
  microseconds,
  perSecond,
} from '../packages/server-provider/bench/provider-rounds';
import type { ComparisonRow } from './comparison-table';
import { comparisonTable, count, fixed, ratio } from './comparison-table';
import { measureEvaluation } from './evaluation';
import { measureEvents } from './events';
import { measureWebBundlesIfBuilt } from './web-bundle';

const progress = (message: string) => console.error(`… ${message}`);
const startedAt = new Date();
const startLoad = loadavg()[0] ?? 0;

const environment = benchEnvironment();
const flagsServer = await startTestServer({ environment: environment.document });
const evaluation = await measureEvaluation(
  flagsServer,
  environment,
  {
    warmUpRounds: 2,
    rounds: Number(process.env.BENCH_ROUNDS ?? 8),
    flagsPerIdentity: 10,
    uncachedIdentities: 50,
    uncachedRounds: 5,
    hookIterations: 25,
  },
  progress,
);
await flagsServer.close();

const eventsServer = await startTestServer();
const events = await measureEvents(
  eventsServer,
  {
    trackCallsPerRound: 100_000,
    trackRounds: 15,
    deliveryEvents: 100_000,
    deliveryRuns: 5,
    heapEvents: 100_000,
    heapRuns: 3,
  },
  progress,
);
await eventsServer.close();

progress('web bundles: esbuild, minified, gzip -9');
const bundles = await measureWebBundlesIfBuilt();
const endLoad = loadavg()[0] ?? 0;
const elapsedS = (Date.now() - startedAt.getTime()) / 1_000;

// The table.
const faster = ['faster', 'slower'] as const;
const smaller = ['smaller', 'larger'] as const;
const flagsmithProvider = `flagsmith-provider ${flagsmithProviderVersion} + flagsmith-nodejs ${flagsmithNodejs6.version}`;
const rate = (contender: Contender, evaluations: number) => perSecond(contender.sdkMs, evaluations);

function evaluationRows(
  measure: string,
  { ours, others, evaluations }: typeof evaluation.local,
  labels: readonly string[],
): ComparisonRow[] {
  const mine = rate(ours, evaluations);
  return others.map((other, i) => {
    const theirs = rate(other, evaluations);
    return {
      measure: i === 0 ? measure : '',
      ours: count(mine),
      comparedWith: labels[i] ?? other.name,
      theirs: count(theirs),
      ratio: ratio(mine / theirs, faster),
    };
  });
}

const { hook } = evaluation;
const hookRow = (measure: string, overheadUs: number): ComparisonRow => ({
  measure,
  ours: fixed(overheadUs, 2),
  comparedWith: 'the evaluation without the hook (µs)',
  theirs: fixed(hook.withoutUs, 2),
  ratio: `${overheadUs >= 0 ? '+' : ''}${fixed((100 * overheadUs) / hook.withoutUs, 1)}%`,
});
const none = { comparedWith: '(no alternative measured)', theirs: '', ratio: '' };
const kb = (bytes: number) => fixed(bytes / 1024, 1);

const rows: ComparisonRow[] = [
  ...evaluationRows('local evaluation through OpenFeature (evals/s)', evaluation.local, [
    `${flagsmithProvider}, local evaluation`,
    "InMemoryProvider (the SDK's floor)",
  ]),
  ...evaluationRows('remote mode, warm identity cache (evals/s)', evaluation.remoteWarm, [
    `${flagsmithProvider}, remote, Map cache`,
    "InMemoryProvider (the SDK's floor)",
  ]),
  ...evaluationRows(
    'remote mode, no cache: a request per evaluation (evals/s)',
    evaluation.remoteUncached,
    [`${flagsmithProvider}, remote, no cache (its default)`],
  ),
  hookRow('exposure hook overhead, dedupe hit (µs/evaluation)', hook.dedupeHitUs),
  hookRow('exposure hook overhead, first exposure (µs/evaluation)', hook.firstExposureUs),
  { measure: 'trackEvent (calls/s)', ours: count(events.trackCallsPerSecond), ...none },
  {
    measure: 'delivery into the local test server (events/s)',
    ours: count(events.deliveryEventsPerSecond),
    ...none,
  },
  {
    measure: 'heap per buffered event (bytes)',
    ours: events.heapBytesPerEvent === undefined ? 'n/a' : count(events.heapBytesPerEvent),
    ...none,
  },
  bundles.measured === undefined
    ? {
        measure: 'web bundle, minified + gzip (KB)',
        ours: 'n/a',
        comparedWith: 'not built: run `npm run build` first',
        theirs: '',
        ratio: '',
      }
    : {
        measure: 'web bundle, minified + gzip (KB)',
        // A build older than the sources is flagged here and explained below the table.
        ours: `${kb(bundles.measured.ours.gzipped)}${bundles.note === undefined ? '' : ' (stale build)'}`,
        comparedWith: bundles.measured.alternative.name,
        theirs: kb(bundles.measured.alternative.gzipped),
        ratio: ratio(bundles.measured.alternative.gzipped / bundles.measured.ours.gzipped, smaller),
      },
];

const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
console.log(
  `flagsmith-openfeature benchmarks, ${startedAt.toISOString().slice(0, 10)}: Node ${process.versions.node}, ` +
    `${process.platform}/${process.arch}, ${cpu}, ${cpus().length} cores ` +
    `(${availableParallelism()} available), ${fixed(totalmem() / 1024 ** 3, 1)} GB; ` +
    `load average ${fixed(startLoad, 2)} at the start, ${fixed(endLoad, 2)} at the end; ${fixed(elapsedS, 0)} s.\n`,
);
console.log(comparisonTable(rows));

// The details behind the table.
const section = (title: string) => console.log(`\n${title}`);
section(
  `Evaluation, µs per evaluation in the median round (${evaluation.local.evaluations.toLocaleString('en-US')} ` +
    'evaluations: 1,000 identities × 10 of 50 flags, 20 segments, identity overrides):',
);
const seen = new Set<Contender>();
for (const mode of [evaluation.local, evaluation.remoteWarm, evaluation.remoteUncached]) {
  for (const contender of [mode.ours, ...mode.others]) {
    if (seen.has(contender)) continue;
    seen.add(contender);
    const alone =
      contender.directMs.length === 0
        ? ''
        : `, provider alone ${fixed(microseconds(contender.directMs, mode.evaluations), 2)}`;
    console.log(
      `  ${contender.name}: through the SDK ${fixed(microseconds(contender.sdkMs, mode.evaluations), 2)}${alone}`,
    );
  }
}
console.log(
  `  (no cache: ${evaluation.remoteUncached.evaluations.toLocaleString('en-US')} evaluations per round, each a request to the in-process test server)`,
);
section('Values served, every evaluation of every measured and warm-up round:');
for (const [label, { count: mismatched, compared, examples }] of evaluation.mismatches) {
  console.log(`  ${label}: ${mismatched} mismatches in ${compared.toLocaleString('en-US')}`);
  for (const example of examples) console.log(`    ${example}`);
}
section(
  `Exposure hook (${hook.evaluations.toLocaleString('en-US')} evaluations per round, ${fixed(100 * hook.exposureShare, 0)}% ` +
    `of them exposures, the rest default-served; median of ${hook.iterations} paired differences):`,
);
console.log(
  `  a no-op global after hook (the SDK's own cost of running a hook): ${fixed(hook.noOpHookUs, 2)} µs; ` +
    `ours beyond that: dedupe hit ${fixed(hook.dedupeHitUs - hook.noOpHookUs, 2)} µs, ` +
    `first exposure ${fixed(hook.firstExposureUs - hook.noOpHookUs, 2)} µs`,
);
console.log(
  `  ExposureHook.after() alone: dedupe hit ${fixed(hook.afterAloneDedupeHitUs, 2)} µs, ` +
    `first exposure ${fixed(hook.afterAloneFirstExposureUs, 2)} µs per evaluation`,
);
section('Events:');
console.log(
  '  trackEvent: an identified purchase with traits and metadata, fresh literals per call; ' +
    'heap: the same, identifiers repeating, 100,000 buffered',
);
console.log(
  `  delivery: ${events.deliveryRequests} requests of 1,000 events per run (default batch size), ` +
    `${events.deliveryLost} events lost`,
);
if (events.heapBytesPerEvent === undefined) {
  console.log('  heap: not measured; run with --expose-gc (npm run bench does)');
}
section('Web bundle (what a browser app adds; @openfeature/web-sdk excluded), minified / gzip -9:');
if (bundles.measured === undefined) {
  console.log(`  ${bundles.note}`);
} else {
  for (const bundle of [bundles.measured.ours, ...bundles.measured.others]) {
    console.log(`  ${bundle.name}: ${kb(bundle.minified)} KB / ${kb(bundle.gzipped)} KB`);
  }
  if (bundles.note !== undefined) console.log(`  ${bundles.note}`);
}
console.log('\nReproduce: npm ci && npm run build && npm run bench');
