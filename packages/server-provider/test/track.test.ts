/**
 * DESIGN §7's track() adapter, through the OpenFeature SDK's `client.track()`: what reaches the
 * events API once `OpenFeature.close()` has delivered it.
 */
import { FLAG_EXPOSURE_EVENT } from '@flagsmith-openfeature/events';
import type { TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import { OpenFeature } from '@openfeature/server-sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RecordingLogger } from './support/helpers';
import { recordingLogger, remoteProvider, resetOpenFeature } from './support/helpers';

let server: TestServer;
let logger: RecordingLogger;

beforeAll(async () => {
  server = await startTestServer({ environment: experimentEnvironment });
});

afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  server.reset();
  logger = recordingLogger();
  await OpenFeature.setProviderAndWait(
    remoteProvider(server, {
      logger,
      enableEvents: true,
      eventProcessorConfig: { eventsApiUrl: server.eventsApiUrl, flushIntervalMs: 60_000 },
    }),
  );
});

afterEach(async () => {
  await resetOpenFeature();
  OpenFeature.setContext({});
});

describe('client.track() (DESIGN §7)', () => {
  it('maps the name, targetingKey, details.value, the traits and the rest of details to one event', async () => {
    OpenFeature.setContext({ region: 'eu' });
    const before = Date.now();
    OpenFeature.getClient().track(
      'purchase',
      {
        targetingKey: 'user_42',
        plan: 'premium',
        signedUpAt: new Date('2025-01-02T03:04:05.000Z'),
        cart: { items: 2 },
        traits: { country: 'NL' },
      },
      { value: 99.5, currency: 'EUR', items: [{ sku: 'A-1', quantity: 2 }] },
    );
    expect(server.events).toEqual([]); // buffered until close
    await OpenFeature.close();
    expect(server.events).toEqual([
      {
        event: 'purchase',
        feature_name: null,
        identifier: 'user_42',
        value: 99.5,
        traits: {
          region: 'eu',
          plan: 'premium',
          signedUpAt: '2025-01-02T03:04:05.000Z',
          country: 'NL',
        },
        metadata: {
          sdk_version: expect.any(String),
          currency: 'EUR',
          items: [{ sku: 'A-1', quantity: 2 }],
        },
        timestamp: expect.any(Number),
      },
    ]);
    expect(server.events[0]?.timestamp).toBeGreaterThanOrEqual(before);
  });

  it('sends a null identifier and a null value without a targetingKey or details.value', async () => {
    OpenFeature.getClient().track('newsletter_signup', { plan: 'free' });
    await OpenFeature.close();
    expect(server.events).toEqual([
      expect.objectContaining({
        event: 'newsletter_signup',
        feature_name: null,
        identifier: null,
        value: null,
        traits: { plan: 'free' },
        metadata: { sdk_version: expect.any(String) },
      }),
    ]);
  });

  it('records an exposure from track("$flag_exposure") with a value instead of a variant', async () => {
    OpenFeature.getClient().track(
      FLAG_EXPOSURE_EVENT,
      { targetingKey: 'user_7' },
      { flagKey: 'max_cart_items', value: 25 },
    );
    await OpenFeature.close();
    expect(server.events).toEqual([
      expect.objectContaining({
        event: FLAG_EXPOSURE_EVENT,
        feature_name: 'max_cart_items',
        identifier: 'user_7',
        value: '25',
      }),
    ]);
  });

  it('logs a clear error for a reserved event name and never throws', async () => {
    const client = OpenFeature.getClient();
    expect(() => client.track('$internal', { targetingKey: 'user_1' }, { value: 1 })).not.toThrow();
    client.track('kept', { targetingKey: 'user_1' });
    await OpenFeature.close();
    expect(logger.at('error').join('\n')).toMatch(
      /track\("\$internal"\) was not recorded.*reserved/,
    );
    expect(server.events.map((event) => event.event)).toEqual(['kept']);
  });
});
