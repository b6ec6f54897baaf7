// Completes package-lock.json with the platform-specific optional dependencies (Biome's and
// Rollup's native binaries for other systems) that npm leaves out when the registry it installs
// from serves only this machine's platform. Without those entries `npm ci` refuses the lockfile
// ("Missing: … from lock file") on every machine. Each added entry carries the os/cpu/libc that
// its name declares, so npm skips it on other platforms exactly as it does for a complete lock.
//
// Run after changing dependencies: `npm install && npm run lockfile:complete`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './workspace.mjs';

const OS = [
  'aix',
  'android',
  'darwin',
  'freebsd',
  'linux',
  'netbsd',
  'openbsd',
  'openharmony',
  'sunos',
  'win32',
];
const CPU = ['arm', 'arm64', 'ia32', 'loong64', 'mips64el', 'ppc64', 'riscv64', 's390x', 'x64'];
const EXACT_VERSION = /^\d+\.\d+\.\d+(-[\w.]+)?$/;

/** The platform a binary package's name declares, e.g. `@rollup/rollup-linux-x64-musl`. */
function platformOf(name) {
  const tokens = name.split('/').pop().split('-');
  const platform = {};
  const os = tokens.find((token) => OS.includes(token));
  const cpu = tokens.find((token) => CPU.includes(token));
  if (os) platform.os = [os];
  if (cpu) platform.cpu = [cpu];
  if (os === 'linux') {
    if (tokens.some((token) => token.startsWith('musl'))) platform.libc = ['musl'];
    else if (tokens.some((token) => token.startsWith('gnu'))) platform.libc = ['glibc'];
  }
  return platform;
}

/** The node_modules folders that resolution from the package at `path` searches, deepest first. */
function searchedFolders(path) {
  const folders = [];
  let current = path;
  for (;;) {
    folders.push(current === '' ? 'node_modules' : `${current}/node_modules`);
    if (current === '') return folders;
    const parent = current.lastIndexOf('/node_modules/');
    current = parent === -1 ? '' : current.slice(0, parent);
  }
}

const lockPath = join(root, 'package-lock.json');
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const added = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    // Placed as npm would: as high as possible without shadowing a different version.
    let place;
    let resolved = false;
    for (const folder of searchedFolders(path)) {
      const present = lock.packages[`${folder}/${name}`];
      if (present) {
        resolved = present.version === spec || !EXACT_VERSION.test(spec);
        break;
      }
      place = folder;
    }
    if (resolved || place === undefined) continue;
    if (!EXACT_VERSION.test(spec)) {
      console.warn(`left out ${name}@${spec} (from ${path || 'the root'}): not an exact version`);
      continue;
    }
    const flags = entry.dev ? { dev: true } : entry.devOptional ? { devOptional: true } : {};
    lock.packages[`${place}/${name}`] = {
      version: spec,
      ...flags,
      optional: true,
      ...platformOf(name),
    };
    added.push(`${place}/${name}@${spec}`);
  }
}
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(
  added.length === 0
    ? 'package-lock.json is complete'
    : `added ${added.length} entries:\n  ${added.join('\n  ')}`,
);
