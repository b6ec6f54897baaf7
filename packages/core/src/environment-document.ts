import type { EnvironmentDocument } from './flag';
import { parseEnvironmentDocument, parseIdentityOverrides } from './flag';
import type { FlagsmithTransport, JsonResponse } from './flagsmith-transport';
import { responseError } from './flagsmith-transport';
import { nextLinkTarget } from './internal/link-header';

/** The most pages `getEnvironmentDocument()` follows before deciding the API is misbehaving. */
const MAX_ENVIRONMENT_DOCUMENT_PAGES = 1_000;

/**
 * The environment document, for local evaluation: `GET {apiUrl}environment-document/`. Needs a
 * server-side key. When the answer has a `Link: <…>; rel="next"` header, the next pages
 * (absolute or relative URLs, on the apiUrl's origin only) are fetched in turn and their
 * `identity_overrides` appended to the first page's. A page URL seen twice, a link to another
 * origin or more than 1000 pages rejects with a `FlagsmithResponseError`. What
 * `FlagsmithClient.getEnvironmentDocument()` does, as a function of a transport.
 */
export async function getEnvironmentDocument(
  transport: FlagsmithTransport,
): Promise<EnvironmentDocument> {
  const authHint = transport.options.environmentKey.startsWith('ser.')
    ? 'The environment document needs a server-side key (one starting with "ser.").'
    : 'The environment document needs a server-side key (one starting with "ser."), and the key given is not one.';
  const first = await transport.requestJson(
    { method: 'GET', path: 'environment-document/', authHint },
    parseEnvironmentDocument,
  );
  const document = first.data;
  const overrides = document.identity_overrides;
  const seen = new Set([first.url.href]);
  const origin = new URL(transport.options.apiUrl).origin;
  let response: JsonResponse<unknown> = first;
  for (let pages = 1; ; pages++) {
    const target = nextLinkTarget(response.headers.get('link'));
    if (target === undefined) return document;
    const nextUrl = parseUrl(target, response.url);
    const { status, url, bodyExcerpt } = response;
    const broken = (problem: string) =>
      responseError(
        { status, method: 'GET', url: url.href, body: bodyExcerpt },
        `the environment document cannot be read whole: ${problem}`,
      );
    if (nextUrl === undefined) {
      throw broken(`its Link header's next page "${target}" is not a URL`);
    }
    if (nextUrl.origin !== origin) {
      throw broken(
        `its Link header points at another origin (${nextUrl.origin}), which would receive the environment key`,
      );
    }
    if (seen.has(nextUrl.href)) {
      throw broken(`its Link header points back at ${nextUrl.href}, a page already read`);
    }
    if (pages >= MAX_ENVIRONMENT_DOCUMENT_PAGES) {
      throw broken(`it has more than ${MAX_ENVIRONMENT_DOCUMENT_PAGES} pages`);
    }
    seen.add(nextUrl.href);
    const page = await transport.requestJson(
      { method: 'GET', path: nextUrl.href, authHint },
      parseIdentityOverrides,
    );
    // One by one: a page may hold more overrides than a call can take arguments.
    for (const override of page.data) overrides.push(override);
    response = page;
  }
}

/** `target` resolved against `base`, or `undefined` when it is not a URL. */
function parseUrl(target: string, base: URL): URL | undefined {
  try {
    return new URL(target, base);
  } catch {
    return undefined;
  }
}
