import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestServer } from '../../src/index';
import { startTestServer } from '../../src/index';
import { customEvent, exposureEvent, postEvents } from '../helpers';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

describe('POST /v1/events', () => {
  it('accepts valid events with 202 and stores them in arrival order', async () => {
    const events = [customEvent(), exposureEvent(), customEvent({ value: 'gold', traits: null })];
    const response = await postEvents(server, { events });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 3, rejected: [] });
    await postEvents(server, { events: [customEvent({ event: 'signup', value: null })] });
    expect(server.events).toEqual([...events, customEvent({ event: 'signup', value: null })]);
  });

  it('accepts the server key too', async () => {
    const response = await postEvents(
      server,
      { events: [customEvent()] },
      { key: server.serverKey },
    );
    expect(response.status).toBe(202);
  });

  it('answers 403 "Unknown environment key" to a missing or unknown key', async () => {
    for (const key of [null, 'someone-else']) {
      const response = await postEvents(server, { events: [customEvent()] }, { key });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ detail: 'Unknown environment key' });
    }
    expect(server.events).toEqual([]);
  });

  it('answers 400 to invalid JSON', async () => {
    const response = await postEvents(server, '{"events": [');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/Invalid JSON/);
  });

  it('answers 415 to a body not declared as JSON', async () => {
    const response = await postEvents(
      server,
      { events: [customEvent()] },
      { contentType: 'text/plain' },
    );
    expect(response.status).toBe(415);
    expect(server.events).toEqual([]);
  });

  it('rejects the whole request with the index and field of the first bad event', async () => {
    const response = await postEvents(server, {
      events: [customEvent(), customEvent({ timestamp: '2025-05-28' }), customEvent({ value: [] })],
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { detail: string; index: number; field: string };
    expect(body.index).toBe(1);
    expect(body.field).toBe('timestamp');
    expect(body.detail).toMatch(/^events\[1\]\.timestamp /);
    expect(server.events).toEqual([]);
  });

  it.each([
    ['a missing field', customEvent({ identifier: undefined }), 'identifier'],
    ['an extra field', customEvent({ user_id: 'x' }), 'user_id'],
    ['a wrong type', customEvent({ value: true }), 'value'],
    ['an exposure without feature_name', exposureEvent({ feature_name: null }), 'feature_name'],
    [
      'metadata without sdk_version',
      customEvent({ metadata: { currency: 'EUR' } }),
      'metadata.sdk_version',
    ],
  ])('answers 400 to %s', async (_, event, field) => {
    const response = await postEvents(server, { events: [event] });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ index: 0, field });
  });

  it('answers 413 to a body over maxEventsBodyBytes', async () => {
    const small = await startTestServer({ maxEventsBodyBytes: 2_000 });
    try {
      const events = Array.from({ length: 20 }, () => customEvent());
      const response = await postEvents(small, { events });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/at most 2000/);
      expect(small.events).toEqual([]);
      expect(small.requests[0]?.body).toBeNull();
      expect(small.requests[0]?.bodyBytes).toBeGreaterThan(2_000);
      expect((await postEvents(small, { events: [customEvent()] })).status).toBe(202);
    } finally {
      await small.close();
    }
  });

  it('answers 413 to more events than maxEventsPerRequest', async () => {
    const small = await startTestServer({ maxEventsPerRequest: 2 });
    try {
      const response = await postEvents(small, {
        events: [customEvent(), customEvent(), customEvent()],
      });
      expect(response.status).toBe(413);
      expect((await postEvents(small, { events: [customEvent(), customEvent()] })).status).toBe(
        202,
      );
    } finally {
      await small.close();
    }
  });

  it('reports events declined by rejectEvents and does not store them', async () => {
    server.rejectEvents((event, index) =>
      event.event === 'refund' ? 'refunds are not tracked' : index === 2,
    );
    const events = [customEvent(), customEvent({ event: 'refund' }), customEvent(), customEvent()];
    const response = await postEvents(server, { events });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({
      accepted: 2,
      rejected: [
        { index: 1, error: 'refunds are not tracked' },
        { index: 2, error: 'Rejected by the test server' },
      ],
    });
    expect(server.events).toHaveLength(2);

    server.rejectEvents();
    expect(await (await postEvents(server, { events })).json()).toEqual({
      accepted: 4,
      rejected: [],
    });
  });

  it('takes a rejector from the options', async () => {
    const picky = await startTestServer({ rejectEvents: () => true });
    try {
      const response = await postEvents(picky, { events: [customEvent()] });
      expect(await response.json()).toEqual({
        accepted: 0,
        rejected: [{ index: 0, error: 'Rejected by the test server' }],
      });
    } finally {
      await picky.close();
    }
  });

  it('answers 404 to the path with a trailing slash and 405 to GET', async () => {
    const slash = await fetch(`${server.eventsApiUrl}v1/events/`, { method: 'POST' });
    expect(slash.status).toBe(404);
    const get = await fetch(`${server.eventsApiUrl}v1/events`);
    expect(get.status).toBe(405);
  });
});
