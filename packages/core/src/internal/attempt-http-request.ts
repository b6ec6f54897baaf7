import { sendHttpRequest } from '#send-http-request';
import type { HttpRequest } from './http-request';

/** How one attempt went: an answer read whole, or a failure. */
export type HttpAttempt =
  | {
      readonly kind: 'answered';
      readonly response: Response;
      /** The whole body, as text. */
      readonly text: string;
    }
  | {
      readonly kind: 'failed';
      /** What `fetch` or reading the body threw. */
      readonly error: unknown;
      /** Whether the time limit ran out. */
      readonly timedOut: boolean;
      /** The response, when its headers arrived before the body failed. */
      readonly response: Response | undefined;
    };

/**
 * One attempt at a request, with a time limit covering the whole exchange: sending, the
 * response headers and the body, so a server that stalls mid-answer cannot hold the caller.
 * `signal` aborts it from outside. Never rejects, and never retries: the core's flag requests
 * and the event processor's sender each own a retry policy of their own.
 */
export async function attemptHttpRequest(
  request: Omit<HttpRequest, 'signal'>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<HttpAttempt> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort();
  }, timeoutMs);
  signal?.addEventListener('abort', abort);
  let response: Response | undefined;
  try {
    response = await sendHttpRequest({ ...request, signal: controller.signal });
    return { kind: 'answered', response, text: await response.text() };
  } catch (error) {
    return { kind: 'failed', error, timedOut, response };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}
