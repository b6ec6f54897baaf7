/**
 * Runs the demo (`npm run demo`) as a user would, in a child process against its embedded local
 * Flagsmith, and checks what it prints: the per-variant table and the delivery accounting.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const USERS = 600;
const exampleDir = fileURLToPath(new URL('..', import.meta.url));
const rootTsconfig = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `src/main.ts` through tsx, workspace packages resolved to their source as in tests. */
function runDemo(): Promise<DemoRun> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TSX_TSCONFIG_PATH: rootTsconfig,
    DEMO_USERS: String(USERS),
  };
  // The embedded local Flagsmith, whatever the developer's shell points at.
  delete env.FLAGSMITH_ENVIRONMENT_KEY;
  delete env.FLAGSMITH_API_URL;
  delete env.FLAGSMITH_EVENTS_API_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: exampleDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The table's rows by variant: the cells of each line that starts with a variant name. */
function tableRows(stdout: string): Map<string, string[]> {
  const lines = stdout.split('\n');
  const header = lines.findIndex((line) => /^\s*variant\s+exposed users\b/.test(line));
  const rows = new Map<string, string[]>();
  if (header === -1) return rows;
  for (const line of lines.slice(header + 2)) {
    if (line.trim() === '') break;
    const cells = line.trim().split(/\s{2,}/);
    rows.set(cells[0] ?? '', cells);
  }
  return rows;
}

describe('the node-experiment demo', () => {
  let run: DemoRun;

  beforeAll(async () => {
    run = await runDemo();
  }, 70_000);

  it('exits with code 0 and writes nothing to stderr', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('prints a row per variant whose exposed users add up to every shopper', () => {
    expect(run.stdout).toMatch(/^\s*variant\s+exposed users\s+conversion\b/m);
    const rows = tableRows(run.stdout);
    expect([...rows.keys()].sort()).toEqual(['control', 'green', 'orange']);
    const exposed = [...rows.values()].map((cells) => Number(cells[1]));
    for (const count of exposed) expect(count).toBeGreaterThan(0);
    expect(exposed.reduce((sum, count) => sum + count, 0)).toBe(USERS);
    expect(run.stdout).not.toContain('saw more than one variant');
  });

  it('delivers every event it tracked: one exposure per shopper plus each purchase', () => {
    const summary = run.stdout.match(/(\d+) shoppers, (\d+) purchases/);
    const delivery = run.stdout.match(
      /Delivery: tracked (\d+), sent (\d+), deduplicated exposures (\d+),.*dropped: overflow 0\b/,
    );
    expect(summary?.[1]).toBe(String(USERS));
    expect(delivery).not.toBeNull();
    const [, tracked, sent, deduplicated] = delivery ?? [];
    expect(sent).toBe(tracked);
    expect(Number(tracked)).toBe(USERS + Number(summary?.[2]));
    // Each shopper sees the checkout twice; the second exposure is a duplicate.
    expect(Number(deduplicated)).toBe(USERS);
  });
});
