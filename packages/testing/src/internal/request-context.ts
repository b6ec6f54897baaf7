import type { IncomingMessage } from 'node:http';
import type { EnvironmentDocument } from '../environment-document';
import type { ReceivedEvent } from '../received-event';
import type { ResolvedTestServerOptions } from '../test-server-options';
import type { RequestBody } from './http';
import type { IdentityStore } from './identity-store';

/** What a route handler sees of the server. */
export interface ServerState {
  readonly options: ResolvedTestServerOptions;
  /** The server's root URL, such as `http://127.0.0.1:4000/`. */
  readonly url: string;
  readonly environment: EnvironmentDocument;
  readonly identities: IdentityStore;
  /** Every event accepted so far, in arrival order. */
  readonly events: readonly ReceivedEvent[];
  /** Why a valid event is declined (a soft rejection), or `undefined` to accept it. */
  rejectionOf(event: ReceivedEvent, index: number): string | undefined;
  /** Stores accepted events. */
  acceptEvents(events: readonly ReceivedEvent[]): void;
}

/** One request being served. */
export interface RequestContext {
  readonly request: IncomingMessage;
  readonly method: string;
  readonly url: URL;
  readonly body: RequestBody;
  readonly state: ServerState;
  /** Answers the request (a string body is sent verbatim, anything else as JSON). */
  respond(status: number, body: unknown, headers?: Record<string, string>): void;
}

/** Answers 405 when a known path is called with a method it does not serve. */
export function allowOnly(context: RequestContext, methods: readonly string[]): boolean {
  if (methods.includes(context.method)) return true;
  context.respond(
    405,
    { detail: `Method "${context.method}" not allowed.` },
    { allow: methods.join(', ') },
  );
  return false;
}
