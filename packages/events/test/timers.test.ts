import { describe, expect, it } from 'vitest';
import { defaultEventTimers } from '../src/index';
import { defaultEventTimers as browserTimers } from '../src/internal/default-event-timers.browser';

describe('defaultEventTimers', () => {
  it('unrefs background timers so they never keep the process alive', () => {
    const handle = defaultEventTimers.setTimeout(() => {}, 60_000, { keepAlive: false });
    try {
      expect((handle as NodeJS.Timeout).hasRef()).toBe(false);
    } finally {
      defaultEventTimers.clearTimeout(handle);
    }
  });

  it('leaves timers that must keep the process alive referenced', () => {
    const handle = defaultEventTimers.setTimeout(() => {}, 60_000, { keepAlive: true });
    try {
      expect((handle as NodeJS.Timeout).hasRef()).toBe(true);
    } finally {
      defaultEventTimers.clearTimeout(handle);
    }
  });

  it('fires callbacks and reads the wall clock', async () => {
    const fired = await new Promise<number>((resolve) => {
      defaultEventTimers.setTimeout(() => resolve(defaultEventTimers.now()), 5, {
        keepAlive: true,
      });
    });
    expect(Math.abs(fired - Date.now())).toBeLessThan(1_000);
  });
});

describe('defaultEventTimers in browser bundles', () => {
  it('fires callbacks, clears timers and reads the wall clock, with nothing to unref', async () => {
    const cleared = browserTimers.setTimeout(
      () => {
        throw new Error('a cleared timer fired');
      },
      5,
      { keepAlive: false },
    );
    browserTimers.clearTimeout(cleared);
    const fired = await new Promise<number>((resolve) => {
      browserTimers.setTimeout(() => resolve(browserTimers.now()), 10, { keepAlive: false });
    });
    expect(Math.abs(fired - Date.now())).toBeLessThan(1_000);
  });
});
