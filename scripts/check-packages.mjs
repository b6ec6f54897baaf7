// Packs every package as npm would publish it, then checks the tarball with publint and
// @arethetypeswrong/cli, and loads the built entry points with both `import` and `require`.
// Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagesInBuildOrder, root } from './workspace.mjs';

const bin = (name) => join(root, 'node_modules', '.bin', name);
const packDir = mkdtempSync(join(tmpdir(), 'flagsmith-openfeature-pack-'));
const failures = [];

function run(label, command, args, options = {}) {
  try {
    execFileSync(command, args, { stdio: 'inherit', ...options });
  } catch {
    failures.push(label);
  }
}

try {
  for (const { path, manifest } of packagesInBuildOrder()) {
    if (manifest.private) continue;
    console.log(`\n▶ ${manifest.name}`);
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', packDir], {
      cwd: path,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop();
    const tarballPath = join(packDir, tarball);
    run(`publint ${manifest.name}`, bin('publint'), ['--strict', tarballPath]);
    run(`attw ${manifest.name}`, bin('attw'), [tarballPath]);
    const name = JSON.stringify(manifest.name);
    run(`require ${manifest.name}`, 'node', [
      '-e',
      `const m = require(${name}); if (Object.keys(m).length === 0) throw new Error('empty CJS exports');`,
    ]);
    run(`import ${manifest.name}`, 'node', [
      '--input-type=module',
      '-e',
      `const m = await import(${name}); if (Object.keys(m).length === 0) throw new Error('empty ESM exports');`,
    ]);
  }
} finally {
  rmSync(packDir, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`\n✖ packaging checks failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('\n✔ every package passes publint, attw, and loads with import and require');
