// Differential test: generated environment documents and identities, evaluated by this engine
// and by flagsmith-nodejs 8 (offline mode), must give the same `enabled` and value for every
// flag. Generators stay inside the region where Flagsmith's engines agree; where they do not
// (see the README's divergences), the conformance suite and unit tests pin our behaviour.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Flagsmith, LocalFileHandler } from 'flagsmith-nodejs';
import { afterAll, describe, expect, it } from 'vitest';
import type {
  EnvironmentDocument,
  FeatureStateDocument,
  SegmentConditionDocument,
  SegmentRuleDocument,
  TraitValue,
} from '../src/index';
import { environmentToContext, evaluateFeature, getEvaluationResult } from '../src/index';

const ENVIRONMENT_KEY = 'ser.differential';
const IDENTIFIERS = Array.from({ length: 8 }, (_, i) => `user_${i}`).concat(['Émile', 'agent 007']);
const WORDS = ['free', 'pro', 'team', 'enterprise', 'Pro', 'premium', 'basic', 'gold', 'x', ''];
const EMAILS = ['a@example.com', 'bob@test.org', 'carol@example.co.uk', 'dave', 'eve@EXAMPLE.com'];
const COUNTRIES = ['GB', 'US', 'FR', 'de'];
const PRERELEASES = ['alpha', 'alpha.1', 'beta', 'rc.1', 'rc.2', '1', 'beta.11'];

const version = fc
  .tuple(
    fc.nat(3),
    fc.nat(3),
    fc.nat(3),
    fc.option(fc.constantFrom(...PRERELEASES), { nil: undefined }),
  )
  .map(
    ([major, minor, patch, pre]) =>
      `${major}.${minor}.${patch}${pre === undefined ? '' : `-${pre}`}`,
  );

const age = fc.oneof(
  fc.integer({ min: 0, max: 100 }),
  fc.integer({ min: 0, max: 1000 }).map((n) => n / 10),
);

const traits: fc.Arbitrary<Record<string, TraitValue>> = fc.record(
  {
    plan: fc.option(fc.constantFrom(...WORDS), { nil: null, freq: 8 }),
    country: fc.constantFrom(...COUNTRIES),
    email: fc.constantFrom(...EMAILS),
    age: fc.option(age, { nil: null, freq: 8 }),
    score: fc.double({ min: 0, max: 10, noNaN: true }),
    beta: fc.boolean(),
    version,
  },
  { requiredKeys: [] },
);

const condition = (operator: string, property: string, value: string): SegmentConditionDocument =>
  ({ operator, property_: property, value }) as SegmentConditionDocument;

const ORDERINGS = [
  'EQUAL',
  'NOT_EQUAL',
  'GREATER_THAN',
  'GREATER_THAN_INCLUSIVE',
  'LESS_THAN',
  'LESS_THAN_INCLUSIVE',
];

const stringCondition = fc.oneof(
  fc.tuple(
    fc.constantFrom(...ORDERINGS),
    fc.constantFrom('plan', 'country', 'email'),
    fc.constantFrom(...WORDS, ...COUNTRIES, ...EMAILS, '10'),
  ),
  fc.tuple(
    fc.constantFrom('CONTAINS', 'NOT_CONTAINS'),
    fc.constantFrom('plan', 'email'),
    fc.constantFrom('ro', 'e', '@example', 'Pro', 'x'),
  ),
  fc.tuple(
    fc.constant('REGEX'),
    fc.constantFrom('plan', 'email', 'country', '$.identity.identifier'),
    fc.constantFrom(
      '^[a-z]+$',
      '^pro',
      '^P',
      '^.*@example\\.com$',
      '^(free|pro)$',
      '^.{2}$',
      '^[A-Z]',
      '^user_[0-4]$',
    ),
  ),
  fc.tuple(
    fc.constant('IN'),
    fc.constantFrom('plan', 'country', '$.identity.identifier'),
    fc.constantFrom(
      'free,pro',
      '["team","enterprise"]',
      'GB,US',
      'Pro,basic',
      'user_1,user_2,Émile',
      '["agent 007","user_5"]',
    ),
  ),
  fc.tuple(
    fc.constantFrom('IS_SET', 'IS_NOT_SET'),
    fc.constantFrom('plan', 'email', 'age', 'missing', 'beta'),
    fc.constant(''),
  ),
);

const numberCondition = fc.oneof(
  fc.tuple(
    fc.constantFrom(...ORDERINGS),
    fc.constantFrom('age', 'score'),
    fc.constantFrom('0', '18', '20.5', '50', '5.25', '1e1', '100', '3'),
  ),
  fc.tuple(
    fc.constant('IN'),
    fc.constant('age'),
    fc.constantFrom('18,21,30', '["40","41","42"]', '1,2,3,4,5,6,7,8,9,10'),
  ),
  fc.tuple(
    fc.constant('MODULO'),
    fc.constantFrom('age', 'score'),
    fc.constantFrom('2|0', '3|1', '4.5|1', '10|5', '2|0.5', '7|3'),
  ),
  fc.tuple(
    fc.constant('REGEX'),
    fc.constant('age'),
    fc.constantFrom('^[0-9]$', '^1', '^\\d+\\.5$'),
  ),
  fc.tuple(
    fc.constantFrom('CONTAINS', 'NOT_CONTAINS'),
    fc.constant('age'),
    fc.constantFrom('1', '2'),
  ),
);

const booleanCondition = fc.tuple(
  fc.constantFrom(...ORDERINGS, 'IN'),
  fc.constant('beta'),
  fc.constantFrom('true', 'false', 'True', 'False', '1', '0'),
);

const semverCondition = fc.oneof(
  fc.tuple(
    fc.constantFrom(...ORDERINGS),
    fc.constant('version'),
    version.map((v) => `${v}:semver`),
  ),
  fc.tuple(fc.constantFrom(...ORDERINGS), fc.constant('version'), version),
);

const contextCondition = fc.oneof(
  fc.tuple(
    fc.constantFrom('EQUAL', 'NOT_EQUAL'),
    fc.constant('$.environment.name'),
    fc.constantFrom('Production', 'Staging'),
  ),
  fc.tuple(
    fc.constantFrom('EQUAL', 'NOT_EQUAL', 'GREATER_THAN'),
    fc.constant('$.identity.identifier'),
    fc.constantFrom(...IDENTIFIERS),
  ),
  fc.tuple(
    fc.constant('PERCENTAGE_SPLIT'),
    fc.constantFrom('', '$.identity.key', '$.identity.identifier'),
    fc.constantFrom('0', '10', '33.3', '50', '75', '100'),
  ),
);

const conditionDocument = fc
  .oneof(stringCondition, numberCondition, booleanCondition, semverCondition, contextCondition)
  .map(([operator, property, value]) => condition(operator, property, value));

const ruleType = fc.constantFrom('ALL', 'ANY', 'NONE');
const leafRule: fc.Arbitrary<SegmentRuleDocument> = fc.record({
  type: ruleType,
  conditions: fc.array(conditionDocument, { maxLength: 3 }),
  rules: fc.constant([]),
}) as fc.Arbitrary<SegmentRuleDocument>;
const rule: fc.Arbitrary<SegmentRuleDocument> = fc.record({
  type: ruleType,
  conditions: fc.array(conditionDocument, { maxLength: 2 }),
  rules: fc.array(leafRule, { maxLength: 2 }),
}) as fc.Arbitrary<SegmentRuleDocument>;

const flagValue = fc.oneof(
  fc.constantFrom('a', 'b', '', 'control'),
  fc.integer({ min: -5, max: 100 }),
  fc.boolean(),
  fc.constant(null),
);

const variantSpec = fc.record({
  value: flagValue,
  weight: fc.constantFrom(0, 10, 25, 33.3, 50, 100),
  byUuid: fc.boolean(),
  uuid: fc.uuid(),
});

const stateSpec = fc.record({
  enabled: fc.boolean(),
  value: flagValue,
  variants: fc.array(variantSpec, { maxLength: 3 }),
  uuid: fc.uuid(),
});

const documentSpec = fc.record({
  name: fc.constantFrom('Production', 'Staging'),
  features: fc.array(stateSpec, { minLength: 1, maxLength: 6 }),
  segments: fc.array(
    fc.record({
      rules: fc.array(rule, { maxLength: 2 }),
      overrides: fc.array(
        fc.record({
          feature: fc.nat(7),
          state: stateSpec,
          priority: fc.option(fc.nat(3), { nil: null }),
        }),
        { maxLength: 3 },
      ),
    }),
    { maxLength: 4 },
  ),
  identityOverrides: fc.uniqueArray(
    fc.record({
      identifier: fc.constantFrom(...IDENTIFIERS),
      features: fc.array(
        fc.record({ feature: fc.nat(7), enabled: fc.boolean(), value: flagValue }),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
    }),
    { selector: (entry) => entry.identifier, maxLength: 3 },
  ),
});

type DocumentSpec = typeof documentSpec extends fc.Arbitrary<infer T> ? T : never;

/** Turns a generated spec into an environment document as Flagsmith serves it. */
function toDocument(spec: DocumentSpec): EnvironmentDocument {
  let nextId = 1000;
  const featureCount = spec.features.length;
  const featureOf = (index: number) => ({
    id: (index % featureCount) + 1,
    name: `feature_${index % featureCount}`,
    type: 'STANDARD',
  });
  const state = (
    feature: ReturnType<typeof featureOf>,
    s: DocumentSpec['features'][number],
    priority?: number | null,
  ): FeatureStateDocument => ({
    feature,
    enabled: s.enabled,
    feature_state_value: s.value,
    django_id: nextId++,
    featurestate_uuid: s.uuid,
    feature_segment: priority === undefined ? null : { priority },
    multivariate_feature_state_values: s.variants.map((variant) => ({
      id: variant.byUuid ? null : nextId++,
      mv_fs_value_uuid: variant.uuid,
      percentage_allocation: variant.weight,
      multivariate_feature_option: { id: nextId++, value: variant.value },
    })),
  });
  return {
    api_key: ENVIRONMENT_KEY,
    name: spec.name,
    id: 1,
    project: {
      id: 1,
      name: 'project',
      hide_disabled_flags: false,
      organisation: {
        id: 1,
        name: 'org',
        feature_analytics: false,
        stop_serving_flags: false,
        persist_trait_data: true,
      },
      segments: spec.segments.map((segment, i) => ({
        id: i + 1,
        name: `segment_${i + 1}`,
        rules: segment.rules,
        feature_states: segment.overrides.map((o) =>
          state(featureOf(o.feature), o.state, o.priority),
        ),
      })),
    },
    feature_states: spec.features.map((s, i) => state(featureOf(i), s)),
    identity_overrides: spec.identityOverrides.map((identity) => ({
      identifier: identity.identifier,
      identity_uuid: `00000000-0000-4000-8000-${String(nextId++).padStart(12, '0')}`,
      environment_api_key: ENVIRONMENT_KEY,
      identity_features: identity.features.map((f) => ({
        feature: featureOf(f.feature),
        enabled: f.enabled,
        feature_state_value: f.value,
        django_id: nextId++,
        featurestate_uuid: `00000000-0000-4000-8000-${String(nextId++).padStart(12, '0')}`,
        feature_segment: null,
        multivariate_feature_state_values: [],
      })),
    })),
  } as EnvironmentDocument;
}

const identities = fc.array(fc.record({ identifier: fc.constantFrom(...IDENTIFIERS), traits }), {
  minLength: 1,
  maxLength: 6,
});

const workDir = mkdtempSync(join(tmpdir(), 'flagsmith-engine-differential-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

let documentCount = 0;

describe('against flagsmith-nodejs 8', () => {
  it('gives the same enabled and value for every flag of generated documents and identities', async () => {
    let comparisons = 0;
    let targeted = 0;
    await fc.assert(
      fc.asyncProperty(documentSpec, identities, async (spec, people) => {
        const document = toDocument(spec);
        const path = join(workDir, `environment-${documentCount++}.json`);
        writeFileSync(path, JSON.stringify(document));
        const flagsmith = new Flagsmith({
          offlineMode: true,
          offlineHandler: new LocalFileHandler(path),
        });
        for (const person of people) {
          const theirs = await flagsmith.getIdentityFlags(person.identifier, person.traits);
          const context = environmentToContext(document, person);
          const ours = getEvaluationResult(context);
          const theirFlags = theirs.allFlags();
          expect(Object.keys(ours.flags).sort()).toEqual(
            theirFlags.map((f) => f.featureName).sort(),
          );
          for (const flag of theirFlags) {
            const mine = ours.flags[flag.featureName];
            expect({
              feature: flag.featureName,
              enabled: mine?.enabled,
              value: mine?.value,
            }).toEqual({
              feature: flag.featureName,
              enabled: flag.enabled,
              value: flag.value ?? null,
            });
            expect(evaluateFeature(context, flag.featureName)).toStrictEqual(mine);
            comparisons++;
            if (mine?.reason !== 'DEFAULT') targeted++;
          }
        }
      }),
      { numRuns: 1000 },
    );
    // Guards against generators that never exercise segments or splits.
    expect(comparisons).toBeGreaterThan(1000);
    expect(targeted / comparisons).toBeGreaterThan(0.1);
  }, 60_000);
});
