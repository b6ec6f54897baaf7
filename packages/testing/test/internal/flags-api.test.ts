import { environmentToContext, evaluateFeature } from '@flagsmith-openfeature/engine';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  ApiFlag,
  ApiIdentityResponse,
  EnvironmentDocument,
  TestServer,
} from '../../src/index';
import {
  DEFAULT_SERVER_KEY,
  experimentEnvironment,
  minimalEnvironment,
  startTestServer,
} from '../../src/index';
import { getApi, postApi } from '../helpers';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer({ environment: experimentEnvironment });
});

afterEach(async () => {
  await server.close();
});

function byName(flags: readonly ApiFlag[]): Record<string, ApiFlag> {
  return Object.fromEntries(flags.map((flag) => [flag.feature.name, flag]));
}

function withChanges(
  document: EnvironmentDocument,
  change: (copy: EnvironmentDocument) => void,
): EnvironmentDocument {
  const copy = structuredClone(document);
  change(copy);
  return copy;
}

describe('GET flags/', () => {
  it('returns the environment flags in Flagsmith shape', async () => {
    const response = await getApi(server, 'flags/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const flags = (await response.json()) as ApiFlag[];
    const flag = byName(flags).banner_text;
    expect(flag).toEqual({
      id: 4002,
      feature: { id: 102, name: 'banner_text', type: 'STANDARD' },
      feature_state_value: 'Spring sale: 15% off everything',
      enabled: true,
      environment: 34,
      identity: null,
      feature_segment: null,
    });
    expect(byName(flags).checkout_button?.feature.type).toBe('MULTIVARIATE');
    expect(byName(flags).checkout_button?.feature_state_value).toBe('blue');
    expect(byName(flags).legacy_search?.enabled).toBe(false);
  });

  it('leaves out server-key-only features for a client key and serves them to a server key', async () => {
    const clientFlags = (await (await getApi(server, 'flags/')).json()) as ApiFlag[];
    const serverFlags = (await (
      await getApi(server, 'flags/', server.serverKey)
    ).json()) as ApiFlag[];
    expect(byName(clientFlags).pricing_engine).toBeUndefined();
    expect(byName(serverFlags).pricing_engine?.feature_state_value).toBe('v2');
    expect(serverFlags).toHaveLength(experimentEnvironment.feature_states.length);
  });

  it('omits disabled flags when the project hides them', async () => {
    server.setEnvironment(
      withChanges(minimalEnvironment, (copy) => {
        copy.project.hide_disabled_flags = true;
      }),
    );
    const flags = (await (await getApi(server, 'flags/', server.serverKey)).json()) as ApiFlag[];
    expect(flags.map((flag) => flag.feature.name)).toEqual(['welcome_banner', 'greeting']);
  });

  it('lets the environment hide_disabled_flags override the project setting', async () => {
    server.setEnvironment(
      withChanges(minimalEnvironment, (copy) => {
        copy.project.hide_disabled_flags = true;
        copy.hide_disabled_flags = false;
      }),
    );
    const flags = (await (await getApi(server, 'flags/', server.serverKey)).json()) as ApiFlag[];
    expect(flags.map((flag) => flag.feature.name)).toContain('maintenance_mode');
  });

  it('answers 403 to a missing or unknown key', async () => {
    for (const key of [null, 'not-a-key']) {
      const response = await getApi(server, 'flags/', key);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ detail: 'Invalid or missing Environment Key' });
    }
  });

  it('answers 405 to a method the path does not serve', async () => {
    const response = await postApi(server, 'flags/', {});
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});

describe('identities/', () => {
  async function identify(body: unknown): Promise<ApiIdentityResponse> {
    const response = await postApi(server, 'identities/', body);
    expect(response.status).toBe(200);
    return (await response.json()) as ApiIdentityResponse;
  }

  it("returns the identity's flags, evaluated with the given traits, and the traits", async () => {
    const body = await identify({
      identifier: 'user_42',
      traits: [{ trait_key: 'plan', trait_value: 'premium' }],
    });
    expect(body.identifier).toBe('user_42');
    expect(body.traits).toEqual([{ trait_key: 'plan', trait_value: 'premium' }]);
    const flags = byName(body.flags);
    expect(flags.discount_rate).toEqual({
      id: 5011,
      feature: { id: 104, name: 'discount_rate', type: 'STANDARD' },
      feature_state_value: 0.25,
      enabled: true,
      environment: 34,
      identity: null,
      feature_segment: null,
      variant: null,
    });
    expect(flags.banner_text?.feature_state_value).toBe('Thanks for being a premium customer');
    expect(flags.max_cart_items?.feature_state_value).toBe(25);
    expect(flags.pricing_engine).toBeUndefined();
    expect(body.flags).toHaveLength(experimentEnvironment.feature_states.length - 1);
  });

  it('serves each identity the multivariate variant the engine allocates it', async () => {
    for (let n = 0; n < 20; n++) {
      const identifier = `shopper_${n}`;
      const expected = evaluateFeature(
        environmentToContext(experimentEnvironment, { identifier }),
        'checkout_button',
      );
      const flag = byName((await identify({ identifier })).flags).checkout_button;
      expect(flag).toMatchObject({
        id: 4007,
        feature_state_value: expected?.value,
        enabled: true,
        variant: expected?.variant,
      });
    }
  });

  it("applies the document's identity overrides for that identifier", async () => {
    const body = await identify({
      identifier: 'vip_customer_7',
      traits: [{ trait_key: 'plan', trait_value: 'premium' }],
    });
    const flags = byName(body.flags);
    expect(flags.banner_text?.feature_state_value).toBe(
      'Hello again! Your VIP discount is waiting',
    );
    expect(flags.discount_rate?.feature_state_value).toBe(0.3);
    expect(flags.max_cart_items?.feature_state_value).toBe(25);
    expect(
      byName((await identify({ identifier: 'qa_forced_green' })).flags).checkout_button,
    ).toMatchObject({ feature_state_value: 'green', variant: null });
  });

  it('evaluates a remembered identity with its stored traits updated by the request', async () => {
    await identify({
      identifier: 'user_3',
      traits: [
        { trait_key: 'plan', trait_value: 'premium' },
        { trait_key: 'email', trait_value: 'ann@acme.example' },
      ],
    });
    // The stored plan still applies; the new email leaves the staff segment; null deletes.
    const updated = byName(
      (
        await identify({
          identifier: 'user_3',
          traits: [
            { trait_key: 'email', trait_value: 'ann@example.com' },
            { trait_key: 'plan', trait_value: null },
            { trait_key: 'orders_count', trait_value: 12 },
          ],
        })
      ).flags,
    );
    expect(updated.discount_rate?.feature_state_value).toBe(0.15);
    expect(updated.legacy_search?.enabled).toBe(false);
    expect(updated.banner_text?.feature_state_value).toBe(
      'Welcome back! Free shipping on your next order',
    );
    const remembered = (await (
      await getApi(server, 'identities/?identifier=user_3')
    ).json()) as ApiIdentityResponse;
    expect(byName(remembered.flags).banner_text?.feature_state_value).toBe(
      'Welcome back! Free shipping on your next order',
    );

    // A transient identity is evaluated with its traits, and forgotten.
    const transient = await identify({
      identifier: 'guest_1',
      traits: [{ trait_key: 'plan', trait_value: 'premium' }],
      transient: true,
    });
    expect(byName(transient.flags).discount_rate?.feature_state_value).toBe(0.25);
    const forgotten = (await (
      await getApi(server, 'identities/?identifier=guest_1')
    ).json()) as ApiIdentityResponse;
    expect(byName(forgotten.flags).discount_rate?.feature_state_value).toBe(0.15);
  });

  it('sends variant on identity flags only, never on flags/', async () => {
    const identity = await identify({ identifier: 'user_9' });
    expect(identity.flags.every((flag) => 'variant' in flag)).toBe(true);
    const environment = (await (await getApi(server, 'flags/')).json()) as ApiFlag[];
    expect(environment.some((flag) => 'variant' in flag)).toBe(false);
  });

  it('answers 500 with a detail when the engine cannot read the document', async () => {
    server.setEnvironment(
      withChanges(experimentEnvironment, (copy) => {
        (copy.project.segments[0] as unknown as { id: unknown }).id = null;
      }),
    );
    const response = await postApi(server, 'identities/', { identifier: 'u' });
    expect(response.status).toBe(500);
    expect(((await response.json()) as { detail: string }).detail).toMatch(
      /cannot evaluate its environment document: .*segment/,
    );
    expect((await getApi(server, 'flags/')).status).toBe(200);
  });

  it('remembers traits of non-transient identities and returns them from GET', async () => {
    await postApi(server, 'identities/', {
      identifier: 'user_1',
      traits: [
        { trait_key: 'plan', trait_value: 'premium' },
        { trait_key: 'age', trait_value: 31 },
      ],
    });
    await postApi(server, 'identities/', {
      identifier: 'user_1',
      traits: [
        { trait_key: 'age', trait_value: null },
        { trait_key: 'beta', trait_value: true },
      ],
    });
    const response = await getApi(server, 'identities/?identifier=user_1');
    expect(response.status).toBe(200);
    const body = (await response.json()) as ApiIdentityResponse;
    expect(body.identifier).toBe('user_1');
    expect(body.traits).toEqual([
      { trait_key: 'plan', trait_value: 'premium' },
      { trait_key: 'beta', trait_value: true },
    ]);
    expect(byName(body.flags).banner_text).toBeDefined();
  });

  it('does not remember transient identities or transient traits', async () => {
    const transient = (await (
      await postApi(server, 'identities/', {
        identifier: 'guest',
        traits: [{ trait_key: 'plan', trait_value: 'free' }],
        transient: true,
      })
    ).json()) as ApiIdentityResponse;
    expect(transient.traits).toEqual([{ trait_key: 'plan', trait_value: 'free' }]);
    const mixed = (await (
      await postApi(server, 'identities/', {
        identifier: 'user_2',
        traits: [
          { trait_key: 'plan', trait_value: 'pro' },
          { trait_key: 'session', trait_value: 'abc', transient: true },
        ],
      })
    ).json()) as ApiIdentityResponse;
    expect(mixed.traits).toHaveLength(2);

    const guest = (await (
      await getApi(server, 'identities/?identifier=guest')
    ).json()) as ApiIdentityResponse;
    const user = (await (
      await getApi(server, 'identities/?identifier=user_2')
    ).json()) as ApiIdentityResponse;
    expect(guest.traits).toEqual([]);
    expect(user.traits).toEqual([{ trait_key: 'plan', trait_value: 'pro' }]);
  });

  it('answers 400 with a detail when the identifier is missing or empty', async () => {
    for (const body of [{}, { identifier: '' }, { identifier: 42 }]) {
      const response = await postApi(server, 'identities/', body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/identifier/);
    }
    for (const query of ['', '?identifier=']) {
      const response = await getApi(server, `identities/${query}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/identifier/);
    }
  });

  it('answers 400 to malformed traits and invalid JSON', async () => {
    const badTraits = [
      { identifier: 'u', traits: 'plan=pro' },
      { identifier: 'u', traits: [{ trait_value: 'pro' }] },
      { identifier: 'u', traits: [{ trait_key: 'plan', trait_value: { nested: true } }] },
      { identifier: 'u', transient: 'yes' },
    ];
    for (const body of badTraits) {
      expect((await postApi(server, 'identities/', body)).status).toBe(400);
    }
    const invalidJson = await fetch(`${server.apiUrl}identities/`, {
      method: 'POST',
      headers: { 'x-environment-key': server.clientKey, 'content-type': 'application/json' },
      body: '{"identifier":',
    });
    expect(invalidJson.status).toBe(400);
  });

  it('answers 415 to a body that is not declared as JSON', async () => {
    const response = await fetch(`${server.apiUrl}identities/`, {
      method: 'POST',
      headers: { 'x-environment-key': server.clientKey, 'content-type': 'text/plain' },
      body: JSON.stringify({ identifier: 'u' }),
    });
    expect(response.status).toBe(415);
  });

  it('answers 403 to an unknown key', async () => {
    const response = await postApi(server, 'identities/', { identifier: 'u' }, 'wrong');
    expect(response.status).toBe(403);
  });
});

describe('GET environment-document/', () => {
  it('serves the document to the server key', async () => {
    const response = await getApi(server, 'environment-document/', DEFAULT_SERVER_KEY);
    expect(response.status).toBe(200);
    expect(response.headers.get('link')).toBeNull();
    expect(await response.json()).toEqual(experimentEnvironment);
  });

  it('refuses the client key with 403', async () => {
    const response = await getApi(server, 'environment-document/', server.clientKey);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ detail: 'Invalid or missing Environment Key' });
  });

  it('pages identity_overrides with Link rel="next" headers', async () => {
    const paged = await startTestServer({
      environment: experimentEnvironment,
      environmentDocumentPageSize: 2,
    });
    try {
      const first = await getApi(paged, 'environment-document/', paged.serverKey);
      const firstBody = (await first.json()) as EnvironmentDocument;
      expect(first.headers.get('link')).toBe(
        `<${paged.apiUrl}environment-document/?page=2>; rel="next"`,
      );
      expect(firstBody.feature_states).toEqual(experimentEnvironment.feature_states);
      expect(firstBody.identity_overrides?.map((item) => item.identifier)).toEqual([
        'qa_forced_green',
        'vip_customer_7',
      ]);

      const second = await fetch(/<([^>]+)>/.exec(first.headers.get('link') ?? '')?.[1] ?? '', {
        headers: { 'x-environment-key': paged.serverKey },
      });
      expect(second.status).toBe(200);
      expect(second.headers.get('link')).toBeNull();
      expect(await second.json()).toEqual({
        identity_overrides: [experimentEnvironment.identity_overrides?.[2]],
      });
    } finally {
      await paged.close();
    }
  });

  it('answers 404 to a page past the last one', async () => {
    const paged = await startTestServer({ environmentDocumentPageSize: 5 });
    try {
      const response = await getApi(paged, 'environment-document/?page=2', paged.serverKey);
      expect(response.status).toBe(404);
      const bad = await getApi(paged, 'environment-document/?page=zero', paged.serverKey);
      expect(bad.status).toBe(404);
    } finally {
      await paged.close();
    }
  });
});

describe('unknown paths', () => {
  it('answers 404 with a JSON detail', async () => {
    const response = await getApi(server, 'segments/');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ detail: 'Not found.' });
  });
});
