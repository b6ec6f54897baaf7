import type { SendHttpRequest } from './http-request';

/**
 * Sends one request and resolves with whatever status comes back (no retries, time limit or
 * throwing for a status: the transports own those), over the page's `fetch`. This is the browser
 * bundles' version (package.json `imports`, `browser` condition) of the function that everywhere
 * else goes over ky, which would add nothing here but bytes.
 */
export const sendHttpRequest: SendHttpRequest = async ({ url, json, fetch, ...init }) => {
  // The rest (method, headers, body, keepalive, signal) is what `fetch` takes as it is.
  if (json === undefined) return fetch(url, init);
  // As ky does: JSON goes with its content type, unless the headers name one.
  const headers = new Headers(init.headers);
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return fetch(url, { ...init, headers, body: JSON.stringify(json) });
};
