/**
 * `ExposureHook` is one class for both OpenFeature SDKs (DESIGN §7). The assignments and
 * `expectTypeOf` checks below are compiled by `npm run typecheck`, so a change that stops the hook
 * fitting either SDK's `Hook` type fails there; the tests register it with each SDK for real.
 */
import { EventProcessor, FLAG_EXPOSURE_EVENT } from '@flagsmith-openfeature/events';
import { ExposureHook } from '@flagsmith-openfeature/exposure-hook';
import type { TestServer } from '@flagsmith-openfeature/testing';
import { startTestServer } from '@flagsmith-openfeature/testing';
import type { Hook as ServerHook } from '@openfeature/server-sdk';
import {
  InMemoryProvider as ServerInMemoryProvider,
  OpenFeature as ServerOpenFeature,
} from '@openfeature/server-sdk';
import type { Hook as WebHook } from '@openfeature/web-sdk';
import {
  InMemoryProvider as WebInMemoryProvider,
  OpenFeature as WebOpenFeature,
} from '@openfeature/web-sdk';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  expectTypeOf,
  it,
} from 'vitest';

const FLAGS = {
  checkout_button: {
    variants: { control: 'blue', green: 'green' },
    defaultVariant: 'green',
    disabled: false,
  },
};

let server: TestServer;
let processor: EventProcessor;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
  processor = new EventProcessor({
    environmentKey: server.clientKey,
    eventsApiUrl: server.eventsApiUrl,
  });
});

afterEach(async () => {
  await ServerOpenFeature.clearProviders();
  ServerOpenFeature.clearHooks();
  await WebOpenFeature.clearProviders();
  WebOpenFeature.clearHooks();
  await WebOpenFeature.setContext({});
  await processor.close(1_000);
});

describe('ExposureHook types', () => {
  it("is assignable to both the server and the web SDK's Hook type", () => {
    const hook = new ExposureHook({ eventProcessor: processor });
    const serverHook: ServerHook = hook;
    const webHook: WebHook = hook;
    expectTypeOf(hook).toExtend<ServerHook>();
    expectTypeOf(hook).toExtend<WebHook>();
    expectTypeOf(hook).toExtend<Required<Pick<ServerHook, 'after'>>>();
    expectTypeOf(hook).toExtend<Required<Pick<WebHook, 'after'>>>();
    // Only `after`: nothing runs before an evaluation, on errors or finally.
    expect(Object.getOwnPropertyNames(ExposureHook.prototype).sort()).toEqual([
      'after',
      'constructor',
    ]);
    expect([serverHook.before, webHook.error, webHook.finally]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('records an exposure when registered with the server SDK', async () => {
    const hook = new ExposureHook({ eventProcessor: processor });
    ServerOpenFeature.addHooks(hook);
    await ServerOpenFeature.setProviderAndWait(new ServerInMemoryProvider(FLAGS));
    const details = await ServerOpenFeature.getClient().getStringDetails('checkout_button', '', {
      targetingKey: 'user_1',
    });
    expect(details).toMatchObject({ value: 'green', variant: 'green', reason: 'STATIC' });
    await processor.flush();
    expect(server.events).toEqual([
      expect.objectContaining({
        event: FLAG_EXPOSURE_EVENT,
        feature_name: 'checkout_button',
        identifier: 'user_1',
        value: 'green',
      }),
    ]);
  });

  it('records an exposure synchronously when registered with the web SDK', async () => {
    const hook = new ExposureHook({ eventProcessor: processor });
    WebOpenFeature.addHooks(hook);
    await WebOpenFeature.setContext({ targetingKey: 'user_2', plan: 'free' });
    await WebOpenFeature.setProviderAndWait(new WebInMemoryProvider(FLAGS));
    const details = WebOpenFeature.getClient().getStringDetails('checkout_button', '');
    expect(details).toMatchObject({ value: 'green', variant: 'green', reason: 'STATIC' });
    // Recorded by the time the synchronous evaluation returns.
    expect(processor.stats().tracked).toBe(1);
    await processor.flush();
    expect(server.events).toEqual([
      expect.objectContaining({
        event: FLAG_EXPOSURE_EVENT,
        feature_name: 'checkout_button',
        identifier: 'user_2',
        value: 'green',
        traits: { plan: 'free' },
      }),
    ]);
  });
});
