import type { Options } from 'tsup';

/** What differs between packages' builds. */
export interface PackageBuildOptions {
  /** Entry points besides `src/index.ts` (for example a CLI). */
  extraEntries?: Record<string, string>;
  /**
   * Dependencies to bundle into the CJS build. ESM-only packages such as `ky` cannot be
   * `require`d from Node 20, so the CJS build carries its own copy of them.
   */
  bundleInCjs?: string[];
  /**
   * Also build `dist/index.browser.js` (ESM), resolving the package's `imports` with the
   * `browser` condition, for the `browser` condition of its `exports`.
   */
  browserBuild?: boolean;
}

/**
 * The build every package shares: ESM and CJS, each with its own type declarations, and for
 * packages with browser-specific internals an ESM browser build. The builds run concurrently, so
 * `dist/` is cleaned by the package's build script, not here.
 */
export function packageBuild({
  extraEntries = {},
  bundleInCjs = [],
  browserBuild = false,
}: PackageBuildOptions = {}): Options[] {
  const shared = {
    entry: { index: 'src/index.ts', ...extraEntries },
    target: 'es2022',
    sourcemap: true,
    dts: true,
    treeshake: true,
    clean: false,
  } satisfies Options;
  const builds: Options[] = [
    { ...shared, format: 'esm' },
    { ...shared, format: 'cjs', noExternal: bundleInCjs },
  ];
  if (browserBuild) {
    // Types are shared with the ESM build: the browser build differs only inside.
    builds.push({
      ...shared,
      entry: { 'index.browser': 'src/index.ts' },
      format: 'esm',
      platform: 'browser',
      dts: false,
    });
  }
  return builds;
}
