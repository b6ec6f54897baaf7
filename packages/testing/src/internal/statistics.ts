/**
 * The statistics behind experiment results: sample summaries, Student's t distribution and
 * Welch's unequal-variances t-test. Plain IEEE arithmetic, no dependencies. Against 50-digit
 * references, p-values are within 1e-13 (relative) up to 10⁴ degrees of freedom, 1e-10 up to 10⁷
 * (the continued fraction loses digits as x → 1); p-values below ~1e-300 underflow to 0.
 */

/** The mean and spread of a sample of observations. */
export interface SampleSummary {
  /** The number of observations. */
  n: number;
  /** The arithmetic mean, `0` for an empty sample. */
  mean: number;
  /** The unbiased sample variance (divisor `n - 1`), `0` when `n < 2`. */
  variance: number;
}

/** A two-sided interval. */
export interface Interval {
  lower: number;
  upper: number;
}

/** The outcome of {@link welchTTest}: `treatment − control`, its uncertainty and the test. */
export interface WelchTestResult {
  /** `treatment.mean − control.mean`. */
  difference: number;
  /** `√(s₁²/n₁ + s₂²/n₂)`. */
  standardError: number;
  /** `difference / standardError`; `±Infinity` when the standard error is 0 and the means differ. */
  t: number;
  /** The Welch–Satterthwaite degrees of freedom. */
  degreesOfFreedom: number;
  /** The two-sided p-value of "the means are equal". */
  pValue: number;
  /** The confidence interval of `difference` at the requested level. */
  confidenceInterval: Interval;
}

/** Mean and unbiased variance, computed in two passes so large offsets cost no precision. */
export function summarize(values: readonly number[]): SampleSummary {
  const n = values.length;
  if (n === 0) return { n, mean: 0, variance: 0 };
  let total = 0;
  for (const value of values) total += value;
  const mean = total / n;
  if (n < 2) return { n, mean, variance: 0 };
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return { n, mean, variance: squares / (n - 1) };
}

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** Below this, ln Γ is reached through the recurrence; at and above it, Stirling's series. */
const STIRLING_FROM = 10;

/**
 * The correction term of Stirling's series, ln Γ(z) − ((z − ½) ln z − z + ½ ln 2π), as the sum
 * of B₂ₖ / (2k (2k − 1) z²ᵏ⁻¹) for k = 1…7: below 1e-16 in error for z ≥ 10.
 */
function stirlingCorrection(z: number): number {
  const inverse = 1 / z;
  const inverseSquared = inverse * inverse;
  return (
    inverse *
    (1 / 12 +
      inverseSquared *
        (-1 / 360 +
          inverseSquared *
            (1 / 1260 +
              inverseSquared *
                (-1 / 1680 +
                  inverseSquared *
                    (1 / 1188 + inverseSquared * (-691 / 360_360 + inverseSquared / 156))))))
  );
}

/** ln Γ(x) for x > 0, through Γ(x) = Γ(x + k) / (x (x + 1) … (x + k − 1)) for small x. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma: x must be positive, got ${x}.`);
  let product = 1;
  let z = x;
  while (z < STIRLING_FROM) {
    product *= z;
    z += 1;
  }
  return (z - 0.5) * Math.log(z) - z + HALF_LOG_TWO_PI + stirlingCorrection(z) - Math.log(product);
}

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). With a large argument, ln Γ(large) − ln Γ(large +
 * small) is formed from Stirling's series directly, since subtracting two ln Γ values of
 * millions would cost up to nine digits (it matters for Welch tests with large samples).
 */
export function logBeta(a: number, b: number): number {
  const small = Math.min(a, b);
  const large = Math.max(a, b);
  if (large < STIRLING_FROM) return logGamma(a) + logGamma(b) - logGamma(a + b);
  const sum = large + small;
  // (L − ½) ln L − L − ((S' − ½) ln S' − S') with S' = L + s, rearranged around log1p(s / L).
  const leading = -(large - 0.5) * Math.log1p(small / large) - small * Math.log(sum) + small;
  return logGamma(small) + leading + stirlingCorrection(large) - stirlingCorrection(sum);
}

const TINY = 1e-300;
const EPSILON = 1e-15;
const MAX_FRACTION_TERMS = 100_000;

/**
 * The continued fraction of the incomplete beta function (DLMF 8.17.22), evaluated with the
 * modified Lentz method. Converges fast for x < (a + 1) / (a + b + 2).
 */
function betaContinuedFraction(a: number, b: number, x: number): number {
  // f = 1 / (1 + d₁ / (1 + d₂ / (1 + …))), with d₁ = −(a + b) x / (a + 1).
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = Math.abs(d) < TINY ? 1 / TINY : 1 / d;
  let fraction = d;
  for (let m = 1; m <= MAX_FRACTION_TERMS; m++) {
    // Even step: d₂ₘ = m (b − m) x / ((a + 2m − 1)(a + 2m)).
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 + even * d;
    d = Math.abs(d) < TINY ? 1 / TINY : 1 / d;
    c = 1 + even / c;
    if (Math.abs(c) < TINY) c = TINY;
    fraction *= d * c;
    // Odd step: d₂ₘ₊₁ = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
    const odd = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + odd * d;
    d = Math.abs(d) < TINY ? 1 / TINY : 1 / d;
    c = 1 + odd / c;
    if (Math.abs(c) < TINY) c = TINY;
    const step = d * c;
    fraction *= step;
    if (Math.abs(step - 1) < EPSILON) return fraction;
  }
  return fraction;
}

/**
 * The regularized incomplete beta function Iₓ(a, b) for a, b > 0 and 0 ≤ x ≤ 1. `complement`
 * is `1 − x`, passed separately when the caller knows it more precisely than the subtraction.
 */
export function regularizedIncompleteBeta(
  x: number,
  a: number,
  b: number,
  complement = 1 - x,
): number {
  if (!(a > 0 && b > 0)) {
    throw new RangeError(`regularizedIncompleteBeta: a and b must be positive, got ${a}, ${b}.`);
  }
  if (!(x >= 0 && x <= 1)) {
    throw new RangeError(`regularizedIncompleteBeta: x must lie in [0, 1], got ${x}.`);
  }
  if (x === 0) return 0;
  if (complement === 0) return 1;
  // Iₓ(a, b) = xᵃ (1 − x)ᵇ / (a B(a, b)) · fraction, and Iₓ(a, b) = 1 − I₁₋ₓ(b, a).
  // Near 1, ln x is formed from the complement: a·ln x with a in the millions would otherwise
  // magnify the rounding of x itself.
  const logX = x > 0.5 ? Math.log1p(-complement) : Math.log(x);
  const logComplement = complement > 0.5 ? Math.log1p(-x) : Math.log(complement);
  const logFront = a * logX + b * logComplement - logBeta(a, b);
  const value =
    x < (a + 1) / (a + b + 2)
      ? (Math.exp(logFront) * betaContinuedFraction(a, b, x)) / a
      : 1 - (Math.exp(logFront) * betaContinuedFraction(b, a, complement)) / b;
  // Rounding may step a hair outside [0, 1]; a probability never does.
  return Math.min(1, Math.max(0, value));
}

function checkDegreesOfFreedom(name: string, df: number): void {
  if (!(df > 0 && Number.isFinite(df))) {
    throw new RangeError(
      `${name}: degrees of freedom must be a positive finite number, got ${df}.`,
    );
  }
}

/** P(|T| ≥ |t|) for Student's t with `df` degrees of freedom: I_{df/(df+t²)}(df/2, 1/2). */
export function studentTTwoSidedP(t: number, df: number): number {
  checkDegreesOfFreedom('studentTTwoSidedP', df);
  if (Number.isNaN(t)) throw new RangeError('studentTTwoSidedP: t is NaN.');
  if (!Number.isFinite(t)) return 0;
  const squared = t * t;
  if (squared === Infinity) return 0;
  return regularizedIncompleteBeta(df / (df + squared), df / 2, 0.5, squared / (df + squared));
}

/** The cumulative distribution function P(T ≤ t) of Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  checkDegreesOfFreedom('studentTCdf', df);
  if (Number.isNaN(t)) throw new RangeError('studentTCdf: t is NaN.');
  const tail = studentTTwoSidedP(t, df) / 2;
  return t < 0 ? tail : 1 - tail;
}

/**
 * The quantile (inverse CDF) of Student's t: the t with P(T ≤ t) = p. Found on the upper tail
 * (for precision near p = 1) by bracketing, then bisection to the last representable digit.
 */
export function studentTQuantile(p: number, df: number): number {
  checkDegreesOfFreedom('studentTQuantile', df);
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile: p must lie in (0, 1), got ${p}.`);
  if (p === 0.5) return 0;
  // Solve P(|T| ≥ t) = tailMass for t > 0; the distribution is symmetric.
  const tailMass = 2 * Math.min(p, 1 - p);
  let low = 0;
  let high = 1;
  while (studentTTwoSidedP(high, df) > tailMass) {
    low = high;
    high *= 2;
  }
  for (let step = 0; step < 2_000; step++) {
    const middle = low + (high - low) / 2;
    if (middle <= low || middle >= high) break;
    if (studentTTwoSidedP(middle, df) > tailMass) low = middle;
    else high = middle;
  }
  const t = low + (high - low) / 2;
  return p < 0.5 ? -t : t;
}

/**
 * Welch's unequal-variances t-test of `treatment.mean − control.mean`, two-sided, with its
 * confidence interval `difference ± t_{(1+level)/2, df} × SE`. Returns `undefined` when either
 * sample has fewer than 2 observations (no variance to estimate).
 *
 * When both variances are 0 the standard error is 0: equal means give p = 1 and the interval
 * [0, 0]; different means give p = 0 and the interval [difference, difference] (the limit as
 * the variances shrink), with df = n₁ + n₂ − 2.
 */
export function welchTTest(
  treatment: SampleSummary,
  control: SampleSummary,
  confidenceLevel = 0.95,
): WelchTestResult | undefined {
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
    throw new RangeError(`welchTTest: confidenceLevel must lie in (0, 1), got ${confidenceLevel}.`);
  }
  if (treatment.n < 2 || control.n < 2) return undefined;
  const difference = treatment.mean - control.mean;
  const treatmentShare = treatment.variance / treatment.n;
  const controlShare = control.variance / control.n;
  const varianceOfDifference = treatmentShare + controlShare;
  const standardError = Math.sqrt(varianceOfDifference);
  if (standardError === 0) {
    return {
      difference,
      standardError,
      t: difference === 0 ? 0 : difference > 0 ? Infinity : -Infinity,
      degreesOfFreedom: treatment.n + control.n - 2,
      pValue: difference === 0 ? 1 : 0,
      confidenceInterval: { lower: difference, upper: difference },
    };
  }
  const degreesOfFreedom =
    varianceOfDifference ** 2 /
    (treatmentShare ** 2 / (treatment.n - 1) + controlShare ** 2 / (control.n - 1));
  const t = difference / standardError;
  const margin = studentTQuantile((1 + confidenceLevel) / 2, degreesOfFreedom) * standardError;
  return {
    difference,
    standardError,
    t,
    degreesOfFreedom,
    pValue: studentTTwoSidedP(t, degreesOfFreedom),
    confidenceInterval: { lower: difference - margin, upper: difference + margin },
  };
}
