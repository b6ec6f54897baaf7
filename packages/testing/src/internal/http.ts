import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request body read with a size limit. */
export interface RequestBody {
  /** The text, or `''` when the body went over the limit (it is drained, not kept). */
  text: string;
  bytes: number;
  tooLarge: boolean;
}

/** Reads a request body, keeping at most `limitBytes` of it in memory. */
export function readBody(request: IncomingMessage, limitBytes: number): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= limitBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    request.on('end', () => {
      const tooLarge = bytes > limitBytes;
      resolve({ text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), bytes, tooLarge });
    });
    request.on('error', reject);
  });
}

/** Parses a body as JSON when it is JSON; otherwise returns the text (or `null` when empty). */
export function parseBodyForLog(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The request's headers as a plain object with lower-case names. */
export function headerRecord(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Whether a request declares a JSON body (`application/json`, any parameters). */
export function isJsonContentType(request: IncomingMessage): boolean {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

/** Headers every response carries, so browser examples can call the server from a page. */
export const CORS_HEADERS = Object.freeze({
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Link, Retry-After',
});

/** Sends a response; `body` is JSON-encoded unless it is a string, which is sent verbatim. */
export function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const bodyless = status === 204 || status === 304 || body === undefined;
  const payload = bodyless ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, {
    ...CORS_HEADERS,
    ...(bodyless ? {} : { 'content-type': 'application/json' }),
    ...(bodyless ? {} : { 'content-length': String(Buffer.byteLength(payload)) }),
    ...headers,
  });
  response.end(payload);
}
