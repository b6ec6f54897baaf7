import { describe, expect, it } from 'vitest';
import type { EnvironmentDocument } from '../../src/index';
import { experimentEnvironment, minimalEnvironment } from '../../src/index';
import { computeIdentityFlags } from '../../src/internal/identity-flags';

function values(document: EnvironmentDocument, identifier: string) {
  return Object.fromEntries(
    computeIdentityFlags(document, { identifier, traits: [] }).map((flag) => [
      flag.feature.name,
      { enabled: flag.enabled, value: flag.value },
    ]),
  );
}

describe('computeIdentityFlags', () => {
  it('serves environment values to an identity without overrides', () => {
    const flags = values(experimentEnvironment, 'someone');
    expect(flags.checkout_button).toEqual({ enabled: true, value: 'blue' });
    expect(flags.legacy_search).toEqual({ enabled: false, value: 'v1' });
    expect(Object.keys(flags)).toHaveLength(experimentEnvironment.feature_states.length);
  });

  it("replaces environment values with the identifier's overrides", () => {
    expect(values(experimentEnvironment, 'qa_forced_green').checkout_button).toEqual({
      enabled: true,
      value: 'green',
    });
    expect(values(experimentEnvironment, 'legacy_user_1').new_navigation).toEqual({
      enabled: false,
      value: null,
    });
  });

  it('matches overrides on the exact identifier only', () => {
    expect(values(experimentEnvironment, 'QA_FORCED_GREEN').checkout_button?.value).toBe('blue');
  });

  it('copes with a document that has no identity_overrides', () => {
    const { identity_overrides: _, ...document } = minimalEnvironment;
    expect(values(document, 'anyone').greeting).toEqual({ enabled: true, value: 'hello' });
  });
});
