import { describe, expect, it } from 'vitest';
import { parseEnvironmentDocument, parseFlag, parseFlagList } from '../src/flag';
import { ShapeError } from '../src/internal/shape';

const apiFlag = (extra: Record<string, unknown> = {}) => ({
  feature: { id: 7, name: 'checkout_button', type: 'MULTIVARIATE' },
  enabled: true,
  feature_state_value: 'green',
  ...extra,
});

describe('parseFlag', () => {
  it('maps an API flag to a Flag and leaves absent fields out', () => {
    const flag = parseFlag(apiFlag({ variant: null, reason: null, id: 12, environment: 1 }), 'f');
    expect(flag).toStrictEqual({
      featureId: 7,
      featureName: 'checkout_button',
      enabled: true,
      value: 'green',
    });
    expect('variant' in flag).toBe(false);
    expect(Object.isFrozen(flag)).toBe(true);
  });

  it('keeps the variant and reason Flagsmith sends', () => {
    const flag = parseFlag(apiFlag({ variant: 'treatment', reason: 'SPLIT; weight=50' }), 'f');
    expect(flag.variant).toBe('treatment');
    expect(flag.reason).toBe('SPLIT; weight=50');
  });

  it('reads experiment details from flat or nested metadata', () => {
    expect(
      parseFlag(apiFlag({ metadata: { experiment_id: 'exp_1', in_experiment: true } }), 'f')
        .experiment,
    ).toStrictEqual({
      id: 'exp_1',
      inExperiment: true,
    });
    expect(
      parseFlag(apiFlag({ metadata: { experiment: { id: 9, in_experiment: false } } }), 'f')
        .experiment,
    ).toStrictEqual({
      id: 9,
      inExperiment: false,
    });
    expect(parseFlag(apiFlag({ metadata: { inExperiment: true } }), 'f').experiment).toStrictEqual({
      inExperiment: true,
    });
  });

  it('leaves experiment out when the metadata says nothing about one', () => {
    const flag = parseFlag(
      apiFlag({ metadata: { id: 7, experiment_id: ['bad'], in_experiment: 'yes' } }),
      'f',
    );
    expect('experiment' in flag).toBe(false);
  });

  it('reads a missing value as null and an object value as JSON text', () => {
    expect(parseFlag(apiFlag({ feature_state_value: undefined }), 'f').value).toBeNull();
    expect(parseFlag(apiFlag({ feature_state_value: { a: [1] } }), 'f').value).toBe('{"a":[1]}');
    expect(parseFlag(apiFlag({ feature_state_value: 0 }), 'f').value).toBe(0);
    expect(parseFlag(apiFlag({ feature_state_value: false }), 'f').value).toBe(false);
  });

  it('names the first wrong field of a malformed flag', () => {
    expect(() =>
      parseFlagList([apiFlag(), { feature: { id: 1 }, enabled: true }], 'flags'),
    ).toThrow(new ShapeError('flags[1].feature.name must be a non-empty string, got missing'));
    expect(() => parseFlag(apiFlag({ enabled: 'true' }), 'f')).toThrow(
      /f\.enabled must be a boolean/,
    );
    expect(() => parseFlag(apiFlag({ feature: { id: '7', name: 'x' } }), 'f')).toThrow(
      /f\.feature\.id/,
    );
    expect(() => parseFlagList({ flags: [] }, 'the body')).toThrow(/the body must be an array/);
  });
});

describe('parseEnvironmentDocument', () => {
  const page = {
    api_key: 'key',
    feature_states: [],
    project: { segments: [] },
    name: 'Production',
  };

  it('keeps unknown fields and defaults identity_overrides to an empty list', () => {
    const document = parseEnvironmentDocument(page);
    expect(document.name).toBe('Production');
    expect(document.identity_overrides).toStrictEqual([]);
  });

  it('refuses a document without feature_states, api_key or project', () => {
    expect(() => parseEnvironmentDocument({ ...page, feature_states: undefined })).toThrow(
      /feature_states/,
    );
    expect(() => parseEnvironmentDocument({ ...page, api_key: 1 })).toThrow(/api_key/);
    expect(() => parseEnvironmentDocument({ ...page, project: null })).toThrow(/project/);
    expect(() => parseEnvironmentDocument([])).toThrow(/must be an object/);
  });
});
