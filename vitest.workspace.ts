import { existsSync, readdirSync } from 'node:fs';
import { defineWorkspace } from 'vitest/config';
import { sourceAliases } from './vitest.shared';

const packages = readdirSync(new URL('./packages/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((name) => existsSync(new URL(`./packages/${name}/test/`, import.meta.url)));

export default defineWorkspace(
  packages.map((name) => ({
    resolve: { alias: sourceAliases },
    test: {
      name,
      root: `packages/${name}`,
      include: ['test/**/*.test.ts'],
      environment: 'node',
      testTimeout: 20_000,
      hookTimeout: 20_000,
    },
  })),
);
