// The workspace's publishable packages, in dependency order (a package after all it depends on).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;

export function packagesInBuildOrder() {
  const dir = join(root, 'packages');
  const packages = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'package.json')))
    .map((entry) => {
      const path = join(dir, entry.name);
      const manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'));
      return { path, manifest };
    });
  const byName = new Map(packages.map((pkg) => [pkg.manifest.name, pkg]));
  const ordered = [];
  const state = new Map();
  const visit = (pkg) => {
    if (state.get(pkg) === 'done') return;
    if (state.get(pkg) === 'visiting') throw new Error(`dependency cycle at ${pkg.manifest.name}`);
    state.set(pkg, 'visiting');
    const deps = { ...pkg.manifest.dependencies, ...pkg.manifest.peerDependencies };
    for (const name of Object.keys(deps)) {
      const dep = byName.get(name);
      if (dep) visit(dep);
    }
    state.set(pkg, 'done');
    ordered.push(pkg);
  };
  for (const pkg of packages) visit(pkg);
  return ordered;
}
