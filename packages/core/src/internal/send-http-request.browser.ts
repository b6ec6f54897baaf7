import type { SendHttpRequest } from './http-request';

/**
 * Sends one request and resolves with whatever status comes back (no retries, time limit or
 * throwing for a status: the transports own those), over the page's `fetch`. This is the browser
 * bundles' version (package.json `imports`, `browser` condition) of the function that everywhere
 * else goes over ky, which would add nothing here but bytes.
 */
export const sendHttpRequest: SendHttpRequest = ({
  method,
  url,
  headers,
  json,
  body,
  keepalive = false,
  signal,
  fetch,
}) =>
  fetch(url, {
    method,
    signal,
    keepalive,
    headers:
      json === undefined || hasContentType(headers)
        ? headers
        : { ...headers, 'content-type': 'application/json' },
    body: json === undefined ? (body ?? null) : JSON.stringify(json),
  });

function hasContentType(headers: Readonly<Record<string, string>>): boolean {
  return Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
}
