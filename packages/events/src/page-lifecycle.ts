import { hasMethods } from '@flagsmith-openfeature/core';
import type { FlushOptions } from './event-processor';

/** The part of an `EventTarget` the page lifecycle flush listens with. */
export interface LifecycleEventTarget {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/** The part of `document` the page lifecycle flush needs. */
export interface LifecycleDocument extends LifecycleEventTarget {
  readonly visibilityState: string;
}

/** Where the page lifecycle events come from; injectable so it can be tested outside a browser. */
export interface PageLifecycleTargets {
  /**
   * Fires `visibilitychange`.
   * @default globalThis.document
   */
  document?: LifecycleDocument | undefined;
  /**
   * Fires `pagehide`.
   * @default globalThis (the window)
   */
  window?: LifecycleEventTarget | undefined;
}

/** What the page lifecycle flush drives: an `EventProcessor`, or anything with its `flush`. */
export interface Flushable {
  flush(options?: FlushOptions): Promise<void>;
}

/**
 * Flushes `processor` when the page is hidden (`visibilitychange` to `hidden`) or unloaded
 * (`pagehide`): the last moments a browser reliably gives a page, often without a later
 * `unload`, notably on mobile. The flush sends at once with `fetch` `keepalive` requests (bodies
 * under 64 KB), which outlive the page. The web provider switches this on.
 *
 * Outside a browser (no `document`), it does nothing. Returns a function that removes the
 * listeners.
 *
 * ```ts
 * const uninstall = installPageLifecycleFlush(events);
 * // later, when the processor is closed:
 * uninstall();
 * ```
 */
export function installPageLifecycleFlush(
  processor: Flushable,
  targets: PageLifecycleTargets = {},
): () => void {
  const doc: unknown = targets.document ?? (globalThis as { document?: unknown }).document;
  const win: unknown = targets.window ?? (doc === undefined ? undefined : globalThis);
  const flush = () => {
    // flush() never rejects; the catch only keeps a misbehaving Flushable from leaking one.
    Promise.resolve(processor.flush({ keepalive: true })).catch(() => {});
  };
  const onVisibilityChange = () => {
    if ((doc as LifecycleDocument).visibilityState === 'hidden') flush();
  };
  const listenerMethods: (keyof LifecycleEventTarget)[] = [
    'addEventListener',
    'removeEventListener',
  ];
  const watchDocument =
    hasMethods<LifecycleDocument>(doc, listenerMethods) && 'visibilityState' in doc;
  const watchWindow = hasMethods<LifecycleEventTarget>(win, listenerMethods);
  if (watchDocument) doc.addEventListener('visibilitychange', onVisibilityChange);
  if (watchWindow) win.addEventListener('pagehide', flush);
  // Removing a listener twice does nothing, so uninstalling twice is harmless.
  return () => {
    if (watchDocument) doc.removeEventListener('visibilitychange', onVisibilityChange);
    if (watchWindow) win.removeEventListener('pagehide', flush);
  };
}
