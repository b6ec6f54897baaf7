import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExperimentResults, TestServer } from '../../src/index';
import { computeExperimentResults, startTestServer } from '../../src/index';
import { customEvent, exposureEvent, postEvents } from '../helpers';

const T = 1_748_462_400_000;

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
  // 8 of 10 green identities buy for 10 after their exposure, 2 of 10 blue ones; every blue
  // identity also bought for 100 before its exposure, which does not count.
  const events: Record<string, unknown>[] = [];
  for (let index = 0; index < 10; index++) {
    const blue = `blue_${index}`;
    const green = `green_${index}`;
    events.push(customEvent({ identifier: blue, value: 100, timestamp: T - 1 }));
    events.push(exposureEvent({ identifier: blue, value: 'blue', timestamp: T }));
    events.push(exposureEvent({ identifier: green, value: 'green', timestamp: T }));
    if (index < 2) events.push(customEvent({ identifier: blue, value: 10, timestamp: T + 1 }));
    if (index < 8) events.push(customEvent({ identifier: green, value: 10, timestamp: T + 1 }));
  }
  const response = await postEvents(server, { events });
  expect(response.status).toBe(202);
});

afterEach(async () => {
  await server.close();
});

function resultsUrl(params: [string, string][]): string {
  const url = new URL('v1/experiments/results', server.eventsApiUrl);
  for (const [name, value] of params) url.searchParams.append(name, value);
  return url.href;
}

const QUERY_PARAMS: [string, string][] = [
  ['feature', 'checkout_button'],
  ['control', 'blue'],
  ['metric', 'purchase:occurrence'],
  ['metric', 'purchase:sum'],
];

describe('GET v1/experiments/results', () => {
  it('answers the results over the events posted to v1/events', async () => {
    const response = await fetch(resultsUrl(QUERY_PARAMS), {
      headers: { 'x-environment-key': server.clientKey },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = (await response.json()) as ExperimentResults;

    const query = {
      featureName: 'checkout_button',
      controlVariant: 'blue',
      metrics: [
        { event: 'purchase', aggregation: 'occurrence' },
        { event: 'purchase', aggregation: 'sum' },
      ],
    } as const;
    expect(body).toEqual(server.experimentResults(query));
    expect(body).toEqual(computeExperimentResults(server.events, query));

    expect(body.exposedIdentities).toBe(20);
    const [blue, green] = body.variants;
    expect(blue).toMatchObject({ variant: 'blue', isControl: true, exposedIdentities: 10 });
    expect(blue?.metrics[1]).toMatchObject({ n: 10, value: 2, pValue: null, lift: null });
    // Welch, computed in Python (exact fractions + mpmath): sums [10×8, 0×2] vs [10×2, 0×8],
    // both s² 160/9, SE 1.88561808316413, df 18, t 3.18198051533946, p 0.0051629256736768,
    // CI 6 ± 2.10092204024104 × SE.
    const sum = green?.metrics[1];
    expect(sum).toMatchObject({ n: 10, value: 8, difference: 6, lift: 3, significant: true });
    expect(sum?.pValue).toBeCloseTo(0.0051629256736768, 12);
    expect(sum?.confidenceInterval?.lower).toBeCloseTo(2.03846340960343, 11);
    expect(sum?.confidenceInterval?.upper).toBeCloseTo(9.96153659039657, 11);
    expect(green?.metrics[0]).toMatchObject({
      value: 0.8,
      difference: expect.closeTo(0.6, 12),
      lift: expect.closeTo(3, 12),
    });
  });

  it('accepts the server key and reads event names containing a colon', async () => {
    await postEvents(server, {
      events: [customEvent({ event: 'cart:add', identifier: 'green_9', timestamp: T + 5 })],
    });
    const response = await fetch(
      resultsUrl([...QUERY_PARAMS.slice(0, 2), ['metric', 'cart:add:count']]),
      { headers: { 'x-environment-key': server.serverKey } },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as ExperimentResults;
    expect(body.variants[1]?.metrics[0]).toMatchObject({
      event: 'cart:add',
      aggregation: 'count',
      value: 0.1,
    });
  });

  it('answers 403 to a missing or unknown key', async () => {
    for (const headers of [{}, { 'x-environment-key': 'someone-else' }]) {
      const response = await fetch(resultsUrl(QUERY_PARAMS), { headers });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ detail: 'Unknown environment key' });
    }
  });

  it.each([
    [[['control', 'blue']], /feature parameter is required/],
    [[['feature', 'checkout_button']], /control parameter is required/],
    [[...QUERY_PARAMS.slice(0, 2), ['metric', 'purchase']], /metric must read EVENT:AGGREGATION/],
    [[...QUERY_PARAMS.slice(0, 2), ['metric', 'purchase:median']], /aggregation must be one of/],
  ] as [[string, string][], RegExp][])(
    'answers 400 to a malformed query (%#)',
    async (params, detail) => {
      const response = await fetch(resultsUrl(params), {
        headers: { 'x-environment-key': server.clientKey },
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { detail: string }).detail).toMatch(detail);
    },
  );

  it('answers 405 to other methods', async () => {
    const response = await fetch(resultsUrl(QUERY_PARAMS), {
      method: 'PUT',
      headers: { 'x-environment-key': server.clientKey },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
  });
});

describe('POST v1/experiments/results', () => {
  const post = (body: string, contentType = 'application/json') =>
    fetch(new URL('v1/experiments/results', server.eventsApiUrl), {
      method: 'POST',
      headers: { 'x-environment-key': server.clientKey, 'content-type': contentType },
      body,
    });

  it('takes the query as a JSON body', async () => {
    const query = {
      featureName: 'checkout_button',
      controlVariant: 'blue',
      metrics: [{ event: 'purchase', aggregation: 'count' }],
    } as const;
    const response = await post(JSON.stringify(query));
    expect(response.status).toBe(200);
    const body = (await response.json()) as ExperimentResults;
    expect(body).toEqual(server.experimentResults(query));
    expect(body.variants[1]?.metrics[0]).toMatchObject({
      value: 0.8,
      difference: expect.closeTo(0.6, 12),
    });
  });

  it('answers 400 to invalid JSON or a malformed query, and 415 to a non-JSON body', async () => {
    const invalid = await post('{"featureName":');
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { detail: string }).detail).toMatch(/Invalid JSON/);
    const malformed = await post(JSON.stringify({ featureName: 'checkout_button', metrics: [] }));
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { detail: string }).detail).toMatch(/controlVariant/);
    expect((await post('featureName=checkout_button', 'text/plain')).status).toBe(415);
  });
});

describe('server.experimentResults', () => {
  it('throws a TypeError naming itself for a malformed query', () => {
    expect(() => server.experimentResults({ featureName: 'checkout_button' } as never)).toThrow(
      /^experimentResults: controlVariant must be/,
    );
  });

  it('forgets the events on reset', () => {
    server.reset();
    const results = server.experimentResults({
      featureName: 'checkout_button',
      controlVariant: 'blue',
      metrics: [],
    });
    expect(results.exposedIdentities).toBe(0);
  });
});
