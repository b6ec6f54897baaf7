import { EventProcessor, FLAG_EXPOSURE_EVENT } from '@flagsmith-openfeature/events';
import { trackToFlagsmith } from '@flagsmith-openfeature/exposure-hook';
import type { TestServer } from '@flagsmith-openfeature/testing';
import { startTestServer } from '@flagsmith-openfeature/testing';
import type { Logger } from '@openfeature/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let server: TestServer;
let processor: EventProcessor;
let errors: string[];

const logger: Logger = {
  error: (...args: unknown[]) => {
    errors.push(args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' '));
  },
  warn: () => {},
  info: () => {},
  debug: () => {},
};

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
  errors = [];
  processor = new EventProcessor({
    environmentKey: server.clientKey,
    eventsApiUrl: server.eventsApiUrl,
    exposureDedupe: false,
  });
});

afterEach(async () => {
  await processor.close(1_000);
});

describe('trackToFlagsmith', () => {
  it('records a by-hand exposure of an object variant as its JSON', async () => {
    trackToFlagsmith(
      processor,
      FLAG_EXPOSURE_EVENT,
      { targetingKey: 'user_1' },
      { flagKey: 'checkout_config', variant: { layout: 'single_page' }, campaign: 'spring' },
      logger,
    );
    await processor.flush();
    expect(server.events).toEqual([
      expect.objectContaining({
        event: FLAG_EXPOSURE_EVENT,
        feature_name: 'checkout_config',
        identifier: 'user_1',
        value: '{"layout":"single_page"}',
        metadata: expect.objectContaining({ campaign: 'spring' }),
      }),
    ]);
    expect(errors).toEqual([]);
  });

  it('logs, and records nothing, for a by-hand exposure without a variant or value', async () => {
    trackToFlagsmith(
      processor,
      FLAG_EXPOSURE_EVENT,
      { targetingKey: 'user_1' },
      { flagKey: 'checkout_button' },
      logger,
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /track\("\$flag_exposure"\) was not recorded: details need flagKey, and variant or value$/,
      ),
    ]);
    expect(processor.stats().tracked).toBe(0);
  });

  it('logs instead of throwing when the processor refuses the event', async () => {
    await processor.close(0);
    expect(() =>
      trackToFlagsmith(processor, 'purchase', { targetingKey: 'user_1' }, { value: 5 }, logger),
    ).not.toThrow();
    expect(errors.join('\n')).toContain('track("purchase") was not recorded');
  });
});
