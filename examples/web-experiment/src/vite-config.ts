import { fileURLToPath } from 'node:url';
import type { InlineConfig } from 'vite';
import { sourceAliases } from '../../../vitest.shared';

/** Where the page is to find Flagsmith. */
export interface FlagsmithTarget {
  environmentKey: string;
  apiUrl: string;
  eventsApiUrl: string;
}

/** The example's folder: Vite's root, holding `index.html`. */
export const exampleRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * The Vite configuration of the page, for the dev server (`npm run dev`) and for the browser
 * test's build alike. Workspace packages resolve to their TypeScript source, as in the tests, so
 * nothing needs building first; the Flagsmith target is compiled in as `__FLAGSMITH_CONFIG__`.
 */
export function webExperimentConfig(target: FlagsmithTarget): InlineConfig {
  return {
    configFile: false,
    root: exampleRoot,
    logLevel: 'warn',
    resolve: { alias: sourceAliases },
    define: { __FLAGSMITH_CONFIG__: JSON.stringify(target) },
  };
}
