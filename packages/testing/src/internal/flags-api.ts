import type { ApiFlag, ApiIdentityResponse, ApiTrait } from '../api-flag';
import { isJsonContentType } from './http';
import type { IdentityInput } from './identity-flags';
import { computeIdentityFlags } from './identity-flags';
import type { IncomingTrait } from './identity-store';
import type { RequestContext } from './request-context';
import { allowOnly } from './request-context';
import type { KeyKind } from './served-flags';
import { environmentFlags, toApiFlags } from './served-flags';

/** The flags API's pathnames. */
export const FLAGS_PATH = '/api/v1/flags/';
export const IDENTITIES_PATH = '/api/v1/identities/';
export const ENVIRONMENT_DOCUMENT_PATH = '/api/v1/environment-document/';

const INVALID_KEY = { detail: 'Invalid or missing Environment Key' } as const;

/** Which kind of key the request carries, or `undefined` after answering 403. */
function authenticate(context: RequestContext, allowed: readonly KeyKind[]): KeyKind | undefined {
  const key = context.request.headers['x-environment-key'];
  const { clientKey, serverKey } = context.state.options;
  const kind: KeyKind | undefined =
    key === serverKey ? 'server' : key === clientKey ? 'client' : undefined;
  if (kind !== undefined && allowed.includes(kind)) return kind;
  context.respond(403, INVALID_KEY);
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTraitValue(value: unknown): boolean {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

type IdentityRequest =
  | { ok: true; identifier: string; traits: IncomingTrait[]; transient: boolean }
  | { ok: false; detail: string };

function parseIdentityRequest(body: unknown): IdentityRequest {
  if (!isObject(body)) {
    return { ok: false, detail: 'Body must be an object {"identifier": "...", "traits": [...]}.' };
  }
  const { identifier, traits = [], transient = false } = body;
  if (typeof identifier !== 'string' || identifier.trim() === '') {
    return { ok: false, detail: 'identifier is required and must be a non-empty string.' };
  }
  if (typeof transient !== 'boolean') return { ok: false, detail: 'transient must be a boolean.' };
  if (traits !== null && !Array.isArray(traits)) {
    return { ok: false, detail: 'traits must be an array of {"trait_key", "trait_value"}.' };
  }
  const checked: IncomingTrait[] = [];
  for (const [index, trait] of (traits ?? []).entries()) {
    if (!isObject(trait) || typeof trait.trait_key !== 'string' || trait.trait_key === '') {
      return { ok: false, detail: `traits[${index}].trait_key must be a non-empty string.` };
    }
    if (!isTraitValue(trait.trait_value)) {
      return {
        ok: false,
        detail: `traits[${index}].trait_value must be a string, a finite number, a boolean or null.`,
      };
    }
    if (trait.transient !== undefined && typeof trait.transient !== 'boolean') {
      return { ok: false, detail: `traits[${index}].transient must be a boolean.` };
    }
    checked.push(trait as unknown as IncomingTrait);
  }
  return { ok: true, identifier, traits: checked, transient };
}

/**
 * Answers with the identity's flags, evaluated with the traits it has for this request; 500 when
 * the engine cannot read the document (the server serves any document it is given, so that
 * clients can be tested against broken ones).
 */
function respondWithIdentity(
  context: RequestContext,
  keyKind: KeyKind,
  identifier: string,
  traits: ApiTrait[],
): void {
  const { environment } = context.state;
  const identity: IdentityInput = { identifier, traits };
  let flags: ApiFlag[];
  try {
    flags = toApiFlags(environment, computeIdentityFlags(environment, identity), keyKind);
  } catch (error) {
    context.respond(500, {
      detail: `The test server cannot evaluate its environment document: ${error instanceof Error ? error.message : String(error)}`,
    });
    return;
  }
  const body: ApiIdentityResponse = { identifier, flags, traits };
  context.respond(200, body);
}

function serveFlags(context: RequestContext): void {
  if (!allowOnly(context, ['GET'])) return;
  const keyKind = authenticate(context, ['client', 'server']);
  if (keyKind === undefined) return;
  const { environment } = context.state;
  context.respond(200, toApiFlags(environment, environmentFlags(environment), keyKind));
}

function serveIdentities(context: RequestContext): void {
  if (!allowOnly(context, ['GET', 'POST'])) return;
  const keyKind = authenticate(context, ['client', 'server']);
  if (keyKind === undefined) return;
  const { environment, identities } = context.state;
  if (context.method === 'GET') {
    const identifier = context.url.searchParams.get('identifier') ?? '';
    if (identifier.trim() === '') {
      context.respond(400, {
        detail: 'identifier is required: GET identities/?identifier=<identifier>.',
      });
      return;
    }
    respondWithIdentity(context, keyKind, identifier, identities.traitsOf(identifier, environment));
    return;
  }
  if (!isJsonContentType(context.request)) {
    const type = context.request.headers['content-type'] ?? 'none';
    context.respond(415, { detail: `Unsupported media type "${type}" in request.` });
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(context.body.text);
  } catch (error) {
    context.respond(400, { detail: `JSON parse error - ${(error as Error).message}` });
    return;
  }
  const parsed = parseIdentityRequest(body);
  if (!parsed.ok) {
    context.respond(400, { detail: parsed.detail });
    return;
  }
  const traits = identities.apply(parsed.identifier, parsed.traits, parsed.transient, environment);
  respondWithIdentity(context, keyKind, parsed.identifier, traits);
}

function serveEnvironmentDocument(context: RequestContext): void {
  if (!allowOnly(context, ['GET'])) return;
  if (authenticate(context, ['server']) === undefined) return;
  const { environment, options } = context.state;
  const pageSize = options.environmentDocumentPageSize;
  if (pageSize === undefined) {
    context.respond(200, environment);
    return;
  }
  const pageParam = context.url.searchParams.get('page') ?? '1';
  const overrides = environment.identity_overrides ?? [];
  const pageCount = Math.max(1, Math.ceil(overrides.length / pageSize));
  const page = /^[1-9]\d*$/.test(pageParam) ? Number(pageParam) : Number.NaN;
  if (!(page <= pageCount)) {
    context.respond(404, { detail: 'Invalid page.' });
    return;
  }
  const slice = overrides.slice((page - 1) * pageSize, page * pageSize);
  const body =
    page === 1 ? { ...environment, identity_overrides: slice } : { identity_overrides: slice };
  const headers: Record<string, string> = {};
  if (page < pageCount) {
    // Absolute, as Django builds it, from the Host the client used.
    const { host } = context.request.headers;
    const base = host === undefined ? context.state.url : `http://${host}/`;
    const next = new URL(ENVIRONMENT_DOCUMENT_PATH, base);
    next.searchParams.set('page', String(page + 1));
    headers.link = `<${next.href}>; rel="next"`;
  }
  context.respond(200, body, headers);
}

/** Serves a flags API request; returns `false` when the path is not part of the flags API. */
export function serveFlagsApi(context: RequestContext): boolean {
  switch (context.url.pathname) {
    case FLAGS_PATH:
      serveFlags(context);
      return true;
    case IDENTITIES_PATH:
      serveIdentities(context);
      return true;
    case ENVIRONMENT_DOCUMENT_PATH:
      serveEnvironmentDocument(context);
      return true;
    default:
      return false;
  }
}
