import { describe, expect, it } from 'vitest';
import { compilePythonRegex } from '../../src/internal/regex';

function pythonMatch(pattern: string, subject: string): boolean | null {
  const regex = compilePythonRegex(pattern);
  return regex === null ? null : regex.test(subject);
}

// [pattern, subject, re.compile(pattern).match(subject) is not None] from CPython 3.11; null
// where Python raises re.error.
const PYTHON_RESULTS: [string, string, boolean | null][] = [
  ['[a-z]+', 'FOO', false],
  ['[a-z]+', 'foo', true],
  ['abc', 'xabc', false],
  ['abc', 'abcx', true],
  ['abc$', 'abc\n', true],
  ['abc$', 'abc\n\n', false],
  ['abc\\Z', 'abc\n', false],
  ['\\Aabc', 'abc', true],
  ['a.c', 'a\rc', true],
  ['a.c', 'a\nc', false],
  ['(?s)a.c', 'a\nc', true],
  ['\\d+', '٣٤', true],
  ['(?a)\\d+', '٣٤', false],
  ['\\w+$', 'Émile', true],
  ['(?a)\\w+$', 'Émile', false],
  ['\\bfoo\\b', 'foo bar', true],
  ['é\\b', 'é', true],
  ['[]a]+$', ']a]', true],
  ['[^]a]', 'b', true],
  ['\\101', 'A', true],
  ['\\0', '\u0000', true],
  ['(a)\\1', 'aa', true],
  ['(?P<x>a)(?P=x)', 'aa', true],
  ['a{,2}$', 'aa', true],
  ['a{,2}$', 'aaa', false],
  ['a{}', 'a{}', true],
  ['a{2}', 'aa', true],
  ['a{,}b', 'aaab', true],
  ['(?i)FOO', 'foo', true],
  ['(?m)^b', 'b', true],
  ['a(?#comment)b', 'ab', true],
  ['(?x) a  # comment', 'a', true],
  ['[', '[', null],
  ['(', '(', null],
  ['a)', 'a)', null],
  ['\\q', 'q', null],
  ['\\-', '-', true],
  ['[\\-a]+$', '-a', true],
  ['\\d*[13579]$', '123', true],
  ['\\d*[13579]$', '122', false],
  ['user_[0-4]$', 'user_3', true],
  ['^.*@example\\.com$', 'a@example.com', true],
  ['(?<=a)b', 'ab', false],
  ['a|b', 'b', true],
  ['', 'anything', true],
  ['😀.', '😀x', true],
  ['.$', '😀', true],
  ['\\u00e9', 'é', true],
  ['\\U0001F600', '😀', true],
  ['\\x41', 'A', true],
  ['[\\d-z]', '5', null],
  ['a\\sb', 'a\u2003b', true],
  ['(?i)straße', 'STRASSE', false],
  ['(?i)é', 'É', true],
  ['[\\w.-]+@', 'é.x@', true],
  ['}', '}', true],
  [']', ']', true],
  ['(?<n>a)', 'a', null],
  ['True', 'True', true],
  ['1.5', '1.5', true],
  ['[\\b]', '\b', true],
  ['\\B', 'ab', false],
  ['a\\b', 'a', true],
];

describe('compilePythonRegex', () => {
  it.each(PYTHON_RESULTS)(
    'matches %j against %j as Python re.match does',
    (pattern, subject, expected) => {
      expect(pythonMatch(pattern, subject)).toBe(expected);
    },
  );

  it('gives up on Python constructs JavaScript cannot express (the condition then fails)', () => {
    // Python 3.11 accepts all of these; see the README's divergences.
    for (const pattern of [
      'x*+',
      'a++',
      '(?>a)',
      '(?i:a)b',
      '\\N{LATIN SMALL LETTER E}',
      '(a)?(?(1)b|c)',
    ]) {
      expect(compilePythonRegex(pattern)).toBeNull();
    }
  });
});
