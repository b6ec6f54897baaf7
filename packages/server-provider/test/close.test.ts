/**
 * `OpenFeature.close()` closes every provider, and a provider's `onClose` delivers its buffered
 * events: what an application relies on at shutdown (DESIGN §5.1, §6).
 */
import { FLAG_EXPOSURE_EVENT } from '@flagsmith-openfeature/events';
import { ExposureHook } from '@flagsmith-openfeature/server-provider';
import type { TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import { OpenFeature } from '@openfeature/server-sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { remoteProvider, resetOpenFeature } from './support/helpers';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ environment: experimentEnvironment });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
});

afterEach(async () => {
  await resetOpenFeature();
});

/** A local-evaluation provider with its own event processor that only flushes when closed. */
function providerWithEvents(maxBatchItems = 1_000) {
  return remoteProvider(server, {
    environmentKey: server.serverKey,
    enableLocalEvaluation: true,
    enableEvents: true,
    eventProcessorConfig: {
      eventsApiUrl: server.eventsApiUrl,
      flushIntervalMs: 60_000,
      maxBatchItems,
    },
  });
}

describe('OpenFeature.close()', () => {
  it('delivers every buffered exposure and event, in order and in batches, before it resolves', async () => {
    const provider = providerWithEvents(10);
    await OpenFeature.setProviderAndWait(provider);
    OpenFeature.addHooks(new ExposureHook({ eventProcessor: provider.eventProcessor }));
    const client = OpenFeature.getClient();
    const expected: [string, string][] = [];
    for (let n = 0; n < 25; n++) {
      const context = { targetingKey: `shopper_${n}` };
      await client.getStringDetails('checkout_button', 'blue', context);
      client.track('purchase', context, { value: n + 1 });
      expected.push(
        [FLAG_EXPOSURE_EVENT, context.targetingKey],
        ['purchase', context.targetingKey],
      );
    }
    expect(server.events).toEqual([]);

    await OpenFeature.close();

    expect(server.events.map((event) => [event.event, event.identifier])).toEqual(expected);
    const batches = server.requests.filter((request) => request.path === '/v1/events');
    expect(batches.map((batch) => (batch.body as { events: unknown[] }).events.length)).toEqual([
      10, 10, 10, 10, 10,
    ]);
    expect(provider.eventProcessor.stats()).toMatchObject({ tracked: 50, sent: 50, buffered: 0 });
  });

  it('delivers the events of every provider, each with its own processor', async () => {
    const shop = providerWithEvents();
    const checkout = providerWithEvents();
    await OpenFeature.setProviderAndWait(shop);
    await OpenFeature.setProviderAndWait('checkout', checkout);
    OpenFeature.getClient().track('viewed', { targetingKey: 'user_1' });
    OpenFeature.getClient('checkout').track('purchase', { targetingKey: 'user_1' }, { value: 5 });
    expect(shop.eventProcessor).not.toBe(checkout.eventProcessor);

    await OpenFeature.close();

    expect(server.events.map((event) => event.event).sort()).toEqual(['purchase', 'viewed']);
  });

  it('waits for a slow events API rather than leaving events behind', async () => {
    server.injectFault({ path: 'v1/events', delayMs: 150 });
    await OpenFeature.setProviderAndWait(providerWithEvents());
    OpenFeature.getClient().track('purchase', { targetingKey: 'user_1' }, { value: 5 });
    await OpenFeature.close();
    expect(server.events.map((event) => event.event)).toEqual(['purchase']);
  });
});
