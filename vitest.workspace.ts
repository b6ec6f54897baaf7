import { existsSync, readdirSync } from 'node:fs';
import { defineWorkspace } from 'vitest/config';
import { sourceAliases } from './vitest.shared';

/** The folders under `parent` (`packages`, `examples`) that hold a `test/` folder. */
function foldersWithTests(parent: string): string[] {
  return readdirSync(new URL(`./${parent}/`, import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => existsSync(new URL(`./${parent}/${name}/test/`, import.meta.url)));
}

/** Suites at the repository root that test several packages together, one project each. */
const rootSuites = ['conformance'].filter((name) =>
  existsSync(new URL(`./${name}/test/`, import.meta.url)),
);

const projects = [
  ...foldersWithTests('packages').map((name) => ({ name, root: `packages/${name}` })),
  ...foldersWithTests('examples').map((name) => ({ name, root: `examples/${name}` })),
  ...rootSuites.map((name) => ({ name, root: name })),
];

export default defineWorkspace(
  projects.map(({ name, root }) => ({
    resolve: { alias: sourceAliases },
    test: {
      name,
      root,
      include: ['test/**/*.test.ts'],
      environment: 'node',
      testTimeout: 20_000,
      hookTimeout: 20_000,
    },
  })),
);
