import { describe, expect, it } from 'vitest';
import type { ExperimentEvent, ExperimentQuery, MetricResult } from '../src/index';
import { computeExperimentResults } from '../src/index';

const T = 1_748_462_400_000;

function exposure(
  identifier: string | null,
  variant: string,
  at: number,
  featureName = 'checkout_button',
): ExperimentEvent {
  return {
    event: '$flag_exposure',
    feature_name: featureName,
    identifier,
    value: variant,
    timestamp: T + at,
  };
}

function purchase(
  identifier: string | null,
  value: number | string | null,
  at: number,
  event = 'purchase',
): ExperimentEvent {
  return { event, feature_name: null, identifier, value, timestamp: T + at };
}

/**
 * Per identity, from the first exposure on (purchase values in brackets):
 *   blue   b1 [30, 10] (its 20 came before its exposure)   b2 —   b3 [25] (same millisecond)
 *          b4 [null, "15"] (two purchases, no numeric value)
 *   green  g1 [50, 70] (later also saw blue)   g2 [35]   g3 —   g4 [40, 20] (its blue exposure is
 *          listed first but came later)   g5 [5, 5, 5]
 *   orange o1 [10]
 * Ignored: u1 (never exposed), a purchase without identifier, x1 (exposed to another flag), an
 * exposure without identifier, and g2's `signup`.
 */
const EVENTS: readonly ExperimentEvent[] = [
  purchase('b1', 20, 5),
  exposure('b1', 'blue', 10),
  purchase('b1', 30, 20),
  purchase('b1', 10, 30),
  exposure('b2', 'blue', 0),
  exposure('b3', 'blue', 0),
  purchase('b3', 25, 0),
  exposure('b4', 'blue', 0),
  purchase('b4', null, 1),
  purchase('b4', '15', 2),
  exposure('g1', 'green', 100),
  purchase('g1', 50, 150),
  exposure('g1', 'blue', 200),
  purchase('g1', 70, 250),
  exposure('g2', 'green', 0),
  purchase('g2', 35, 1),
  purchase('g2', 999, 5, 'signup'),
  exposure('g3', 'green', 0),
  exposure('g4', 'blue', 20),
  exposure('g4', 'green', 10),
  purchase('g4', 40, 30),
  purchase('g4', 20, 40),
  exposure('g5', 'green', 0),
  purchase('g5', 5, 1),
  purchase('g5', 5, 2),
  purchase('g5', 5, 3),
  exposure('o1', 'orange', 0),
  purchase('o1', 10, 1),
  purchase('u1', 1000, 1),
  purchase(null, 500, 1),
  exposure('x1', 'on', 0, 'new_navigation'),
  purchase('x1', 999, 1),
  exposure(null, 'green', 0),
];

const QUERY: ExperimentQuery = {
  featureName: 'checkout_button',
  controlVariant: 'blue',
  metrics: [
    { event: 'purchase', aggregation: 'occurrence' },
    { event: 'purchase', aggregation: 'count' },
    { event: 'purchase', aggregation: 'sum' },
    { event: 'purchase', aggregation: 'mean' },
  ],
};

/** Asserts each number of `actual` is within 1e-12 (relative) of `expected`; others equal. */
function expectMetric(actual: MetricResult | undefined, expected: MetricResult): void {
  expect(actual).toBeDefined();
  if (actual === undefined) return;
  const close = (a: number | null, b: number | null) => {
    if (b === null) expect(a).toBeNull();
    else
      expect(Math.abs((a ?? Number.NaN) - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
  };
  expect({ event: actual.event, aggregation: actual.aggregation, n: actual.n }).toEqual({
    event: expected.event,
    aggregation: expected.aggregation,
    n: expected.n,
  });
  close(actual.value, expected.value);
  close(actual.stdDev, expected.stdDev);
  close(actual.difference, expected.difference);
  close(actual.lift, expected.lift);
  close(actual.pValue, expected.pValue);
  close(actual.confidenceInterval?.lower ?? null, expected.confidenceInterval?.lower ?? null);
  close(actual.confidenceInterval?.upper ?? null, expected.confidenceInterval?.upper ?? null);
  expect(actual.significant).toBe(expected.significant);
}

const NO_COMPARISON = {
  difference: null,
  lift: null,
  confidenceInterval: null,
  pValue: null,
  significant: false,
} as const;

describe('computeExperimentResults', () => {
  const results = computeExperimentResults(EVENTS, QUERY);

  it('assigns each exposed identity the variant of its first exposure', () => {
    expect(results.featureName).toBe('checkout_button');
    expect(results.controlVariant).toBe('blue');
    expect(results.confidenceLevel).toBe(0.95);
    expect(results.exposedIdentities).toBe(10);
    expect(
      results.variants.map(({ variant, isControl, exposedIdentities, crossovers }) => ({
        variant,
        isControl,
        exposedIdentities,
        crossovers,
      })),
    ).toEqual([
      { variant: 'blue', isControl: true, exposedIdentities: 4, crossovers: 0 },
      { variant: 'green', isControl: false, exposedIdentities: 5, crossovers: 2 },
      { variant: 'orange', isControl: false, exposedIdentities: 1, crossovers: 0 },
    ]);
    expect(results.crossovers).toBe(2);
  });

  it('aggregates the control over events at or after each first exposure', () => {
    // occurrence [1, 0, 1, 1]; count [2, 0, 1, 2]; sum [40, 0, 25, 0]; mean [20, 25].
    const [occurrence, count, sum, mean] = results.variants[0]?.metrics ?? [];
    const metric = { event: 'purchase', ...NO_COMPARISON } as const;
    expectMetric(occurrence, {
      ...metric,
      aggregation: 'occurrence',
      n: 4,
      value: 0.75,
      stdDev: 0.5,
    });
    expectMetric(count, {
      ...metric,
      aggregation: 'count',
      n: 4,
      value: 1.25,
      stdDev: Math.sqrt(11 / 12),
    });
    expectMetric(sum, {
      ...metric,
      aggregation: 'sum',
      n: 4,
      value: 16.25,
      stdDev: Math.sqrt(4675 / 12),
    });
    expectMetric(mean, {
      ...metric,
      aggregation: 'mean',
      n: 2,
      value: 22.5,
      stdDev: Math.sqrt(12.5),
    });
  });

  it('compares a variant with the control by Welch t-test', () => {
    // green: occurrence [1, 1, 0, 1, 1]; count [2, 1, 0, 2, 3]; sum [120, 35, 0, 60, 15];
    // mean [60, 35, 30, 5]. Welch figures from Python (exact fractions + mpmath, see
    // test/internal/statistics.test.ts), e.g. for sum: means 46 vs 65/4, variances 4435/2 vs
    // 4675/12, SE 23.2571673540295, df 288890301/51677119 = 5.59029424608597, t 1.2791755568137,
    // t(0.975, df) 2.49104672489485.
    const [occurrence, count, sum, mean] = results.variants[1]?.metrics ?? [];
    expectMetric(occurrence, {
      event: 'purchase',
      aggregation: 'occurrence',
      n: 5,
      value: 0.8,
      stdDev: Math.sqrt(0.2),
      difference: 0.05,
      lift: 0.05 / 0.75,
      confidenceInterval: { lower: -0.728115109687084, upper: 0.828115109687084 },
      pValue: 0.880879086379224,
      significant: false,
    });
    expectMetric(count, {
      event: 'purchase',
      aggregation: 'count',
      n: 5,
      value: 1.6,
      stdDev: Math.sqrt(1.3),
      difference: 0.35,
      lift: 0.28,
      confidenceInterval: { lower: -1.30601214995593, upper: 2.00601214995593 },
      pValue: 0.632219382693144,
      significant: false,
    });
    expectMetric(sum, {
      event: 'purchase',
      aggregation: 'sum',
      n: 5,
      value: 46,
      stdDev: Math.sqrt(2217.5),
      difference: 29.75,
      lift: 29.75 / 16.25,
      confidenceInterval: { lower: -28.1846905675864, upper: 87.6846905675864 },
      pValue: 0.251360383607021,
      significant: false,
    });
    expectMetric(mean, {
      event: 'purchase',
      aggregation: 'mean',
      n: 4,
      value: 32.5,
      stdDev: Math.sqrt(1525 / 3),
      difference: 10,
      lift: 10 / 22.5,
      confidenceInterval: { lower: -25.043088369044, upper: 45.043088369044 },
      pValue: 0.445217821997174,
      significant: false,
    });
  });

  it('gives a difference and lift but no test for a variant with one identity', () => {
    const [occurrence, , , mean] = results.variants[2]?.metrics ?? [];
    expectMetric(occurrence, {
      event: 'purchase',
      aggregation: 'occurrence',
      n: 1,
      value: 1,
      stdDev: null,
      difference: 0.25,
      lift: 0.25 / 0.75,
      confidenceInterval: null,
      pValue: null,
      significant: false,
    });
    expect(mean).toMatchObject({ n: 1, value: 10, difference: -12.5, pValue: null });
    expect(mean?.lift).toBeCloseTo(-12.5 / 22.5, 14);
  });

  it('flags a significant difference', () => {
    // 8 of 10 green identities buy for 10, 2 of 10 blue ones: occurrence 0.8 vs 0.2, both s² 8/45,
    // SE 0.188561808316413, df 18, t 3.18198051533946; mpmath p 0.0051629256736768,
    // t(0.975, 18) 2.10092204024104.
    const events: ExperimentEvent[] = [];
    for (let index = 0; index < 10; index++) {
      events.push(exposure(`blue_${index}`, 'blue', 0), exposure(`green_${index}`, 'green', 0));
      if (index < 2) events.push(purchase(`blue_${index}`, 10, 1));
      if (index < 8) events.push(purchase(`green_${index}`, 10, 1));
    }
    const result = computeExperimentResults(events, {
      ...QUERY,
      metrics: [{ event: 'purchase', aggregation: 'occurrence' }],
    });
    const [occurrence] = result.variants[1]?.metrics ?? [];
    expectMetric(occurrence, {
      event: 'purchase',
      aggregation: 'occurrence',
      n: 10,
      value: 0.8,
      stdDev: Math.sqrt(8 / 45),
      difference: 0.6,
      lift: 3,
      confidenceInterval: { lower: 0.203846340960343, upper: 0.996153659039657 },
      pValue: 0.0051629256736768,
      significant: true,
    });
  });

  it('leaves the lift null when the control value is 0', () => {
    const events = [
      exposure('c1', 'blue', 0),
      exposure('c2', 'blue', 0),
      exposure('t1', 'green', 0),
      exposure('t2', 'green', 0),
      purchase('t1', 4, 1),
    ];
    const result = computeExperimentResults(events, {
      ...QUERY,
      metrics: [{ event: 'purchase', aggregation: 'sum' }],
    });
    // green [4, 0] vs blue [0, 0]: SE = √(8/2) = 2, df = n − 1 = 1, t = 1, p = 1 − 2·atan(1)/π = ½.
    const [sum] = result.variants[1]?.metrics ?? [];
    expect(sum?.difference).toBe(2);
    expect(sum?.lift).toBeNull();
    expect(sum?.pValue).toBeCloseTo(0.5, 13);
  });

  it('lists a control nobody saw, with null comparisons for every variant', () => {
    const result = computeExperimentResults(EVENTS, { ...QUERY, controlVariant: 'purple' });
    expect(result.variants.map((variant) => variant.variant)).toEqual([
      'purple',
      'blue',
      'green',
      'orange',
    ]);
    const [control, , green] = result.variants;
    expect(control).toMatchObject({ isControl: true, exposedIdentities: 0, crossovers: 0 });
    expect(control?.metrics[0]).toEqual({
      event: 'purchase',
      aggregation: 'occurrence',
      n: 0,
      value: null,
      stdDev: null,
      ...NO_COMPARISON,
    });
    expect(green?.metrics[2]).toMatchObject({ n: 5, value: 46, ...NO_COMPARISON });
    expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity/);
  });

  it('counts only exposures with an identifier as assignments and lists variants without metrics', () => {
    const result = computeExperimentResults(EVENTS, { ...QUERY, metrics: [] });
    expect(result.exposedIdentities).toBe(10);
    expect(result.variants.every((variant) => variant.metrics.length === 0)).toBe(true);
    expect(computeExperimentResults([], QUERY).variants).toHaveLength(1);
  });

  it('reads numeric exposure values as the processor sends them, stringified', () => {
    const result = computeExperimentResults(
      [{ ...exposure('n1', 'x', 0), value: 2 }, exposure('n2', '2', 0)],
      { ...QUERY, controlVariant: '2' },
    );
    expect(result.variants).toHaveLength(1);
    expect(result.variants[0]?.exposedIdentities).toBe(2);
  });

  it.each([
    [null, /pass \{featureName, controlVariant, metrics/],
    [{ ...QUERY, featureName: '' }, /featureName must be the flag key/],
    [{ ...QUERY, controlVariant: 3 }, /controlVariant must be/],
    [{ ...QUERY, metrics: 'purchase' }, /metrics must be an array/],
    [{ ...QUERY, metrics: [{ event: '', aggregation: 'sum' }] }, /metrics\[0\]\.event/],
    [
      { ...QUERY, metrics: [{ event: 'purchase', aggregation: 'median' }] },
      /metrics\[0\]\.aggregation must be one of occurrence, count, sum, mean, got "median"/,
    ],
  ])('throws a TypeError for a malformed query (%#)', (query, message) => {
    expect(() => computeExperimentResults(EVENTS, query as unknown as ExperimentQuery)).toThrow(
      TypeError,
    );
    expect(() => computeExperimentResults(EVENTS, query as unknown as ExperimentQuery)).toThrow(
      message,
    );
  });
});
