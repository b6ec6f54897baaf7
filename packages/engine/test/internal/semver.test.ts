import { describe, expect, it } from 'vitest';
import { compareSemVer, parseSemVer, type SemVer } from '../../src/internal/semver';

const parse = (text: string): SemVer => {
  const version = parseSemVer(text);
  if (version === undefined) throw new Error(`not a version: ${text}`);
  return version;
};

describe('parseSemVer', () => {
  it('accepts strict semantic versions', () => {
    for (const text of [
      '0.0.0',
      '1.2.3',
      '10.20.30',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-0.3.7',
      '1.0.0-x.7.z.92',
      '1.0.0+20130313144700',
      '1.0.0-beta+exp.sha.5114f85',
      '1.2.3-pre.2+build.4',
      '1.2.3\n',
    ]) {
      expect(parseSemVer(text), text).toBeDefined();
    }
  });

  it('refuses what python-semver refuses', () => {
    for (const text of [
      '1',
      '1.0',
      'v1.2.3',
      '=1.2.3',
      '01.2.3',
      '1.02.3',
      '1.2.3-01',
      '1.2.3-',
      '1.2.3+',
      ' 1.2.3',
      '1.2.3 ',
      'not_a_semver',
      '1.2.3-a..b',
    ]) {
      expect(parseSemVer(text), text).toBeUndefined();
    }
  });
});

describe('compareSemVer', () => {
  it('orders versions by SemVer 2.0 precedence', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.1.0',
      '2.0.0',
      '10.0.0',
    ];
    for (let i = 0; i < ordered.length - 1; i++) {
      expect(
        compareSemVer(parse(ordered[i] as string), parse(ordered[i + 1] as string)),
      ).toBeLessThan(0);
      expect(
        compareSemVer(parse(ordered[i + 1] as string), parse(ordered[i] as string)),
      ).toBeGreaterThan(0);
    }
  });

  it('ignores build metadata', () => {
    expect(compareSemVer(parse('1.0.0+build.1'), parse('1.0.0+build.2'))).toBe(0);
    expect(compareSemVer(parse('1.2.3-pre.2+build.4'), parse('1.2.3-pre.2'))).toBe(0);
  });

  it('compares numbers beyond 2^53 exactly', () => {
    expect(
      compareSemVer(parse('9007199254740993.0.0'), parse('9007199254740992.0.0')),
    ).toBeGreaterThan(0);
  });
});
