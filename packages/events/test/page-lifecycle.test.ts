import { describe, expect, it } from 'vitest';
import type { FlushOptions } from '../src/index';
import { installPageLifecycleFlush } from '../src/index';
import { useServer } from './helpers/harness';

const harness = useServer();

class FakeDocument extends EventTarget {
  visibilityState: 'visible' | 'hidden' = 'visible';

  hide(): void {
    this.visibilityState = 'hidden';
    this.dispatchEvent(new Event('visibilitychange'));
  }

  show(): void {
    this.visibilityState = 'visible';
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

function recorder() {
  const calls: Array<FlushOptions | undefined> = [];
  return {
    calls,
    flush(options?: FlushOptions) {
      calls.push(options);
      return Promise.resolve();
    },
  };
}

describe('installPageLifecycleFlush', () => {
  it('flushes with keepalive when the page is hidden and on pagehide, not when shown', () => {
    const document = new FakeDocument();
    const window = new EventTarget();
    const processor = recorder();
    installPageLifecycleFlush(processor, { document, window });

    document.show();
    expect(processor.calls).toHaveLength(0);
    document.hide();
    window.dispatchEvent(new Event('pagehide'));
    expect(processor.calls).toEqual([{ keepalive: true }, { keepalive: true }]);
  });

  it('removes its listeners when uninstalled', () => {
    const document = new FakeDocument();
    const window = new EventTarget();
    const processor = recorder();
    const uninstall = installPageLifecycleFlush(processor, { document, window });
    uninstall();
    uninstall();
    document.hide();
    window.dispatchEvent(new Event('pagehide'));
    expect(processor.calls).toHaveLength(0);
  });

  it('does nothing outside a browser', () => {
    const processor = recorder();
    const uninstall = installPageLifecycleFlush(processor);
    globalThis.dispatchEvent?.(new Event('pagehide'));
    uninstall();
    expect(processor.calls).toHaveLength(0);
  });

  it('never lets a failing flush escape as an unhandled rejection', async () => {
    const window = new EventTarget();
    let calls = 0;
    installPageLifecycleFlush(
      {
        flush: () => {
          calls++;
          return Promise.reject(new Error('boom'));
        },
      },
      { document: new FakeDocument(), window },
    );
    window.dispatchEvent(new Event('pagehide'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toBe(1);
  });

  it('sends the buffer at once as keepalive requests with bodies under 64 KB', async () => {
    const keepalive: boolean[] = [];
    const { events } = harness.processor({
      maxBatchItems: 1000,
      fetch: (input, init) => {
        keepalive.push(input instanceof Request ? input.keepalive : init?.keepalive === true);
        return fetch(input, init);
      },
    });
    const document = new FakeDocument();
    installPageLifecycleFlush(events, { document, window: new EventTarget() });
    const filler = 'f'.repeat(500);
    for (let index = 0; index < 300; index++) {
      events.trackEvent('scroll', { identifier: 'u', value: index, metadata: { filler } });
    }
    document.hide();
    await harness.server.waitForEvents(300);

    const requests = harness.server.requests;
    expect(requests.length).toBeGreaterThanOrEqual(3); // ~160 KB in all
    expect(requests.every((request) => request.bodyBytes < 65_536)).toBe(true);
    expect(keepalive).toEqual(requests.map(() => true));
    expect(harness.server.events.map((event) => event.value)).toEqual(
      Array.from({ length: 300 }, (_, index) => index),
    );
  });

  it('cuts a backoff short: the page may not get another chance', async () => {
    const { events } = harness.processor({ retryBaseDelayMs: 60_000, retryMaxDelayMs: 60_000 });
    harness.server.injectFault({ path: 'v1/events', status: 503 });
    const window = new EventTarget();
    installPageLifecycleFlush(events, { document: new FakeDocument(), window });
    events.trackEvent('tick');
    void events.flush();
    await expectEventually(() => harness.server.requests.length === 1);
    window.dispatchEvent(new Event('pagehide'));
    await harness.server.waitForEvents(1, { timeoutMs: 1_000 });
  });
});

async function expectEventually(condition: () => boolean): Promise<void> {
  const until = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
