import { FlagsmithAuthenticationError, FlagsmithNetworkError } from '@flagsmith-openfeature/core';
import type { LifecycleEventDetails } from '@flagsmith-openfeature/provider-common';
import { ProviderLifecycle } from '@flagsmith-openfeature/provider-common';
import { GeneralError, ProviderFatalError, ServerProviderEvents } from '@openfeature/core';
import { describe, expect, it } from 'vitest';

const refused = () =>
  new FlagsmithAuthenticationError('HTTP 403', { status: 403, method: 'GET', url: 'u', body: '' });
const unreachable = () => new FlagsmithNetworkError('down', { method: 'GET', url: 'u' });

function lifecycle() {
  const emitted: [string, LifecycleEventDetails][] = [];
  const logged: string[] = [];
  const log = (level: string) => (message: unknown) => logged.push(`${level} ${String(message)}`);
  const tracker = new ProviderLifecycle(
    { emit: (event, details) => emitted.push([event, details]) },
    {
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: log('debug'),
    },
  );
  return { tracker, emitted, logged };
}

describe('ProviderLifecycle', () => {
  it('turns a failed load into ERROR, or FATAL when the key is refused', () => {
    const { tracker, logged } = lifecycle();
    const failure = tracker.loadFailed(unreachable(), 'loading flags', 'retrying every 5 ms');
    expect(failure).toBeInstanceOf(GeneralError);
    expect(tracker.state).toBe('error');
    expect(logged).toEqual([
      'error Flagsmith: loading flags failed: down. Serving defaults; retrying every 5 ms.',
    ]);

    const fatal = tracker.loadFailed(refused(), 'loading flags', 'retrying');
    expect(fatal).toBeInstanceOf(ProviderFatalError);
    expect(tracker.state).toBe('fatal');
    expect(logged[1]).toBe(
      'error Flagsmith: loading flags failed: HTTP 403. Serving defaults; not retrying.',
    );
  });

  it('emits STALE when a refresh fails while flags are served, then READY on recovery', () => {
    const { tracker, emitted, logged } = lifecycle();
    tracker.state = 'ready';
    tracker.refreshFailed(unreachable());
    tracker.refreshFailed(unreachable());
    expect(tracker.state).toBe('stale');
    expect(logged[0]).toBe(
      'warn Flagsmith: refreshing flags failed: down. Serving stale flags; retrying.',
    );
    tracker.refreshed(['banner']);
    expect(emitted.map(([event]) => event)).toEqual([
      ServerProviderEvents.Stale,
      ServerProviderEvents.Ready,
      ServerProviderEvents.ConfigurationChanged,
    ]);
    expect(emitted[2]?.[1]).toMatchObject({ flagsChanged: ['banner'] });
  });

  it('emits only READY when loading recovers after a failed first load', () => {
    const { tracker, emitted } = lifecycle();
    tracker.loadFailed(unreachable(), 'loading flags', 'retrying');
    tracker.refreshFailed(unreachable());
    tracker.refreshed(['banner', 'button']);
    expect(emitted.map(([event]) => event)).toEqual([ServerProviderEvents.Ready]);
    expect(tracker.state).toBe('ready');
  });

  it('goes FATAL with a PROVIDER_FATAL error event when a retry finds the key refused', () => {
    const { tracker, emitted } = lifecycle();
    tracker.loadFailed(unreachable(), 'loading flags', 'retrying');
    tracker.refreshFailed(refused());
    expect(tracker.state).toBe('fatal');
    expect(emitted).toEqual([
      [ServerProviderEvents.Error, expect.objectContaining({ errorCode: 'PROVIDER_FATAL' })],
    ]);
  });

  it('emits nothing for a refresh that changes nothing', () => {
    const { tracker, emitted } = lifecycle();
    tracker.state = 'ready';
    tracker.refreshed([]);
    expect(emitted).toEqual([]);
  });
});
