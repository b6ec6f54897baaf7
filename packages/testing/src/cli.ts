#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import { runCli } from './internal/run-cli';

// A thin shell around runCli, which holds the logic (and the tests).
void runCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  readFile: (path) => readFile(path, 'utf8'),
  onShutdownSignal: (handler) => {
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
  },
}).then(({ exitCode }) => {
  process.exitCode = exitCode;
});
