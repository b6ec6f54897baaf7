// Micro-benchmark: local evaluation of one flag for many identities, against flagsmith-nodejs 8
// (offline mode, which evaluates every flag of the identity). Prints figures; asserts nothing.
//
//   npx tsx packages/engine/bench/evaluate-feature.ts
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Flagsmith, LocalFileHandler } from 'flagsmith-nodejs';
import type { EnvironmentDocument, FeatureStateDocument } from '../src/index';
import { environmentToContext, evaluateFeature, getEvaluationResult } from '../src/index';

const FEATURES = 60;
const SEGMENTS = 40;
const IDENTITY_OVERRIDES = 2_000;
const IDENTITIES = 20_000;

let id = 1;
const uuid = () => `00000000-0000-4000-8000-${String(id++).padStart(12, '0')}`;
const feature = (i: number) => ({ id: i + 1, name: `feature_${i}`, type: 'STANDARD' });
const featureState = (
  i: number,
  extra: Partial<FeatureStateDocument> = {},
): FeatureStateDocument => ({
  feature: feature(i),
  enabled: i % 3 !== 0,
  feature_state_value: `value_${i}`,
  django_id: id++,
  featurestate_uuid: uuid(),
  feature_segment: null,
  multivariate_feature_state_values:
    i % 4 === 0
      ? [30, 30].map((weight, n) => ({
          id: id++,
          percentage_allocation: weight,
          multivariate_feature_option: { id: id++, value: `variant_${n}` },
        }))
      : [],
  ...extra,
});

const document: EnvironmentDocument = {
  api_key: 'ser.bench',
  name: 'Production',
  project: {
    id: 1,
    name: 'bench',
    // flagsmith-nodejs reads the organisation too.
    ...({
      organisation: {
        id: 1,
        name: 'org',
        feature_analytics: false,
        stop_serving_flags: false,
        persist_trait_data: true,
      },
    } as object),
    segments: Array.from({ length: SEGMENTS }, (_, s) => ({
      id: s + 1,
      name: `segment_${s}`,
      rules: [
        {
          type: 'ALL',
          conditions: [],
          rules: [
            {
              type: 'ANY',
              rules: [],
              conditions: [
                {
                  operator: 'EQUAL',
                  property_: 'plan',
                  value: ['free', 'pro', 'team'][s % 3] as string,
                },
                { operator: 'GREATER_THAN', property_: 'age', value: String(20 + s) },
              ],
            },
            {
              type: 'ALL',
              rules: [],
              conditions: [
                { operator: 'PERCENTAGE_SPLIT', property_: '', value: '50' },
                { operator: 'REGEX', property_: 'email', value: '.*@example\\.com$' },
              ],
            },
          ],
        },
      ],
      feature_states: [
        featureState(s % FEATURES, { feature_segment: { priority: s } }),
        featureState((s * 7) % FEATURES, { feature_segment: { priority: s } }),
      ],
    })),
  },
  feature_states: Array.from({ length: FEATURES }, (_, i) => featureState(i)),
  identity_overrides: Array.from({ length: IDENTITY_OVERRIDES }, (_, n) => ({
    identifier: `override_${n}`,
    identity_features: [featureState(n % FEATURES)],
  })),
} as EnvironmentDocument;

const identities = Array.from({ length: IDENTITIES }, (_, n) => ({
  identifier: n % 10 === 0 ? `override_${n % IDENTITY_OVERRIDES}` : `user_${n}`,
  traits: {
    plan: ['free', 'pro', 'team', 'enterprise'][n % 4] as string,
    age: n % 80,
    email: n % 2 ? `u${n}@example.com` : `u${n}@test.org`,
  },
}));

function measure(label: string, run: (i: number) => unknown, iterations: number): void {
  for (let i = 0; i < Math.min(iterations, 2_000); i++) run(i);
  const start = performance.now();
  for (let i = 0; i < iterations; i++) run(i);
  const seconds = (performance.now() - start) / 1000;
  const perSecond = Math.round(iterations / seconds).toLocaleString('en');
  console.log(
    `${label.padEnd(58)} ${perSecond.padStart(12)} ops/s  (${((seconds / iterations) * 1e6).toFixed(2)} µs/op)`,
  );
}

async function main(): Promise<void> {
  const mvFeature = 'feature_0';
  const plainFeature = 'feature_5';
  measure(
    'environmentToContext + evaluateFeature, multivariate flag',
    (i) => {
      const person = identities[i % IDENTITIES] as (typeof identities)[number];
      return evaluateFeature(environmentToContext(document, person), mvFeature);
    },
    500_000,
  );
  measure(
    'environmentToContext + evaluateFeature, segment-overridden flag',
    (i) => {
      const person = identities[i % IDENTITIES] as (typeof identities)[number];
      return evaluateFeature(environmentToContext(document, person), plainFeature);
    },
    500_000,
  );
  measure(
    `environmentToContext + getEvaluationResult (all ${FEATURES} flags)`,
    (i) => {
      const person = identities[i % IDENTITIES] as (typeof identities)[number];
      return getEvaluationResult(environmentToContext(document, person));
    },
    20_000,
  );

  const dir = mkdtempSync(join(tmpdir(), 'engine-bench-'));
  try {
    const variants: [string, EnvironmentDocument][] = [
      [`${IDENTITY_OVERRIDES} identity overrides`, document],
      ['no identity overrides', { ...document, identity_overrides: [] }],
    ];
    for (const [label, doc] of variants) {
      const path = join(dir, `environment-${doc === document ? 1 : 2}.json`);
      writeFileSync(path, JSON.stringify(doc));
      const flagsmith = new Flagsmith({
        offlineMode: true,
        offlineHandler: new LocalFileHandler(path),
      });
      const flagOf = async (i: number) => {
        const person = identities[i % IDENTITIES] as (typeof identities)[number];
        return (await flagsmith.getIdentityFlags(person.identifier, person.traits)).getFlag(
          mvFeature,
        );
      };
      const iterations = doc === document ? 2_000 : 20_000;
      for (let i = 0; i < 500; i++) await flagOf(i);
      const start = performance.now();
      for (let i = 0; i < iterations; i++) await flagOf(i);
      const seconds = (performance.now() - start) / 1000;
      const perSecond = Math.round(iterations / seconds).toLocaleString('en');
      console.log(
        `${`flagsmith-nodejs 8 getIdentityFlags().getFlag, ${label}`.padEnd(64)} ${perSecond.padStart(12)} ops/s  (${((seconds / iterations) * 1e6).toFixed(2)} µs/op)`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
