import { describe, expect, it } from 'vitest';
import {
  logBeta,
  logGamma,
  regularizedIncompleteBeta,
  studentTCdf,
  studentTQuantile,
  studentTTwoSidedP,
  summarize,
  welchTTest,
} from '../../src/internal/statistics';

/**
 * Reference figures below were computed independently of this code, in Python 3: means and
 * variances as exact fractions (`fractions.Fraction`), the t distribution with mpmath at 50
 * digits (`betainc(df/2, 1/2, 0, df/(df+t²), regularized=True)` for the two-sided p, `findroot`
 * on it for quantiles), each p cross-checked by integrating the t density (`mpmath.quad`).
 */

/** Asserts `actual` is within `relative` of `expected`, relative to its size. */
function expectRelative(actual: number, expected: number, relative = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

describe('logGamma and logBeta', () => {
  it('gives ln((n − 1)!) at the integers and ln √π at ½', () => {
    let factorial = 1;
    for (let n = 1; n <= 30; n++) {
      expect(logGamma(n)).toBeCloseTo(Math.log(factorial), 12);
      factorial *= n;
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
  });

  it('matches ln Γ(a) + ln Γ(b) − ln Γ(a + b), also where one argument is huge', () => {
    // B(3, 4) = 2! 3! / 6! = 1/60.
    expect(logBeta(3, 4)).toBeCloseTo(-Math.log(60), 14);
    // mpmath: log(beta(12.5, 30.25)) = -25.996684066372519286…
    expectRelative(logBeta(12.5, 30.25), -25.99668406637252, 1e-14);
    // mpmath: log(beta(5e5, 0.5)) = -5.988816495777464310…
    expectRelative(logBeta(5e5, 0.5), -5.988816495777464, 1e-14);
  });

  it('refuses non-positive arguments', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => logGamma(Number.NaN)).toThrow(RangeError);
  });
});

describe('regularizedIncompleteBeta', () => {
  it('matches the closed forms for integer parameters', () => {
    for (const x of [0.001, 0.1, 0.3, 0.5, 0.77, 0.999]) {
      // I_x(1, b) = 1 − (1 − x)^b and I_x(a, 1) = x^a.
      expectRelative(regularizedIncompleteBeta(x, 1, 3.5), 1 - (1 - x) ** 3.5);
      expectRelative(regularizedIncompleteBeta(x, 4.25, 1), x ** 4.25);
      // I_x(2, 3) = P(Binomial(4, x) ≥ 2) = 6x²(1−x)² + 4x³(1−x) + x⁴.
      expectRelative(
        regularizedIncompleteBeta(x, 2, 3),
        6 * x ** 2 * (1 - x) ** 2 + 4 * x ** 3 * (1 - x) + x ** 4,
      );
    }
  });

  it('is 0 at x = 0 and 1 at x = 1, and refuses arguments out of range', () => {
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    expect(() => regularizedIncompleteBeta(1.5, 2, 3)).toThrow(RangeError);
    expect(() => regularizedIncompleteBeta(0.5, 0, 3)).toThrow(RangeError);
  });
});

describe('Student t distribution', () => {
  it('gives the known two-sided p-values', () => {
    // mpmath: 0.0733880347707404 (t = 2, df = 10); the textbook table value is 0.07339.
    expectRelative(studentTTwoSidedP(2, 10), 0.0733880347707404, 1e-13);
    // mpmath: 0.0499960675852698; at a million df the t is all but normal (0.0499958 at ∞).
    expectRelative(studentTTwoSidedP(1.96, 1e6), 0.0499960675852698, 1e-9);
    // mpmath: 0.200219085656154 (t = −1.5, df = 4.5, a non-integer df as Welch produces).
    expectRelative(studentTTwoSidedP(-1.5, 4.5), 0.200219085656154, 1e-13);
    expect(studentTTwoSidedP(0, 3)).toBe(1);
    expect(studentTTwoSidedP(Infinity, 3)).toBe(0);
  });

  it('matches the closed forms at 1 and 2 degrees of freedom', () => {
    for (const t of [-40, -3, -1, -0.2, 0, 0.5, 1.7, 6, 250]) {
      // df = 1 is the Cauchy distribution; df = 2 has F(t) = ½ + t / (2√(2 + t²)).
      expectRelative(studentTCdf(t, 1), 0.5 + Math.atan(t) / Math.PI);
      expectRelative(studentTCdf(t, 2), 0.5 + t / (2 * Math.sqrt(2 + t * t)));
    }
  });

  it('is symmetric: F(−t) = 1 − F(t)', () => {
    for (const df of [0.7, 3, 12.5, 400]) {
      for (const t of [0.1, 1, 2.5, 9]) {
        expect(studentTCdf(-t, df)).toBeCloseTo(1 - studentTCdf(t, df), 14);
      }
    }
  });

  it('gives the known quantiles', () => {
    // Tables: t(0.975, 10) ≈ 2.228139, t(0.975, 30) ≈ 2.042272; mpmath gives the digits below.
    expectRelative(studentTQuantile(0.975, 10), 2.22813885198627, 1e-13);
    expectRelative(studentTQuantile(0.975, 30), 2.04227245630124, 1e-13);
    // mpmath: t(0.9, 7.25) = 1.4098848953259.
    expectRelative(studentTQuantile(0.9, 7.25), 1.4098848953259, 1e-12);
    // Closed forms: tan(π(p − ½)) at df = 1, (2p − 1) / √(2p(1 − p)) at df = 2.
    for (const p of [0.001, 0.2, 0.6, 0.975, 0.9999]) {
      expectRelative(studentTQuantile(p, 1), Math.tan(Math.PI * (p - 0.5)), 1e-10);
      expectRelative(studentTQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 1e-10);
    }
    expect(studentTQuantile(0.5, 5)).toBe(0);
  });

  it('inverts its own CDF', () => {
    for (const df of [0.5, 1.3, 4, 17.8, 250, 1e5]) {
      for (const p of [1e-9, 0.01, 0.3, 0.5, 0.8, 0.995, 1 - 1e-9]) {
        expectRelative(studentTCdf(studentTQuantile(p, df), df), p, 1e-9);
      }
    }
  });

  it('refuses degrees of freedom and probabilities out of range', () => {
    expect(() => studentTCdf(1, 0)).toThrow(RangeError);
    expect(() => studentTCdf(1, Infinity)).toThrow(RangeError);
    expect(() => studentTCdf(Number.NaN, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0, 3)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('gives n, the mean and the unbiased variance', () => {
    // Exact: mean 41/3, variance 706/375.
    const summary = summarize([12.1, 14.3, 13.8, 15.2, 11.9, 14.7]);
    expect(summary.n).toBe(6);
    expect(summary.mean).toBeCloseTo(41 / 3, 13);
    expect(summary.variance).toBeCloseTo(706 / 375, 13);
  });

  it('keeps its precision far from zero', () => {
    const summary = summarize([1e9 + 1, 1e9 + 2, 1e9 + 3]);
    expect(summary.variance).toBe(1);
  });

  it('reports variance 0 below two observations', () => {
    expect(summarize([])).toEqual({ n: 0, mean: 0, variance: 0 });
    expect(summarize([4.5])).toEqual({ n: 1, mean: 4.5, variance: 0 });
  });
});

describe('welchTTest', () => {
  it('matches a hand-computed Welch test', () => {
    // A = 12.1 14.3 13.8 15.2 11.9 14.7: n 6, mean 41/3 = 13.6667, s² 706/375 = 1.882667
    // B = 10.4 12.2 11.8 10.9 13.1 11.5 12.6 10.1: n 8, mean 463/40 = 11.575, s² 1567/1400
    // difference 2.0916667; SE = √(s²A/6 + s²B/8) = 0.673564022245467
    // df = (s²A/6 + s²B/8)² / ((s²A/6)²/5 + (s²B/8)²/7) = 1829972839835/199928499277 = 9.15313647855467
    // t = 3.10537172055844; p = 0.0123623910406085; t(0.975, df) = 2.25640105819648
    // CI = 2.0916667 ± 2.25640105819648 × 0.673564022245467 = [0.571836094108918, 3.61149723922442]
    const result = welchTTest(
      summarize([12.1, 14.3, 13.8, 15.2, 11.9, 14.7]),
      summarize([10.4, 12.2, 11.8, 10.9, 13.1, 11.5, 12.6, 10.1]),
    );
    expect(result).toBeDefined();
    if (result === undefined) return;
    expectRelative(result.difference, 2.09166666666667, 1e-13);
    expectRelative(result.standardError, 0.673564022245467, 1e-13);
    expectRelative(result.degreesOfFreedom, 9.15313647855467, 1e-13);
    expectRelative(result.t, 3.10537172055844, 1e-13);
    expectRelative(result.pValue, 0.0123623910406085, 1e-11);
    expectRelative(result.confidenceInterval.lower, 0.571836094108918, 1e-11);
    expectRelative(result.confidenceInterval.upper, 3.61149723922442, 1e-11);
  });

  it('gives the opposite difference and the same p-value with the samples swapped', () => {
    const a = summarize([3, 5, 4, 8]);
    const b = summarize([1, 2, 2, 3, 1]);
    const forward = welchTTest(a, b);
    const backward = welchTTest(b, a);
    expect(backward?.difference).toBe(-(forward?.difference ?? 0));
    expect(backward?.pValue).toBeCloseTo(forward?.pValue ?? -1, 15);
  });

  it('takes the other confidence levels', () => {
    // Same samples as above: t(0.95, 9.15313647855467) = 1.83, so the 90% interval is narrower.
    const a = summarize([12.1, 14.3, 13.8, 15.2, 11.9, 14.7]);
    const b = summarize([10.4, 12.2, 11.8, 10.9, 13.1, 11.5, 12.6, 10.1]);
    const ninety = welchTTest(a, b, 0.9);
    const ninetyFive = welchTTest(a, b, 0.95);
    expect(ninety?.confidenceInterval.lower).toBeGreaterThan(
      ninetyFive?.confidenceInterval.lower ?? Infinity,
    );
    expect(() => welchTTest(a, b, 1)).toThrow(RangeError);
  });

  it('returns undefined when a side has fewer than two observations', () => {
    expect(welchTTest(summarize([1]), summarize([1, 2, 3]))).toBeUndefined();
    expect(welchTTest(summarize([1, 2, 3]), summarize([]))).toBeUndefined();
  });

  it('takes the degrees of freedom of the varying side when the other has no variance', () => {
    // s² = 0 on one side: df = (s²/n)² / ((s²/n)² / (n − 1)) = n − 1.
    const result = welchTTest(summarize([1, 2, 3, 4, 5]), summarize([0, 0, 0]));
    expect(result?.degreesOfFreedom).toBeCloseTo(4, 12);
    // t = 3 / √(2.5 / 5) = 4.242640687; mpmath: p(4.242640687, 4) = 0.0132355995636827.
    expectRelative(result?.pValue ?? Number.NaN, 0.0132355995636827, 1e-12);
  });

  it('answers p = 1 or 0 without NaN when neither side varies', () => {
    const same = welchTTest(summarize([2, 2]), summarize([2, 2, 2]));
    expect(same).toMatchObject({
      difference: 0,
      standardError: 0,
      t: 0,
      degreesOfFreedom: 3,
      pValue: 1,
      confidenceInterval: { lower: 0, upper: 0 },
    });
    const apart = welchTTest(summarize([1, 1]), summarize([3, 3, 3]));
    expect(apart).toMatchObject({
      difference: -2,
      t: -Infinity,
      pValue: 0,
      confidenceInterval: { lower: -2, upper: -2 },
    });
  });
});
