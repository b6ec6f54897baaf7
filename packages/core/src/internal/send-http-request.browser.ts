import type { SendHttpRequest } from './http-request';

/**
 * Sends one request and resolves with whatever status comes back (no retries, time limit or
 * throwing for a status: the transports own those), over the page's `fetch`. This is the browser
 * bundles' version (package.json `imports`, `browser` condition) of the function that everywhere
 * else goes over ky, which would add nothing here but bytes.
 */
export const sendHttpRequest: SendHttpRequest = async ({
  method,
  url,
  headers,
  json,
  body = null,
  keepalive = false,
  signal,
  fetch,
}) => {
  const sent = new Headers(headers);
  // As ky does: JSON goes with its content type, unless the headers name one.
  if (json !== undefined) {
    if (!sent.has('content-type')) sent.set('content-type', 'application/json');
    body = JSON.stringify(json);
  }
  return fetch(url, { method, signal, keepalive, headers: sent, body });
};
