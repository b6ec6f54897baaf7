import ky from 'ky';
import type { SendHttpRequest } from './http-request';

/**
 * Sends one request and resolves with whatever status comes back (no retries, time limit or
 * throwing for a status: the transports own those), over ky. Browser bundles get the same
 * function over the page's `fetch` instead (package.json `imports`, `browser` condition), since
 * ky would add nothing there but bytes.
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
  ky(url, {
    method,
    headers,
    signal,
    keepalive,
    retry: 0,
    timeout: false,
    throwHttpErrors: false,
    // Called unbound, as browsers require of `window.fetch`.
    fetch: (input, init) => fetch(input, init),
    ...(json === undefined ? (body === undefined ? {} : { body }) : { json }),
  });
