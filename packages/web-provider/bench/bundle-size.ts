/**
 * What a browser app adds by using Flagsmith through OpenFeature: the web provider with the
 * exposure hook and everything they depend on, bundled as an app's bundler would (esbuild,
 * `platform: 'browser'`, so the packages' `browser` builds), minified and gzipped. Beside it the
 * same for `@openfeature/flagsmith-client-provider` with the Flagsmith JS SDK. The OpenFeature web
 * SDK (`@openfeature/web-sdk`, `@openfeature/core`) is left out of every figure: an app has it
 * either way.
 *
 * Bundles the built packages: run `npm run build` at the repository root first, then
 * `npm run size` here. Prints figures; with `--check` (as CI runs it) it also fails when our
 * bundle is over the 12 KB target or not smaller than the alternative. The repository's `npm run bench` (bench/ at
 * the root) reuses {@link measureWebBundles}.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const TARGET_BYTES = 12 * 1024;

/** A bundle to measure: an entry module an app would write. */
export interface Candidate {
  name: string;
  entry: string;
  alias?: Record<string, string>;
}

const ours: Candidate = {
  name: '@flagsmith-openfeature/web-provider (FlagsmithWebProvider + ExposureHook)',
  entry:
    "export { ExposureHook, FlagsmithWebProvider } from '@flagsmith-openfeature/web-provider';",
};

/** The provider alone, for an app that tracks events but records no exposures. */
const providerOnly: Candidate = {
  name: '@flagsmith-openfeature/web-provider (FlagsmithWebProvider alone)',
  entry: "export { FlagsmithWebProvider } from '@flagsmith-openfeature/web-provider';",
};

const alternatives: Candidate[] = [
  {
    name: `@openfeature/flagsmith-client-provider ${version('@openfeature/flagsmith-client-provider')} + @flagsmith/flagsmith ${version('@flagsmith/flagsmith')}`,
    entry: "export { FlagsmithClientProvider } from '@openfeature/flagsmith-client-provider';",
    // The provider imports `flagsmith`; this measures it with the current scoped package.
    alias: { flagsmith: '@flagsmith/flagsmith' },
  },
  {
    name: `@openfeature/flagsmith-client-provider ${version('@openfeature/flagsmith-client-provider')} + flagsmith ${version('flagsmith')} (the peer it pins)`,
    entry: "export { FlagsmithClientProvider } from '@openfeature/flagsmith-client-provider';",
  },
];

/** One bundle's size, in bytes. */
export interface Measure {
  minified: number;
  gzipped: number;
  metafile: Metafile;
}

async function measure(candidate: Candidate): Promise<Measure> {
  const result = await build({
    stdin: { contents: candidate.entry, resolveDir: root, loader: 'ts' },
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    legalComments: 'none',
    external: ['@openfeature/web-sdk', '@openfeature/core'],
    ...(candidate.alias === undefined ? {} : { alias: candidate.alias }),
    // No tsconfig `paths`: packages resolve as an app resolves them, to their built `dist/`.
    tsconfigRaw: {},
    logLevel: 'error',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return {
    minified: code.byteLength,
    gzipped: gzipSync(code, { level: 9 }).byteLength,
    metafile: result.metafile,
  };
}

/** Minified bytes per package, largest first: where the weight is. */
function byPackage(metafile: Metafile): [string, number][] {
  const sizes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const name =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ??
        /packages\/([^/]+)\//.exec(path)?.[1]?.replace(/^/, '@flagsmith-openfeature/') ??
        path;
      sizes.set(name, (sizes.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  return [...sizes].filter(([, bytes]) => bytes > 0).sort((a, b) => b[1] - a[1]);
}

function version(name: string): string {
  try {
    const path = `${root}node_modules/${name}/package.json`;
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    return '(version unknown)';
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The workspace packages our browser bundle is made of, dependencies first. */
export const WEB_BUNDLE_PACKAGES = [
  'core',
  'events',
  'provider-common',
  'exposure-hook',
  'web-provider',
] as const;

/** Those of {@link WEB_BUNDLE_PACKAGES} with no `dist/` build. */
export function unbuiltPackages(): string[] {
  return WEB_BUNDLE_PACKAGES.filter(
    (name) => !existsSync(`${root}packages/${name}/dist/index.js`),
  ).map((name) => `packages/${name}`);
}

/** Those of {@link WEB_BUNDLE_PACKAGES} whose `src/` changed after their `dist/` was built. */
export function staleBuilds(): string[] {
  return WEB_BUNDLE_PACKAGES.filter((name) => {
    const built = `${root}packages/${name}/dist/index.js`;
    if (!existsSync(built)) return false;
    const builtAt = statSync(built).mtimeMs;
    const source = `${root}packages/${name}/src`;
    return readdirSync(source, { recursive: true, encoding: 'utf8' }).some(
      (file) => statSync(join(source, file)).mtimeMs > builtAt,
    );
  }).map((name) => `packages/${name}`);
}

/** Our bundle, and each alternative's, measured. Needs the packages built. */
export async function measureWebBundles(): Promise<{
  ours: Candidate & Measure;
  providerOnly: Candidate & Measure;
  alternatives: (Candidate & Measure)[];
}> {
  const [mine, alone, ...others] = await Promise.all(
    [ours, providerOnly, ...alternatives].map(measure),
  );
  return {
    ours: { ...ours, ...(mine as Measure) },
    providerOnly: { ...providerOnly, ...(alone as Measure) },
    alternatives: alternatives.map((candidate, index) => ({
      ...candidate,
      ...(others[index] as Measure),
    })),
  };
}

/**
 * Prints the figures. With `check`, exits with status 1 when our bundle is over the target or
 * not smaller than the alternative with the current Flagsmith SDK: a size budget for CI.
 */
async function printBundleSizes(check: boolean): Promise<void> {
  const unbuilt = unbuiltPackages();
  if (unbuilt.length > 0) {
    console.error(
      `${unbuilt.join(', ')} not built: run \`npm run build\` at the repository root first.`,
    );
    process.exit(1);
  }
  const stale = staleBuilds();
  if (stale.length > 0) {
    console.warn(
      `Note: ${stale.join(', ')} changed since the last build; run \`npm run build\` for current figures.`,
    );
  }
  const measured = await measureWebBundles();
  const mine = measured.ours;
  const others = measured.alternatives;
  const rows = [mine, measured.providerOnly, ...others];

  console.log('\nWhat a browser app adds (minified, gzip -9), @openfeature/web-sdk excluded:\n');
  const width = Math.max(...rows.map((row) => row.name.length));
  console.log(`${'bundle'.padEnd(width)}  ${'minified'.padStart(9)}  ${'gzipped'.padStart(9)}`);
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(width)}  ${kb(row.minified).padStart(9)}  ${kb(row.gzipped).padStart(9)}`,
    );
  }

  console.log('\nOurs by package (minified bytes in the bundle):');
  for (const [name, bytes] of byPackage(mine.metafile)) {
    console.log(`  ${name.padEnd(42)} ${String(bytes).padStart(7)}`);
  }

  const [current] = others;
  const withinTarget = mine.gzipped <= TARGET_BYTES;
  const smaller = current !== undefined && mine.gzipped < current.gzipped;
  console.log(
    `\nTarget: at most ${kb(TARGET_BYTES)} (${TARGET_BYTES} B) gzipped, and smaller than the alternative.` +
      `\n  ours ${mine.gzipped} B: ${withinTarget ? `within the target by ${TARGET_BYTES - mine.gzipped} B` : `over the target by ${mine.gzipped - TARGET_BYTES} B`};` +
      ` ${others.map((figures, index) => `${mine.gzipped < figures.gzipped ? 'smaller' : 'larger'} than alternative ${index + 1} (${figures.gzipped} B)`).join(', ')}.`,
  );
  if (check && !(withinTarget && smaller)) {
    console.error('\nThe web bundle is over its size budget.');
    process.exit(1);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await printBundleSizes(process.argv.includes('--check'));
}
