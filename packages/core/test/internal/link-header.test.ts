import { describe, expect, it } from 'vitest';
import { nextLinkTarget } from '../../src/internal/link-header';

describe('nextLinkTarget', () => {
  it('finds the next link among several', () => {
    const header =
      '<https://a.example/p?page=1>; rel="prev", <https://a.example/p?page=3>; rel="next"';
    expect(nextLinkTarget(header)).toBe('https://a.example/p?page=3');
  });

  it('reads unquoted, upper-case and multi-valued relations', () => {
    expect(nextLinkTarget('</p?page=2>; rel=NEXT')).toBe('/p?page=2');
    expect(nextLinkTarget('<?page=2>; title="x"; rel="last next"')).toBe('?page=2');
  });

  it('returns undefined without a next link', () => {
    expect(nextLinkTarget(null)).toBeUndefined();
    expect(nextLinkTarget('<https://a.example/>; rel="prev"')).toBeUndefined();
    expect(nextLinkTarget('<https://a.example/>; rel="nextpage"')).toBeUndefined();
  });
});
