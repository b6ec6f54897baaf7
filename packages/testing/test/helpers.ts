import type { TestServer } from '../src/index';

/** A valid custom event as the wire schema wants it. */
export function customEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event: 'purchase',
    feature_name: null,
    identifier: 'user_42',
    value: 99.5,
    traits: { plan: 'premium' },
    metadata: { sdk_version: '0.1.0', currency: 'EUR' },
    timestamp: 1_748_462_400_000,
    ...overrides,
  };
}

/** A valid `$flag_exposure` event. */
export function exposureEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return customEvent({
    event: '$flag_exposure',
    feature_name: 'checkout_button',
    value: 'green',
    metadata: { sdk_version: '0.1.0', reason: 'SPLIT' },
    ...overrides,
  });
}

/** GETs a flags API path (relative to `apiUrl`) with the given key (`null`: none). */
export function getApi(
  server: TestServer,
  path: string,
  key: string | null = server.clientKey,
): Promise<Response> {
  const headers: Record<string, string> = key === null ? {} : { 'x-environment-key': key };
  return fetch(`${server.apiUrl}${path}`, { headers });
}

/** POSTs JSON to a flags API path (relative to `apiUrl`) with the given key. */
export function postApi(
  server: TestServer,
  path: string,
  body: unknown,
  key: string = server.clientKey,
): Promise<Response> {
  return fetch(`${server.apiUrl}${path}`, {
    method: 'POST',
    headers: { 'x-environment-key': key, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** POSTs to the events API (`key: null` sends none); a string `body` is sent verbatim. */
export function postEvents(
  server: TestServer,
  body: unknown,
  {
    key = server.clientKey,
    contentType = 'application/json',
  }: { key?: string | null; contentType?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (key !== null) headers['x-environment-key'] = key;
  return fetch(`${server.eventsApiUrl}v1/events`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
