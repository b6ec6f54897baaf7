// Flagsmith's REGEX operator is Python's `re.compile(pattern).match(text)`: anchored at the start
// only, Unicode-aware classes, Python's `$` and `.`. This translates a Python pattern into an
// equivalent JavaScript RegExp, or reports it unusable (Python would raise; the condition fails).

const WORD = '\\p{L}\\p{N}_';
const ASCII_WORD = 'a-zA-Z0-9_';
const JS_SYNTAX = new Set([
  '^',
  '$',
  '\\',
  '.',
  '*',
  '+',
  '?',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '|',
  '/',
]);

interface Flags {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
  ascii: boolean;
  verbose: boolean;
}

function hex(code: number): string {
  return `\\u{${code.toString(16)}}`;
}

function literal(char: string, inClass: boolean): string {
  if (JS_SYNTAX.has(char) || (inClass && char === '-')) return `\\${char}`;
  return char;
}

/** Translates one escape (`pattern[at]` is the backslash); returns [js, next index] or null. */
function translateEscape(
  pattern: string,
  at: number,
  inClass: boolean,
  flags: Flags,
): [string, number] | null {
  const char = pattern[at + 1];
  if (char === undefined) return null;
  const word = flags.ascii ? ASCII_WORD : WORD;
  const digit = flags.ascii ? '0-9' : '\\p{Nd}';
  switch (char) {
    case 'd':
      return [inClass ? digit : `[${digit}]`, at + 2];
    case 'D':
      if (inClass) return flags.ascii ? null : ['\\P{Nd}', at + 2];
      return [`[^${digit}]`, at + 2];
    case 'w':
      return [inClass ? word : `[${word}]`, at + 2];
    case 'W':
      return inClass ? null : [`[^${word}]`, at + 2];
    case 's':
      return ['\\s', at + 2];
    case 'S':
      return ['\\S', at + 2];
    case 'b':
      if (inClass) return ['\\x08', at + 2];
      return [`(?:(?<=[${word}])(?![${word}])|(?<![${word}])(?=[${word}]))`, at + 2];
    case 'B':
      if (inClass) return null;
      return [`(?:(?<=[${word}])(?=[${word}])|(?<![${word}])(?![${word}]))`, at + 2];
    case 'A':
      return inClass ? null : ['(?<![\\s\\S])', at + 2];
    case 'Z':
      return inClass ? null : ['(?![\\s\\S])', at + 2];
    case 'n':
      return ['\\n', at + 2];
    case 't':
      return ['\\t', at + 2];
    case 'r':
      return ['\\r', at + 2];
    case 'f':
      return ['\\f', at + 2];
    case 'v':
      return ['\\v', at + 2];
    case 'a':
      return ['\\x07', at + 2];
    case 'x': {
      const digits = pattern.slice(at + 2, at + 4);
      return /^[0-9a-fA-F]{2}$/.test(digits) ? [hex(Number.parseInt(digits, 16)), at + 4] : null;
    }
    case 'u': {
      const digits = pattern.slice(at + 2, at + 6);
      return /^[0-9a-fA-F]{4}$/.test(digits) ? [hex(Number.parseInt(digits, 16)), at + 6] : null;
    }
    case 'U': {
      const digits = pattern.slice(at + 2, at + 10);
      if (!/^[0-9a-fA-F]{8}$/.test(digits)) return null;
      const code = Number.parseInt(digits, 16);
      return code <= 0x10ffff ? [hex(code), at + 10] : null;
    }
  }
  if (char >= '0' && char <= '9') {
    // Octal escapes (\0, \012, \177) and back-references (\1 .. \99), as Python reads them.
    const octal = /^[0-7]{1,3}/.exec(pattern.slice(at + 1))?.[0] ?? '';
    if (char === '0' || (octal.length === 3 && char <= '3') || (inClass && octal !== '')) {
      const value = Number.parseInt(octal, 8);
      return value <= 0o377 ? [hex(value), at + 1 + octal.length] : null;
    }
    if (inClass) return null;
    const reference = /^[0-9]{1,2}/.exec(pattern.slice(at + 1))?.[0] as string;
    return [`(?:\\${reference})`, at + 1 + reference.length];
  }
  if (/[a-zA-Z]/.test(char)) return null;
  const code = pattern.codePointAt(at + 1) as number;
  const whole = String.fromCodePoint(code);
  return [literal(whole, inClass), at + 1 + whole.length];
}

/**
 * Translates a Python regular expression into a JavaScript RegExp that matches at the start of
 * the subject exactly where Python's `re.match` does. Returns null for patterns Python rejects
 * and for the few Python constructs JavaScript cannot express (conditionals, atomic groups and
 * possessive quantifiers, scoped flags, `\N{name}` escapes).
 */
export function compilePythonRegex(pattern: string): RegExp | null {
  const flags: Flags = {
    ignoreCase: false,
    multiline: false,
    dotAll: false,
    ascii: false,
    verbose: false,
  };
  let at = 0;
  // Global inline flags, which Python only accepts at the very start.
  for (;;) {
    const match = /^\(\?([aiLmsux]+)\)/.exec(pattern.slice(at));
    if (match === null) break;
    for (const flag of match[1] as string) {
      if (flag === 'i') flags.ignoreCase = true;
      else if (flag === 'm') flags.multiline = true;
      else if (flag === 's') flags.dotAll = true;
      else if (flag === 'a') flags.ascii = true;
      else if (flag === 'x') flags.verbose = true;
      else if (flag !== 'u') return null;
    }
    at += match[0].length;
  }
  let out = '';
  let inClass = false;
  let classStart = false;
  while (at < pattern.length) {
    const char = pattern[at] as string;
    if (inClass) {
      if (char === ']' && !classStart) {
        out += ']';
        inClass = false;
        at++;
        continue;
      }
      classStart = false;
      if (char === '\\') {
        const translated = translateEscape(pattern, at, true, flags);
        if (translated === null) return null;
        out += translated[0];
        at = translated[1];
        continue;
      }
      if (char === '[' || char === ']') out += `\\${char}`;
      else out += char;
      at++;
      continue;
    }
    if (flags.verbose && (' \t\n\r\f\v'.includes(char) || char === '#')) {
      // Verbose mode: whitespace is ignored and `#` starts a comment, outside classes.
      if (char === '#') while (at < pattern.length && pattern[at] !== '\n') at++;
      else at++;
      continue;
    }
    switch (char) {
      case '\\': {
        const translated = translateEscape(pattern, at, false, flags);
        if (translated === null) return null;
        out += translated[0];
        at = translated[1];
        continue;
      }
      case '[':
        inClass = true;
        classStart = true;
        out += '[';
        at++;
        if (pattern[at] === '^') {
          out += '^';
          at++;
        }
        continue;
      case '.':
        out += flags.dotAll ? '[\\s\\S]' : '[^\\n]';
        at++;
        continue;
      case '^':
        out += flags.multiline ? '(?<![^\\n])' : '(?<![\\s\\S])';
        at++;
        continue;
      case '$':
        out += flags.multiline ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
        at++;
        continue;
      case '{': {
        const quantifier = /^\{([0-9]*)(,([0-9]*))?\}/.exec(pattern.slice(at));
        if (quantifier === null || (quantifier[1] === '' && quantifier[2] === undefined)) {
          out += '\\{';
          at++;
          continue;
        }
        const min = quantifier[1] === '' ? '0' : quantifier[1];
        out += quantifier[2] === undefined ? `{${min}}` : `{${min},${quantifier[3]}}`;
        at += quantifier[0].length;
        continue;
      }
      case '}':
      case ']':
        out += `\\${char}`;
        at++;
        continue;
      case '(': {
        const rest = pattern.slice(at);
        if (!rest.startsWith('(?')) {
          out += '(';
          at++;
          continue;
        }
        const named = /^\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
        if (named !== null) {
          out += `(?<${named[1]}>`;
          at += named[0].length;
          continue;
        }
        const reference = /^\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/.exec(rest);
        if (reference !== null) {
          out += `\\k<${reference[1]}>`;
          at += reference[0].length;
          continue;
        }
        const comment = /^\(\?#[^)]*\)/.exec(rest);
        if (comment !== null) {
          at += comment[0].length;
          continue;
        }
        const group = /^\(\?(?::|=|!|<=|<!)/.exec(rest);
        if (group === null) return null;
        out += group[0];
        at += group[0].length;
        continue;
      }
      default: {
        const code = pattern.codePointAt(at) as number;
        const whole = String.fromCodePoint(code);
        out += whole;
        at += whole.length;
        // Possessive quantifiers (`a*+`) and atomic groups exist in Python 3.11, not in JavaScript.
        if ((whole === '*' || whole === '+' || whole === '?') && pattern[at] === '+') return null;
      }
    }
  }
  if (inClass) return null;
  try {
    return new RegExp(`^(?:${out})`, flags.ignoreCase ? 'iu' : 'u');
  } catch {
    return null;
  }
}
