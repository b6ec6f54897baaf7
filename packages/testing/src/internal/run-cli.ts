import { parseArgs } from 'node:util';
import type { TestServer } from '../test-server';
import { startTestServer } from '../test-server';
import type { TestServerOptions } from '../test-server-options';

/** How the CLI talks to the world, injected so it can run in-process in tests. */
export interface CliIo {
  /** Writes a line to standard output. */
  out(line: string): void;
  /** Writes a line to standard error. */
  err(line: string): void;
  /** Reads a file as UTF-8 text. */
  readFile(path: string): Promise<string>;
  /** Registers what to do on SIGINT or SIGTERM. */
  onShutdownSignal(handler: (signal: string) => void): void;
}

/** How a CLI run ended up: serving (with the server and a promise of its end) or finished. */
export interface CliRun {
  /** The process exit code: 0 for success (or `--help`), 1 for a failure, 2 for bad usage. */
  exitCode: number;
  /** The running server, when the CLI started one. */
  server?: TestServer;
  /** Settles when the server has stopped after a shutdown signal (at once when none runs). */
  stopped: Promise<void>;
}

/** The CLI's usage text. */
export const CLI_USAGE = `Usage: flagsmith-test-server [options]

Serves a local Flagsmith-compatible flags API and events API.

Options:
  -e, --environment FILE   environment document JSON to serve (default: the built-in
                           experimentEnvironment fixture)
  -p, --port N             port to listen on (default: 0, a free port)
      --host H             interface to listen on (default: 127.0.0.1)
      --client-key K       client-side key (default: the document's api_key)
      --server-key K       server-side key, starting with "ser." (default: ser.test-server-key)
      --page-size N        page identity_overrides of environment-document/ N at a time
  -h, --help               show this help`;

const done = Promise.resolve();

function integerArg(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new UsageError(`--${name} must be a whole number, got "${value}".`);
  return Number(value);
}

class UsageError extends Error {}

function parseCliArgs(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        environment: { type: 'string', short: 'e' },
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        'client-key': { type: 'string' },
        'server-key': { type: 'string' },
        'page-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function optionsFrom(
  values: ReturnType<typeof parseCliArgs>,
  io: CliIo,
): Promise<TestServerOptions> {
  const options: TestServerOptions = {};
  const port = integerArg('port', values.port);
  const pageSize = integerArg('page-size', values['page-size']);
  if (port !== undefined) options.port = port;
  if (pageSize !== undefined) options.environmentDocumentPageSize = pageSize;
  if (values.host !== undefined) options.host = values.host;
  if (values['client-key'] !== undefined) options.clientKey = values['client-key'];
  if (values['server-key'] !== undefined) options.serverKey = values['server-key'];
  if (values.environment !== undefined) {
    let text: string;
    try {
      text = await io.readFile(values.environment);
    } catch (error) {
      throw new Error(`cannot read ${values.environment}: ${(error as Error).message}`);
    }
    try {
      options.environment = JSON.parse(text);
    } catch (error) {
      throw new Error(`${values.environment} is not valid JSON: ${(error as Error).message}`);
    }
  }
  return options;
}

/**
 * Runs `flagsmith-test-server` with the given arguments (without `node` and the script):
 * starts the server, prints its URLs and keys, and stops it on SIGINT or SIGTERM.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<CliRun> {
  let server: TestServer;
  let source: string;
  try {
    const values = parseCliArgs(argv);
    if (values.help === true) {
      io.out(CLI_USAGE);
      return { exitCode: 0, stopped: done };
    }
    source = values.environment ?? 'built-in experimentEnvironment fixture';
    server = await startTestServer(await optionsFrom(values, io));
  } catch (error) {
    io.err(`flagsmith-test-server: ${(error as Error).message}`);
    if (error instanceof UsageError) io.err(`\n${CLI_USAGE}`);
    return { exitCode: error instanceof UsageError ? 2 : 1, stopped: done };
  }

  const stopped = new Promise<void>((resolve) => {
    io.onShutdownSignal((signal) => {
      io.out(`Received ${signal}, stopping…`);
      void server.close().then(() => {
        io.out('Stopped.');
        resolve();
      });
    });
  });
  io.out(`Flagsmith test server listening on ${server.url}`);
  io.out(`  environment:   ${source}`);
  io.out(`  apiUrl:        ${server.apiUrl}`);
  io.out(`  eventsApiUrl:  ${server.eventsApiUrl}  (events: POST ${server.eventsApiUrl}v1/events)`);
  io.out(`  client key:    ${server.clientKey}`);
  io.out(`  server key:    ${server.serverKey}`);
  io.out('Press Ctrl+C to stop.');
  return { exitCode: 0, server, stopped };
}
