/**
 * The OpenFeature specification's Gherkin suites, run through the real OpenFeature SDKs with
 * the Flagsmith providers: the server provider in local and remote mode, and the web provider.
 * The flag set the suites assume is served by a local Flagsmith (the testing package) as the
 * environment document `buildSpecEnvironment` builds from it.
 *
 * Every scenario passes, or is skipped by name in SKIPS below with the reason it cannot apply
 * to Flagsmith. The root README states the counts; a test below keeps it honest.
 *
 * Two adaptations apply to every mode: boolean flags resolve from their value
 * (`useBooleanConfigValue`: the flag set's `false` variants are values, not disabled flags), and
 * a scenario that builds a context for targeting gets a `targetingKey` (`SCENARIO_IDENTITY`),
 * because Flagsmith evaluates segments only for an identity.
 */
import { readFileSync } from 'node:fs';
import type { TestServer } from '@flagsmith-openfeature/testing';
import { startTestServer } from '@flagsmith-openfeature/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ModeName, SdkUnderTest } from '../src/sdk-under-test';
import { ServerSdkUnderTest } from '../src/server-sdk-under-test';
import { buildSpecEnvironment, SPEC_SERVER_KEY } from '../src/spec-environment';
import { parseSpecFlagSet } from '../src/spec-flag-set';
import { newWorld, specSteps } from '../src/spec-steps';
import type { SpecScenario } from '../src/spec-suites';
import {
  loadSpecScenarios,
  readSpecFlagSet,
  SPEC_FEATURE_FILES,
  specSuitesPresent,
} from '../src/spec-suites';
import { WebSdkUnderTest } from '../src/web-sdk-under-test';

/** A scenario that cannot apply to Flagsmith, by name, with why. */
interface Skip {
  /** The scenario's name, as the suite writes it. */
  readonly scenario: string;
  /** Only in these modes; every mode when absent. */
  readonly modes?: readonly ModeName[];
  /** Only the example rows whose column holds one of these values; every row when absent. */
  readonly rows?: Readonly<Record<string, readonly string[]>>;
  readonly reason: string;
}

const NO_VARIANT_NAME =
  'Flagsmith names a variant only when it allocates an identity to a multivariate option ' +
  '(reason SPLIT); a STATIC value is the environment value, which has no variant name';

const NO_DEFAULT_REASON =
  'OpenFeature expects DEFAULT when targeting does not match; Flagsmith does not say that ' +
  'targeting was tried, and DESIGN §5.3 reports an environment value as STATIC (no identity, ' +
  'or local evaluation) or TARGETING_MATCH (remote evaluation: the flags API sends no reason)';

const STATIC_CONTEXT =
  'the web SDK (static-context paradigm) has one global context, set with ' +
  'OpenFeature.setContext: no transaction, client or invocation context, and before hooks ' +
  'cannot add to it';

const OTHER_LEVELS = ['Transaction', 'Client', 'Invocation', 'Before Hooks'];

/** Every scenario skipped, and why. Anything not listed here must pass. */
const SKIPS: readonly Skip[] = [
  // evaluation_v2.feature
  { scenario: 'Resolves zero value with targeting using default', reason: NO_DEFAULT_REASON },
  { scenario: 'Empty evaluation context', reason: NO_DEFAULT_REASON },
  { scenario: 'Null context values', reason: NO_DEFAULT_REASON },
  {
    scenario: 'Type mismatch error',
    rows: { type: ['String'] },
    reason:
      'DESIGN §5.3 coercion: a string evaluation stringifies a Flagsmith boolean or number ' +
      '(remote-config values are loosely typed), so boolean-flag read as a String is "true"',
  },
  { scenario: 'Complete evaluation details structure', reason: NO_VARIANT_NAME },
  { scenario: 'Variant field population', reason: NO_VARIANT_NAME },
  {
    scenario: 'Flag metadata in evaluation details',
    reason:
      'a Flagsmith feature carries no free-form metadata: flagMetadata holds what Flagsmith ' +
      'says about the flag (featureId, enabled, defaultServed, flagsmithReason; DESIGN §5.3)',
  },
  {
    scenario: 'CACHED reason',
    reason:
      'the providers report why Flagsmith served a value (DESIGN §5.3), whether it came from ' +
      'memory, the identity cache or a request; they never report CACHED',
  },
  {
    scenario: 'Asynchronous flag evaluation',
    modes: ['web'],
    reason: 'the web SDK evaluates synchronously from memory: it has no asynchronous evaluation',
  },
  // hooks.feature
  { scenario: 'Passes evaluation details to after and finally hooks', reason: NO_VARIANT_NAME },
  // metadata.feature
  {
    scenario: 'Returns metadata',
    reason:
      'a Flagsmith feature carries no free-form metadata (see "Flag metadata in evaluation details")',
  },
  {
    scenario: 'Returns no metadata',
    reason:
      'DESIGN §5.3: flagMetadata always carries featureId, enabled and defaultServed (the ' +
      'exposure hook reads defaultServed), so it is never empty',
  },
  // contextMerging.feature
  {
    scenario: 'A context entry is added to a single level',
    modes: ['web'],
    rows: { level: OTHER_LEVELS },
    reason: STATIC_CONTEXT,
  },
  {
    scenario: 'For a transaction, a context entry is added to each level with different keys',
    modes: ['web'],
    reason: STATIC_CONTEXT,
  },
  {
    scenario: 'For a hook, a context entry is added to each level with different keys',
    modes: ['web'],
    reason: STATIC_CONTEXT,
  },
  {
    scenario:
      'For a transaction and a hook, a context entry is added to each level with different keys',
    modes: ['web'],
    reason: STATIC_CONTEXT,
  },
  {
    scenario:
      'For a transaction, a context entry in one level overwrites values with the same key from preceding levels',
    modes: ['web'],
    rows: { level: OTHER_LEVELS },
    reason: STATIC_CONTEXT,
  },
  {
    scenario:
      'For a hook, a context entry in one level overwrites values with the same key from preceding levels',
    modes: ['web'],
    rows: { level: OTHER_LEVELS },
    reason: STATIC_CONTEXT,
  },
  {
    scenario:
      'For a transaction and a hook, context entry in one level overwrites values with the same key from preceding levels',
    modes: ['web'],
    rows: { level: OTHER_LEVELS },
    reason: STATIC_CONTEXT,
  },
];

const MODES: readonly { name: ModeName; create(server: TestServer): SdkUnderTest }[] = [
  { name: 'server local', create: (server) => new ServerSdkUnderTest(server, 'local') },
  { name: 'server remote', create: (server) => new ServerSdkUnderTest(server, 'remote') },
  { name: 'web', create: (server) => new WebSdkUnderTest(server) },
];

function skipOf(mode: ModeName, scenario: SpecScenario): Skip | undefined {
  return SKIPS.find(
    (skip) =>
      skip.scenario === scenario.name &&
      (skip.modes === undefined || skip.modes.includes(mode)) &&
      Object.entries(skip.rows ?? {}).every(([column, values]) =>
        values.includes(scenario.example?.values[column] ?? ''),
      ),
  );
}

if (!specSuitesPresent()) {
  describe('OpenFeature specification conformance', () => {
    it.skip('is not run: the suites are absent from ../shared/conformance/openfeature-spec/ beside the repository', () => {});
  });
} else {
  const scenarios = SPEC_FEATURE_FILES.flatMap((feature) => loadSpecScenarios(feature));

  describe('the conformance harness', () => {
    it('has exactly one step definition for every step of the suites', () => {
      for (const scenario of scenarios) {
        for (const step of scenario.steps) expect(() => specSteps.find(step.text)).not.toThrow();
      }
    });

    it('skips only scenarios that exist, in modes that exist', () => {
      for (const skip of SKIPS) {
        const modes = skip.modes ?? MODES.map((mode) => mode.name);
        for (const mode of modes) {
          const matched = scenarios.filter((scenario) => skipOf(mode, scenario) === skip);
          expect(matched.length, `"${skip.scenario}" in ${mode}`).toBeGreaterThan(0);
        }
      }
    });

    it('states in the root README the counts of passed and skipped scenarios per mode', () => {
      const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
      for (const mode of MODES) {
        const skipped = scenarios.filter((scenario) => skipOf(mode.name, scenario)).length;
        const passed = scenarios.length - skipped;
        expect(readme).toContain(`${mode.name}: ${passed} passed, ${skipped} skipped`);
      }
    });
  });

  for (const mode of MODES) {
    describe(mode.name, () => {
      let server: TestServer;
      let sdk: SdkUnderTest;

      beforeAll(async () => {
        server = await startTestServer({
          environment: buildSpecEnvironment(parseSpecFlagSet(readSpecFlagSet())),
          serverKey: SPEC_SERVER_KEY,
        });
        sdk = mode.create(server);
      });
      beforeEach(() => server.reset());
      afterEach(() => sdk.reset());
      afterAll(() => server.close());

      for (const feature of SPEC_FEATURE_FILES) {
        describe(feature, () => {
          for (const scenario of scenarios.filter((candidate) => candidate.feature === feature)) {
            const skip = skipOf(mode.name, scenario);
            if (skip !== undefined) {
              it.skip(`${scenario.title} (skipped: ${skip.reason})`, () => {});
              continue;
            }
            it(scenario.title, async () => {
              const world = newWorld(sdk);
              for (const step of scenario.steps) await specSteps.run(world, step.text, step.table);
            });
          }
        });
      }
    });
  }
}
