import type { Flag } from '@flagsmith-openfeature/core';
import type { ResolutionOptions } from '@flagsmith-openfeature/provider-common';
import { resolveFlag, unavailableResolution } from '@flagsmith-openfeature/provider-common';
import type { FlagValue, FlagValueType } from '@openfeature/core';
import { describe, expect, it } from 'vitest';

const options: ResolutionOptions = {
  returnValueForDisabledFlags: false,
  useBooleanConfigValue: false,
  defaultFlagHandler: undefined,
};

function flag(overrides: Partial<Flag> = {}): Flag {
  return { featureId: 7, featureName: 'banner', enabled: true, value: 'blue', ...overrides };
}

function resolve<T extends FlagValue>(
  type: FlagValueType,
  defaultValue: T,
  found: Flag | undefined,
  { identified = true, ...rest }: Partial<ResolutionOptions> & { identified?: boolean } = {},
) {
  return resolveFlag({ flagKey: 'banner', type, defaultValue, identified }, found, {
    ...options,
    ...rest,
  });
}

describe('resolveFlag', () => {
  it('serves the caller default with FLAG_NOT_FOUND for a missing flag', () => {
    expect(resolve('string', 'dflt', undefined)).toEqual({
      value: 'dflt',
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
      errorMessage: 'Flag "banner" is not in Flagsmith',
      flagMetadata: { defaultServed: true },
    });
  });

  it('serves the defaultFlagHandler value with DEFAULT for a missing flag', () => {
    const defaultFlagHandler = () => ({ enabled: true, value: '12' });
    expect(resolve('number', 0, undefined, { defaultFlagHandler })).toEqual({
      value: 12,
      reason: 'DEFAULT',
      flagMetadata: { enabled: true, defaultServed: true },
    });
    expect(resolve('boolean', false, undefined, { defaultFlagHandler }).value).toBe(true);
  });

  it('resolves booleans from enabled, with DISABLED for a disabled flag', () => {
    expect(resolve('boolean', true, flag({ enabled: false, value: null }))).toEqual({
      value: false,
      reason: 'DISABLED',
      flagMetadata: { featureId: 7, enabled: false, defaultServed: false },
    });
    expect(resolve('boolean', false, flag({ value: null }), { identified: false })).toMatchObject({
      value: true,
      reason: 'STATIC',
    });
  });

  it('resolves booleans from the value with useBooleanConfigValue', () => {
    expect(
      resolve('boolean', true, flag({ value: 'false' }), { useBooleanConfigValue: true }).value,
    ).toBe(false);
    expect(
      resolve('boolean', true, flag({ enabled: false, value: false }), {
        useBooleanConfigValue: true,
      }),
    ).toMatchObject({
      value: true,
      reason: 'DISABLED',
      flagMetadata: { defaultServed: true },
    });
  });

  it('serves the caller default for a disabled non-boolean flag unless told to return its value', () => {
    expect(resolve('string', 'dflt', flag({ enabled: false }))).toMatchObject({
      value: 'dflt',
      reason: 'DISABLED',
      flagMetadata: { defaultServed: true, enabled: false },
    });
    expect(
      resolve('string', 'dflt', flag({ enabled: false }), { returnValueForDisabledFlags: true }),
    ).toMatchObject({
      value: 'blue',
      reason: 'DISABLED',
      flagMetadata: { defaultServed: false },
    });
  });

  it('serves the caller default with DEFAULT for an enabled flag without a value', () => {
    expect(resolve('string', 'dflt', flag({ value: null }))).toMatchObject({
      value: 'dflt',
      reason: 'DEFAULT',
      flagMetadata: { defaultServed: true },
    });
  });

  it('maps Flagsmith reasons to OpenFeature reasons', () => {
    expect(resolve('string', '', flag(), { identified: false }).reason).toBe('STATIC');
    expect(resolve('string', '', flag({ reason: 'DEFAULT' })).reason).toBe('STATIC');
    expect(resolve('string', '', flag({ reason: 'TARGETING_MATCH; segment=beta' })).reason).toBe(
      'TARGETING_MATCH',
    );
    expect(resolve('string', '', flag()).reason).toBe('TARGETING_MATCH');
    expect(
      resolve('string', '', flag({ reason: 'SPLIT; weight=30', variant: 'green' })),
    ).toMatchObject({
      reason: 'SPLIT',
      variant: 'green',
      flagMetadata: { flagsmithReason: 'SPLIT; weight=30' },
    });
    expect(resolve('string', '', flag({ reason: 'DEFAULT', variant: 'control' }))).toMatchObject({
      reason: 'SPLIT',
      variant: 'control',
    });
  });

  it('reports TYPE_MISMATCH and PARSE_ERROR with the caller default', () => {
    expect(resolve('number', 5, flag({ value: 'blue' }))).toMatchObject({
      value: 5,
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
      flagMetadata: { featureId: 7, defaultServed: true },
    });
    expect(resolve('object', {}, flag({ value: '{oops' }))).toMatchObject({
      errorCode: 'PARSE_ERROR',
      value: {},
    });
  });

  it('serves the caller default with GENERAL when flags are unavailable', () => {
    expect(unavailableResolution(3, 'Flagsmith is unreachable')).toEqual({
      value: 3,
      reason: 'ERROR',
      errorCode: 'GENERAL',
      errorMessage: 'Flagsmith is unreachable',
      flagMetadata: { defaultServed: true },
    });
  });
});
