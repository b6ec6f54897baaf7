import type { ExperimentMetric } from '../experiment-results';
import { computeExperimentResults } from '../experiment-results';
import type { ExperimentQueryCheck } from './experiment-query';
import { checkExperimentQuery } from './experiment-query';
import { isJsonContentType } from './http';
import type { RequestContext } from './request-context';
import { allowOnly } from './request-context';

/** The experiment results route, beside the events API it reads from. */
export const EXPERIMENT_RESULTS_PATH = '/v1/experiments/results';

const GET_USAGE =
  'GET v1/experiments/results?feature=FLAG&control=VARIANT&metric=EVENT:AGGREGATION (metric repeats)';

/**
 * Reads the query string: `feature`, `control` and any number of `metric=EVENT:AGGREGATION`
 * (split at the last `:`, so event names may contain one).
 */
function queryFromSearchParams(params: URLSearchParams): ExperimentQueryCheck {
  const featureName = params.get('feature');
  const controlVariant = params.get('control');
  if (featureName === null || featureName === '') {
    return { ok: false, problem: `the feature parameter is required: ${GET_USAGE}.` };
  }
  if (controlVariant === null) {
    return { ok: false, problem: `the control parameter is required: ${GET_USAGE}.` };
  }
  const metrics: Partial<ExperimentMetric>[] = [];
  for (const spec of params.getAll('metric')) {
    const colon = spec.lastIndexOf(':');
    if (colon <= 0) {
      return {
        ok: false,
        problem: `metric must read EVENT:AGGREGATION, such as purchase:sum, got "${spec}".`,
      };
    }
    metrics.push({
      event: spec.slice(0, colon),
      aggregation: spec.slice(colon + 1) as ExperimentMetric['aggregation'],
    });
  }
  return checkExperimentQuery({ featureName, controlVariant, metrics });
}

function queryFromBody(context: RequestContext): ExperimentQueryCheck | undefined {
  if (!isJsonContentType(context.request)) {
    const type = context.request.headers['content-type'] ?? 'none';
    context.respond(415, { detail: `Content-Type must be application/json, got "${type}".` });
    return undefined;
  }
  if (context.body.tooLarge) {
    context.respond(413, { detail: `The body is ${context.body.bytes} bytes; that is too large.` });
    return undefined;
  }
  try {
    return checkExperimentQuery(JSON.parse(context.body.text));
  } catch (error) {
    context.respond(400, { detail: `Invalid JSON: ${(error as Error).message}` });
    return undefined;
  }
}

/**
 * Serves experiment results over the events received so far: `GET` with the query in the URL
 * or `POST` with an `ExperimentQuery` as JSON; either key is accepted. Answers 200 with
 * the `ExperimentResults`, 400 `{detail}` for a malformed query.
 */
export function serveExperimentsApi(context: RequestContext): boolean {
  if (context.url.pathname !== EXPERIMENT_RESULTS_PATH) return false;
  if (!allowOnly(context, ['GET', 'POST'])) return true;
  const key = context.request.headers['x-environment-key'];
  const { clientKey, serverKey } = context.state.options;
  if (key === undefined || (key !== clientKey && key !== serverKey)) {
    context.respond(403, { detail: 'Unknown environment key' });
    return true;
  }
  const checked =
    context.method === 'GET'
      ? queryFromSearchParams(context.url.searchParams)
      : queryFromBody(context);
  if (checked === undefined) return true;
  if (!checked.ok) {
    context.respond(400, { detail: checked.problem });
    return true;
  }
  context.respond(200, computeExperimentResults(context.state.events, checked.query));
  return true;
}
