import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { sourceAliases } from '../vitest.shared';

/**
 * The reliability suite (`npm run test:reliability`): whole-stack runs against the local test
 * server under faults, a long outage on a virtual clock, a million evaluations, fuzzing and
 * process exit. Kept out of `npm test` (see README.md) and run by CI on its own.
 */
export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    name: 'reliability',
    root: fileURLToPath(new URL('./', import.meta.url)),
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // One process per file, started with a collectable heap: the outage test measures memory.
    pool: 'forks',
    poolOptions: { forks: { execArgv: ['--expose-gc'] } },
    testTimeout: 120_000,
    hookTimeout: 30_000,
  },
});
