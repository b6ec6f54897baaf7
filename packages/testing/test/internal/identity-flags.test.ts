import { environmentToContext, evaluateFeature } from '@flagsmith-openfeature/engine';
import { describe, expect, it } from 'vitest';
import type { ApiTrait, EnvironmentDocument, TraitValue } from '../../src/index';
import { experimentEnvironment, minimalEnvironment } from '../../src/index';
import { computeIdentityFlags } from '../../src/internal/identity-flags';
import type { EvaluatedFlag } from '../../src/internal/served-flags';

type Traits = Record<string, TraitValue>;

function toApiTraits(traits: Traits): ApiTrait[] {
  return Object.entries(traits).map(([trait_key, trait_value]) => ({ trait_key, trait_value }));
}

function flagsOf(
  document: EnvironmentDocument,
  identifier: string,
  traits: Traits = {},
): Record<string, EvaluatedFlag> {
  return Object.fromEntries(
    computeIdentityFlags(document, { identifier, traits: toApiTraits(traits) }).map((flag) => [
      flag.feature.name,
      flag,
    ]),
  );
}

function served(flag: EvaluatedFlag | undefined) {
  return flag === undefined ? undefined : { enabled: flag.enabled, value: flag.value };
}

const shoppers = Array.from({ length: 1_000 }, (_, n) => `shopper_${n}`);

describe('computeIdentityFlags', () => {
  it('serves environment values when no segment, split or override applies', () => {
    const flags = flagsOf(experimentEnvironment, 'someone');
    expect(served(flags.banner_text)).toEqual({
      enabled: true,
      value: 'Spring sale: 15% off everything',
    });
    expect(served(flags.legacy_search)).toEqual({ enabled: false, value: 'v1' });
    expect(flags.banner_text).toMatchObject({ featureStateId: 4002, variant: null });
    expect(Object.keys(flags)).toEqual(
      experimentEnvironment.feature_states.map((state) => state.feature.name),
    );
  });

  it("applies segment overrides that the request's traits match, by priority", () => {
    const premium = flagsOf(experimentEnvironment, 'someone', { plan: 'business' });
    expect(served(premium.discount_rate)).toEqual({ enabled: true, value: 0.25 });
    expect(premium.discount_rate?.featureStateId).toBe(5011);
    // premium_customers (priority 1) outranks frequent_buyers (priority 2) for banner_text.
    const both = flagsOf(experimentEnvironment, 'someone', { plan: 'premium', orders_count: 12 });
    expect(both.banner_text?.value).toBe('Thanks for being a premium customer');
    const frequent = flagsOf(experimentEnvironment, 'someone', { orders_count: 10 });
    expect(frequent.banner_text?.value).toBe('Welcome back! Free shipping on your next order');
    expect(frequent.banner_text?.featureStateId).toBe(5041);

    const staff = flagsOf(experimentEnvironment, 'someone', { email: 'ann@acme.example' });
    expect(served(staff.legacy_search)).toEqual({ enabled: true, value: 'v2' });
    expect(staff.max_cart_items).toMatchObject({ value: 100, featureStateId: 5032 });
    const excluded = flagsOf(experimentEnvironment, 'someone', {
      email: 'ann@acme.example',
      country: 'XX',
    });
    expect(served(excluded.legacy_search)).toEqual({ enabled: false, value: 'v1' });
    // A JSONPath condition reads the identifier itself.
    expect(flagsOf(experimentEnvironment, 'staff_admin').legacy_search?.enabled).toBe(true);
  });

  it('puts about half of the adults, and none of the minors, in the 50% split segment', () => {
    const adults = shoppers.filter(
      (identifier) =>
        flagsOf(experimentEnvironment, identifier, { age: 30 }).max_cart_items?.value === 50,
    );
    expect(adults.length).toBeGreaterThan(420);
    expect(adults.length).toBeLessThan(580);
    const minors = shoppers.filter(
      (identifier) =>
        flagsOf(experimentEnvironment, identifier, { age: 16 }).max_cart_items?.value === 50,
    );
    expect(minors).toEqual([]);
  });

  it('allocates multivariate variants by identity, with the control group reported as control', () => {
    const counts = new Map<unknown, number>();
    for (const identifier of shoppers) {
      const flag = flagsOf(experimentEnvironment, identifier).checkout_button;
      counts.set(flag?.value, (counts.get(flag?.value) ?? 0) + 1);
      // The fixture's options have no key: only the control group has a variant name.
      expect(flag?.variant).toBe(flag?.value === 'blue' ? 'control' : null);
      expect(flag?.featureStateId).toBe(4007);
    }
    expect(counts.get('blue')).toBeGreaterThan(340);
    expect(counts.get('blue')).toBeLessThan(460);
    expect(counts.get('green')).toBeGreaterThan(240);
    expect(counts.get('green')).toBeLessThan(360);
    expect(counts.get('orange')).toBeGreaterThan(240);
    expect(counts.get('orange')).toBeLessThan(360);
    // The same identity always lands in the same bucket.
    expect(flagsOf(experimentEnvironment, 'shopper_7').checkout_button?.value).toBe(
      flagsOf(experimentEnvironment, 'shopper_7').checkout_button?.value,
    );
  });

  it("reports a variant's key when its option has one", () => {
    const document = structuredClone(experimentEnvironment) as EnvironmentDocument;
    for (const variant of document.feature_states.find(
      (state) => state.feature.name === 'checkout_button',
    )?.multivariate_feature_state_values ?? []) {
      variant.multivariate_feature_option.key = `${String(variant.multivariate_feature_option.value)}_key`;
    }
    const variants = new Set(
      shoppers
        .slice(0, 100)
        .map((identifier) => flagsOf(document, identifier).checkout_button?.variant),
    );
    expect(variants).toEqual(new Set(['control', 'green_key', 'orange_key']));
  });

  it('gives every flag the value, enabled state and variant the engine evaluates', () => {
    const traitSets: Traits[] = [
      {},
      { plan: 'premium', age: 44 },
      { email: 'bob@acme.example', orders_count: 3 },
      { plan: 'enterprise', orders_count: 25, age: 19, country: 'FR' },
    ];
    for (const [n, identifier] of shoppers.slice(0, 200).entries()) {
      const traits = traitSets[n % traitSets.length] ?? {};
      const context = environmentToContext(experimentEnvironment, { identifier, traits });
      for (const flag of computeIdentityFlags(experimentEnvironment, {
        identifier,
        traits: toApiTraits(traits),
      })) {
        const expected = evaluateFeature(context, flag.feature.name);
        expect({ enabled: flag.enabled, value: flag.value, variant: flag.variant }).toEqual({
          enabled: expected?.enabled,
          value: expected?.value,
          variant: expected?.variant,
        });
      }
    }
  });

  it("applies the identifier's overrides above every segment", () => {
    expect(served(flagsOf(experimentEnvironment, 'qa_forced_green').checkout_button)).toEqual({
      enabled: true,
      value: 'green',
    });
    expect(flagsOf(experimentEnvironment, 'qa_forced_green').checkout_button?.variant).toBeNull();
    const vip = flagsOf(experimentEnvironment, 'vip_customer_7', { plan: 'premium' });
    expect(vip.banner_text?.value).toBe('Hello again! Your VIP discount is waiting');
    expect(vip.discount_rate).toMatchObject({ value: 0.3, featureStateId: null });
    expect(served(flagsOf(experimentEnvironment, 'legacy_user_1').new_navigation)).toEqual({
      enabled: false,
      value: null,
    });
  });

  it('matches overrides on the exact identifier only', () => {
    const flag = flagsOf(experimentEnvironment, 'QA_FORCED_GREEN').checkout_button;
    const context = environmentToContext(experimentEnvironment, { identifier: 'QA_FORCED_GREEN' });
    expect(evaluateFeature(context, 'checkout_button')?.reason).not.toMatch(/identity_overrides/);
    expect(flag?.value).toBe(evaluateFeature(context, 'checkout_button')?.value);
    expect(flag?.featureStateId).toBe(4007);
  });

  it('copes with a document that has no identity_overrides', () => {
    const { identity_overrides: _, ...document } = minimalEnvironment;
    expect(served(flagsOf(document, 'anyone').greeting)).toEqual({
      enabled: true,
      value: 'hello',
    });
  });

  it('throws a TypeError for a document the engine cannot read', () => {
    const document = structuredClone(experimentEnvironment) as EnvironmentDocument;
    (document.project.segments[0] as unknown as { id: unknown }).id = undefined;
    expect(() => flagsOf(document, 'anyone')).toThrow(TypeError);
  });
});
