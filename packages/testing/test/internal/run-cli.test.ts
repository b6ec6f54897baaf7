import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXPERIMENT_ENVIRONMENT_CLIENT_KEY, minimalEnvironment } from '../../src/index';
import type { CliIo, CliRun } from '../../src/internal/run-cli';
import { runCli } from '../../src/internal/run-cli';
import { getApi } from '../helpers';

interface FakeIo extends CliIo {
  stdout: string[];
  stderr: string[];
  signal(name: string): void;
}

function fakeIo(): FakeIo {
  const handlers: ((signal: string) => void)[] = [];
  return {
    stdout: [],
    stderr: [],
    out(line) {
      this.stdout.push(line);
    },
    err(line) {
      this.stderr.push(line);
    },
    readFile: (path) => readFile(path, 'utf8'),
    onShutdownSignal: (handler) => {
      handlers.push(handler);
    },
    signal(name) {
      for (const handler of handlers) handler(name);
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        resolve(typeof address === 'object' && address !== null ? address.port : 0),
      );
    });
  });
}

let dir: string;
const runs: CliRun[] = [];

async function run(argv: string[], io = fakeIo()): Promise<CliRun & { io: FakeIo }> {
  const result = await runCli(argv, io);
  runs.push(result);
  return { ...result, io };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flagsmith-test-server-cli-'));
});

afterEach(async () => {
  await Promise.all(runs.splice(0).map((result) => result.server?.close()));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runCli', () => {
  it('serves the default fixture and prints the URLs and keys', async () => {
    const { exitCode, server, io } = await run([]);
    expect(exitCode).toBe(0);
    if (server === undefined) throw new Error('no server');
    const output = io.stdout.join('\n');
    expect(output).toContain(`listening on ${server.url}`);
    expect(output).toContain(server.apiUrl);
    expect(output).toContain(`POST ${server.eventsApiUrl}v1/events`);
    expect(output).toContain(EXPERIMENT_ENVIRONMENT_CLIENT_KEY);
    expect(output).toContain('ser.test-server-key');
    expect((await getApi(server, 'flags/')).status).toBe(200);
  });

  it('stops the server on a shutdown signal', async () => {
    const { server, stopped, io } = await run([]);
    if (server === undefined) throw new Error('no server');
    io.signal('SIGTERM');
    await stopped;
    expect(io.stdout.slice(-2)).toEqual(['Received SIGTERM, stopping…', 'Stopped.']);
    await expect(getApi(server, 'flags/')).rejects.toThrow();
  });

  it('serves an environment file with the given port, host, keys and page size', async () => {
    const file = join(dir, 'environment.json');
    await writeFile(file, JSON.stringify(minimalEnvironment));
    const port = await freePort();
    const { server } = await run([
      '--environment',
      file,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--client-key',
      'cli-client',
      '--server-key',
      'ser.cli-server',
      '--page-size',
      '1',
    ]);
    if (server === undefined) throw new Error('no server');
    expect(server.url).toBe(`http://127.0.0.1:${port}/`);
    expect(server.clientKey).toBe('cli-client');
    const response = await getApi(server, 'flags/', 'cli-client');
    expect(((await response.json()) as unknown[]).length).toBe(3);
    const document = await getApi(server, 'environment-document/', 'ser.cli-server');
    expect(document.status).toBe(200);
  });

  it('prints the usage for --help and exits 0', async () => {
    const { exitCode, server, io } = await run(['--help']);
    expect(exitCode).toBe(0);
    expect(server).toBeUndefined();
    expect(io.stdout.join('\n')).toContain('Usage: flagsmith-test-server');
  });

  it.each([[['--unknown']], [['--port', 'eighty']], [['extra-positional']]])(
    'exits 2 with the usage for bad arguments %j',
    async (argv) => {
      const { exitCode, server, io } = await run(argv);
      expect(exitCode).toBe(2);
      expect(server).toBeUndefined();
      expect(io.stderr.join('\n')).toContain('Usage: flagsmith-test-server');
    },
  );

  it('exits 1 with a clear message for a missing, malformed or invalid environment file', async () => {
    const malformed = join(dir, 'malformed.json');
    const invalid = join(dir, 'invalid.json');
    await writeFile(malformed, '{"api_key":');
    await writeFile(invalid, JSON.stringify({ api_key: 'k' }));
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.json'), /cannot read .*missing\.json/],
      [malformed, /malformed\.json is not valid JSON/],
      [invalid, /environment/],
    ];
    for (const [file, message] of cases) {
      const { exitCode, server, io } = await run(['--environment', file]);
      expect(exitCode).toBe(1);
      expect(server).toBeUndefined();
      expect(io.stderr.join('\n')).toMatch(message);
    }
  });
});
