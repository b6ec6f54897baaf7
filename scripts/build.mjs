// Builds every package with tsup, dependencies first, so each package's type declarations can
// refer to the declarations of the workspace packages it depends on.
import { execFileSync } from 'node:child_process';
import { packagesInBuildOrder } from './workspace.mjs';

for (const { path, manifest } of packagesInBuildOrder()) {
  console.log(`\n▶ building ${manifest.name}`);
  execFileSync('npm', ['run', 'build'], { cwd: path, stdio: 'inherit' });
}
