import { FLAG_EXPOSURE_EVENT } from './internal/events-schema';
import { resolveExperimentQuery } from './internal/experiment-query';
import type { SampleSummary } from './internal/statistics';
import { summarize, welchTTest } from './internal/statistics';
import type { ReceivedEvent } from './received-event';

/**
 * How a metric turns an identity's events into one number:
 * - `occurrence`: 1 when the identity has at least one event, else 0 (the variant's value is
 *   the share of identities that converted);
 * - `count`: the number of events;
 * - `sum`: the sum of the events' numeric values (a string or `null` value adds 0);
 * - `mean`: the mean of the identity's numeric event values, for identities with at least one
 *   (the others are not observations).
 */
export type MetricAggregation = 'occurrence' | 'count' | 'sum' | 'mean';

/** A metric to compare across variants: an event name and how to aggregate it. */
export interface ExperimentMetric {
  /** The event name, such as `purchase`. */
  event: string;
  /** How each identity's events become one observation. */
  aggregation: MetricAggregation;
}

/** What {@link computeExperimentResults} and `server.experimentResults()` compare. */
export interface ExperimentQuery {
  /** The flag key of the experiment: exposures are `$flag_exposure` events with this `feature_name`. */
  featureName: string;
  /** The exposure `value` of the control variant, such as `blue`. */
  controlVariant: string;
  /** The metrics to compute, in the order the result lists them. */
  metrics: readonly ExperimentMetric[];
}

/** The fields of an event that experiment results read: a {@link ReceivedEvent} fits. */
export type ExperimentEvent = Pick<
  ReceivedEvent,
  'event' | 'feature_name' | 'identifier' | 'value' | 'timestamp'
>;

/** A 95% confidence interval. */
export interface ConfidenceInterval {
  lower: number;
  upper: number;
}

/** One metric of one variant, and (except for the control) its comparison with the control. */
export interface MetricResult {
  event: string;
  aggregation: MetricAggregation;
  /**
   * The number of observations: the variant's exposed identities, or for `mean` those of them
   * with at least one numeric value of the event.
   */
  n: number;
  /** The mean of the observations (for `occurrence`, the conversion rate); `null` when `n` is 0. */
  value: number | null;
  /** The sample standard deviation of the observations (divisor `n − 1`); `null` when `n < 2`. */
  stdDev: number | null;
  /** `value − control value`; `null` for the control and when either value is `null`. */
  difference: number | null;
  /**
   * `difference / |control value|` (0.1 is +10%); `null` for the control and when the control's
   * value is 0 or `null`.
   */
  lift: number | null;
  /**
   * The 95% confidence interval of `difference` (Welch), in the metric's own units; `null` for
   * the control and when either side has fewer than 2 observations.
   */
  confidenceInterval: ConfidenceInterval | null;
  /**
   * The two-sided p-value of Welch's t-test of "the variant's mean equals the control's";
   * `null` for the control and when either side has fewer than 2 observations.
   */
  pValue: number | null;
  /** Whether `pValue < 0.05` (equivalently, the confidence interval excludes 0). */
  significant: boolean;
}

/** One variant of the experiment. */
export interface VariantResult {
  /** The exposure value, such as `green`. */
  variant: string;
  /** Whether this is the query's control variant. */
  isControl: boolean;
  /** How many identities were assigned this variant by their first exposure. */
  exposedIdentities: number;
  /** How many of those identities were later also exposed to another variant. */
  crossovers: number;
  /** One entry per metric of the query, in its order. */
  metrics: MetricResult[];
}

/** The outcome of an experiment analysis. */
export interface ExperimentResults {
  featureName: string;
  controlVariant: string;
  /** The confidence level of every interval (0.95). */
  confidenceLevel: number;
  /** Identities with at least one exposure, over all variants. */
  exposedIdentities: number;
  /** Identities exposed to more than one variant, over all variants. */
  crossovers: number;
  /**
   * The control first (listed even when no identity was exposed to it, with `n` 0 and `null`
   * comparisons everywhere), then the other variants in code-unit order of their values.
   */
  variants: VariantResult[];
}

/** The confidence level of intervals. */
const CONFIDENCE_LEVEL = 0.95;
/** A difference is significant below this p-value (1 − the confidence level, written exactly). */
const SIGNIFICANCE_LEVEL = 0.05;

interface Assignment {
  variant: string;
  exposedAt: number;
  crossover: boolean;
}

/** What one identity did with one event name after its first exposure. */
interface Activity {
  count: number;
  numericCount: number;
  numericSum: number;
}

const NO_ACTIVITY: Activity = Object.freeze({ count: 0, numericCount: 0, numericSum: 0 });

/** An exposure's variant: strings as sent, numbers stringified as the processor does. */
function exposureVariant(event: ExperimentEvent): string | undefined {
  if (typeof event.value === 'string') return event.value;
  if (typeof event.value === 'number') return String(event.value);
  return undefined;
}

function isExposureOf(event: ExperimentEvent, featureName: string): boolean {
  return (
    event.event === FLAG_EXPOSURE_EVENT &&
    event.feature_name === featureName &&
    typeof event.identifier === 'string'
  );
}

/** Each exposed identity's variant: the value of its earliest exposure (ties: the first listed). */
function assignIdentities(
  events: readonly ExperimentEvent[],
  featureName: string,
): Map<string, Assignment> {
  const assignments = new Map<string, Assignment>();
  for (const event of events) {
    const variant = exposureVariant(event);
    if (!isExposureOf(event, featureName) || variant === undefined) continue;
    const identifier = event.identifier as string;
    const current = assignments.get(identifier);
    if (current === undefined || event.timestamp < current.exposedAt) {
      assignments.set(identifier, { variant, exposedAt: event.timestamp, crossover: false });
    }
  }
  for (const event of events) {
    const variant = exposureVariant(event);
    if (!isExposureOf(event, featureName) || variant === undefined) continue;
    const assignment = assignments.get(event.identifier as string);
    if (assignment !== undefined && assignment.variant !== variant) assignment.crossover = true;
  }
  return assignments;
}

/** Per event name, per exposed identity: what it did from its first exposure on. */
function collectActivity(
  events: readonly ExperimentEvent[],
  assignments: ReadonlyMap<string, Assignment>,
  eventNames: ReadonlySet<string>,
): Map<string, Map<string, Activity>> {
  const activity = new Map<string, Map<string, Activity>>();
  for (const name of eventNames) activity.set(name, new Map());
  for (const event of events) {
    const byIdentity = activity.get(event.event);
    if (byIdentity === undefined || typeof event.identifier !== 'string') continue;
    const assignment = assignments.get(event.identifier);
    if (assignment === undefined || event.timestamp < assignment.exposedAt) continue;
    let entry = byIdentity.get(event.identifier);
    if (entry === undefined) {
      entry = { count: 0, numericCount: 0, numericSum: 0 };
      byIdentity.set(event.identifier, entry);
    }
    entry.count += 1;
    if (typeof event.value === 'number' && Number.isFinite(event.value)) {
      entry.numericCount += 1;
      entry.numericSum += event.value;
    }
  }
  return activity;
}

/** The observations a metric draws from a variant's identities. */
function observations(
  identifiers: readonly string[],
  activity: ReadonlyMap<string, Activity>,
  aggregation: MetricAggregation,
): number[] {
  const values: number[] = [];
  for (const identifier of identifiers) {
    const { count, numericCount, numericSum } = activity.get(identifier) ?? NO_ACTIVITY;
    switch (aggregation) {
      case 'occurrence':
        values.push(count > 0 ? 1 : 0);
        break;
      case 'count':
        values.push(count);
        break;
      case 'sum':
        values.push(numericSum);
        break;
      case 'mean':
        if (numericCount > 0) values.push(numericSum / numericCount);
        break;
    }
  }
  return values;
}

function metricResult(
  metric: ExperimentMetric,
  sample: SampleSummary,
  control: SampleSummary | undefined,
): MetricResult {
  const value = sample.n > 0 ? sample.mean : null;
  const result: MetricResult = {
    event: metric.event,
    aggregation: metric.aggregation,
    n: sample.n,
    value,
    stdDev: sample.n >= 2 ? Math.sqrt(sample.variance) : null,
    difference: null,
    lift: null,
    confidenceInterval: null,
    pValue: null,
    significant: false,
  };
  if (control === undefined || value === null || control.n === 0) return result;
  result.difference = value - control.mean;
  result.lift = control.mean === 0 ? null : result.difference / Math.abs(control.mean);
  const test = welchTTest(sample, control, CONFIDENCE_LEVEL);
  if (test !== undefined) {
    result.confidenceInterval = { ...test.confidenceInterval };
    result.pValue = test.pValue;
    result.significant = test.pValue < SIGNIFICANCE_LEVEL;
  }
  return result;
}

/**
 * Computes experiment results from a list of events (such as `server.events`):
 *
 * - An identity is **exposed** when it has a `$flag_exposure` event whose `feature_name` is
 *   `featureName`. Its **variant** is the `value` of its earliest exposure by `timestamp`
 *   (ties: the one listed first). Later exposures to another variant do not move it (intent to
 *   treat); such identities are counted as `crossovers`. An exposure whose `value` is `null`
 *   assigns nothing; a number is read as its string, as the event processor sends it.
 * - A metric counts only the identity's events named `metric.event` with a `timestamp` at or
 *   after its first exposure. Events without an identifier or from unexposed identities are
 *   ignored.
 * - Per identity, the metric's aggregation gives one observation (see {@link MetricAggregation});
 *   a variant's `value` is the mean of its observations, compared with the control's by Welch's
 *   t-test.
 *
 * Throws a `TypeError` when the query is malformed. A control variant nobody was exposed to is
 * not an error: it is listed with `n` 0, and every comparison is `null`.
 */
export function computeExperimentResults(
  events: readonly ExperimentEvent[],
  query: ExperimentQuery,
): ExperimentResults {
  const { featureName, controlVariant, metrics } = resolveExperimentQuery(
    query,
    'computeExperimentResults',
  );
  if (!Array.isArray(events)) {
    throw new TypeError(
      'computeExperimentResults: pass the events as an array, such as server.events.',
    );
  }
  const assignments = assignIdentities(events, featureName);
  const activity = collectActivity(
    events,
    assignments,
    new Set(metrics.map((metric) => metric.event)),
  );

  const members = new Map<string, string[]>([[controlVariant, []]]);
  for (const [identifier, { variant }] of assignments) {
    const list = members.get(variant);
    if (list === undefined) members.set(variant, [identifier]);
    else list.push(identifier);
  }
  const order = [...members.keys()]
    .filter((variant) => variant !== controlVariant)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const samples = (identifiers: readonly string[]) =>
    metrics.map((metric) =>
      summarize(
        observations(identifiers, activity.get(metric.event) ?? new Map(), metric.aggregation),
      ),
    );
  const controlMembers = members.get(controlVariant) ?? [];
  const controlSamples = samples(controlMembers);

  const variantResult = (variant: string, identifiers: readonly string[]): VariantResult => {
    const isControl = variant === controlVariant;
    const variantSamples = isControl ? controlSamples : samples(identifiers);
    return {
      variant,
      isControl,
      exposedIdentities: identifiers.length,
      crossovers: identifiers.filter((identifier) => assignments.get(identifier)?.crossover).length,
      metrics: metrics.map((metric, index) =>
        metricResult(
          metric,
          variantSamples[index] as SampleSummary,
          isControl ? undefined : controlSamples[index],
        ),
      ),
    };
  };

  const variants = [
    variantResult(controlVariant, controlMembers),
    ...order.map((variant) => variantResult(variant, members.get(variant) ?? [])),
  ];
  return {
    featureName,
    controlVariant,
    confidenceLevel: CONFIDENCE_LEVEL,
    exposedIdentities: assignments.size,
    crossovers: variants.reduce((total, variant) => total + variant.crossovers, 0),
    variants,
  };
}
