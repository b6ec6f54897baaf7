import { pathToFileURL } from 'node:url';
import { EventProcessor } from '../src/index';

/** A `fetch` that accepts everything at once, so tracking is measured without the network. */
export const acceptingFetch = async (): Promise<Response> =>
  new Response('{"accepted":0,"rejected":[]}', {
    status: 202,
    headers: { 'content-type': 'application/json' },
  });

/** A processor that only sends when told (or when its buffer of `maxBufferItems` fills). */
export function quietProcessor(maxBufferItems: number, fetch = acceptingFetch): EventProcessor {
  return new EventProcessor({
    environmentKey: 'bench-key',
    eventsApiUrl: 'http://127.0.0.1:9/',
    maxBufferItems,
    maxBatchItems: 10_000,
    flushIntervalMs: 3_600_000,
    fetch,
  });
}

/** Runs a full garbage collection (the benchmarks run with --expose-gc). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run the benchmarks with --expose-gc (npm run bench)');
  gc();
  gc();
}

export function heapUsed(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

export const format = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the module at `url` is the script node was started with (not one imported). */
export const isMain = (url: string): boolean =>
  process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href;
