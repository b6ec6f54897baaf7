/** Where the page finds Flagsmith: injected at build time by `vite-config.ts` (Vite `define`). */
declare const __FLAGSMITH_CONFIG__: {
  /** The environment's client-side key. */
  readonly environmentKey: string;
  /** The flags API root. */
  readonly apiUrl: string;
  /** The events API root. */
  readonly eventsApiUrl: string;
};
