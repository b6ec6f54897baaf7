import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useServer } from './helpers/harness';

const harness = useServer();

const fixture = fileURLToPath(new URL('./fixtures/track-and-forget.ts', import.meta.url));
const rootTsconfig = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));

/** Runs the fixture in a child Node process (TypeScript through tsx); resolves with how it ended. */
function runChild(
  mode: 'idle' | 'full',
): Promise<{ code: number | null; ms: number; stdout: string; stderr: string }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fixture, harness.server.eventsApiUrl, harness.server.clientKey, mode],
      {
        // Resolve workspace packages to their TypeScript source, as the tests do: no build needed.
        env: { ...process.env, TSX_TSCONFIG_PATH: rootTsconfig },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, ms: Date.now() - started, stdout, stderr });
    });
  });
}

describe('a process that tracks and never closes', () => {
  it('exits on its own with events buffered and the flush timer pending', async () => {
    const result = await runChild('idle');
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('"tracked":5');
    expect(result.code).toBe(0);
    expect(result.ms).toBeLessThan(5_000); // the flush interval is 10 s
  });

  it('exits on its own while a failed delivery waits to retry', async () => {
    harness.server.injectFault({ path: 'v1/events', status: 503, times: Number.POSITIVE_INFINITY });
    const result = await runChild('full');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // the full buffer was sent and failed: a 5 s backoff was pending when the process exited
    expect(harness.server.requests.length).toBeGreaterThanOrEqual(1);
    expect(result.ms).toBeLessThan(4_000);
  });
});
