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
}

/**
 * The build every package shares: ESM and CJS, each with its own type declarations. The two
 * formats build concurrently, so `dist/` is cleaned by the package's build script, not here.
 */
export function packageBuild({
  extraEntries = {},
  bundleInCjs = [],
}: PackageBuildOptions = {}): Options[] {
  const shared = {
    entry: { index: 'src/index.ts', ...extraEntries },
    target: 'es2022',
    sourcemap: true,
    dts: true,
    treeshake: true,
    clean: false,
  } satisfies Options;
  return [
    { ...shared, format: 'esm' },
    { ...shared, format: 'cjs', noExternal: bundleInCjs },
  ];
}
