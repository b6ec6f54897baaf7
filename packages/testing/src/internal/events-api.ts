import type { RejectedEvent } from '../received-event';
import { checkEventsBody } from './events-schema';
import { isJsonContentType } from './http';
import type { RequestContext } from './request-context';
import { allowOnly } from './request-context';

/** The events API's pathname. */
export const EVENTS_PATH = '/v1/events';

/**
 * Serves `POST /v1/events`: key check (403), content type (415), size (413), JSON (400), the
 * wire schema (400, or 413 for too many events), then soft rejections, answered with 202
 * `{accepted, rejected}`.
 */
export function serveEventsApi(context: RequestContext): boolean {
  if (context.url.pathname !== EVENTS_PATH) return false;
  if (!allowOnly(context, ['POST'])) return true;
  const { options } = context.state;
  const key = context.request.headers['x-environment-key'];
  if (key === undefined || (key !== options.clientKey && key !== options.serverKey)) {
    context.respond(403, { detail: 'Unknown environment key' });
    return true;
  }
  if (!isJsonContentType(context.request)) {
    const type = context.request.headers['content-type'] ?? 'none';
    context.respond(415, { detail: `Content-Type must be application/json, got "${type}".` });
    return true;
  }
  if (context.body.tooLarge) {
    context.respond(413, {
      detail: `The body is ${context.body.bytes} bytes; at most ${options.maxEventsBodyBytes} are accepted per request.`,
    });
    return true;
  }
  let body: unknown;
  try {
    body = JSON.parse(context.body.text);
  } catch (error) {
    context.respond(400, {
      detail: `Invalid JSON: ${(error as Error).message}`,
      index: null,
      field: null,
    });
    return true;
  }
  const checked = checkEventsBody(body, options.maxEventsPerRequest);
  if (!checked.ok) {
    const { status, ...violation } = checked.violation;
    context.respond(status, violation);
    return true;
  }
  const rejected: RejectedEvent[] = [];
  const accepted = checked.events.filter((event, index) => {
    const error = context.state.rejectionOf(event, index);
    if (error !== undefined) rejected.push({ index, error });
    return error === undefined;
  });
  context.state.acceptEvents(accepted);
  context.respond(202, { accepted: accepted.length, rejected });
  return true;
}
