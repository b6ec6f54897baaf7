import type { ExperimentMetric, ExperimentQuery, MetricAggregation } from '../experiment-results';

/** The aggregations a metric can use, in the order the docs list them. */
export const METRIC_AGGREGATIONS: readonly MetricAggregation[] = Object.freeze([
  'occurrence',
  'count',
  'sum',
  'mean',
]);

/** A checked query, or what is wrong with it (a sentence fragment to prefix with the caller). */
export type ExperimentQueryCheck =
  | { ok: true; query: ExperimentQuery }
  | { ok: false; problem: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value === '' ? 'an empty string' : `"${value}"`;
  return `a ${typeof value}`;
}

function isAggregation(value: unknown): value is MetricAggregation {
  return (METRIC_AGGREGATIONS as readonly unknown[]).includes(value);
}

/**
 * Checks an experiment query's shape and returns a copy holding only the known fields (so a
 * caller mutating its object later changes nothing).
 */
export function checkExperimentQuery(value: unknown): ExperimentQueryCheck {
  const fail = (problem: string): ExperimentQueryCheck => ({ ok: false, problem });
  if (!isObject(value)) {
    return fail(
      `pass {featureName, controlVariant, metrics: [{event, aggregation}]}, got ${describe(value)}.`,
    );
  }
  const { featureName, controlVariant, metrics } = value;
  if (typeof featureName !== 'string' || featureName === '') {
    return fail(
      `featureName must be the flag key as a non-empty string, got ${describe(featureName)}.`,
    );
  }
  if (typeof controlVariant !== 'string') {
    return fail(
      `controlVariant must be the control's exposure value as a string, got ${describe(controlVariant)}.`,
    );
  }
  if (!Array.isArray(metrics)) {
    return fail(`metrics must be an array of {event, aggregation}, got ${describe(metrics)}.`);
  }
  const checked: ExperimentMetric[] = [];
  for (const [index, metric] of metrics.entries()) {
    if (!isObject(metric)) {
      return fail(
        `metrics[${index}] must be an object {event, aggregation}, got ${describe(metric)}.`,
      );
    }
    const { event, aggregation } = metric;
    if (typeof event !== 'string' || event === '') {
      return fail(
        `metrics[${index}].event must be an event name as a non-empty string, got ${describe(event)}.`,
      );
    }
    if (!isAggregation(aggregation)) {
      return fail(
        `metrics[${index}].aggregation must be one of ${METRIC_AGGREGATIONS.join(', ')}, got ${describe(aggregation)}.`,
      );
    }
    checked.push({ event, aggregation });
  }
  return { ok: true, query: { featureName, controlVariant, metrics: checked } };
}

/** Checks a query and throws a `TypeError` prefixed with `caller` when it is malformed. */
export function resolveExperimentQuery(value: unknown, caller: string): ExperimentQuery {
  const checked = checkExperimentQuery(value);
  if (!checked.ok) throw new TypeError(`${caller}: ${checked.problem}`);
  return checked.query;
}
