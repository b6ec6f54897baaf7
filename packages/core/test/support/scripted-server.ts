import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a scripted route answers. */
export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Sent verbatim when a string, as JSON otherwise. */
  body?: unknown;
}

/** A bare HTTP server on 127.0.0.1 for answers the Flagsmith test server cannot give. */
export interface ScriptedServer {
  /** `http://127.0.0.1:PORT/api/v1/` */
  apiUrl: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** Request URLs (path and query) in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

/** Starts a server whose every answer comes from `respond`. */
export async function startScriptedServer(
  respond: (request: IncomingMessage, origin: string) => ScriptedResponse,
): Promise<ScriptedServer> {
  const requests: string[] = [];
  let origin = '';
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    request.resume();
    request.on('end', () => {
      const { status = 200, headers = {}, body = '' } = respond(request, origin);
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    apiUrl: `${origin}/api/v1/`,
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
