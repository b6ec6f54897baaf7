import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));

/**
 * Every workspace package resolved to its TypeScript source, so tests run against the code as
 * written, with no build step before `npm test`.
 */
export const sourceAliases: Record<string, string> = Object.fromEntries(
  readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => [
      `@flagsmith-openfeature/${entry.name}`,
      `${packagesDir}${entry.name}/src/index.ts`,
    ]),
);
