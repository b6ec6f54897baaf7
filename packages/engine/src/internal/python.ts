// Flagsmith's reference engine is Python, and its segment operators lean on Python's built-ins:
// `str()`, `int()`, `float()`, `%`, string ordering, `json.loads`. These are small, exact
// re-statements of those built-ins, so conditions evaluate the way the reference does.

/**
 * A trait value that Flagsmith reads as a Python `int` or `float` because it arrived as a
 * numeric-looking string (`"42"`, `"-1.50"`). `text` is what Python's `str()` gives for it.
 */
export class PyNumber {
  constructor(
    readonly isInt: boolean,
    readonly value: number,
    readonly text: string,
  ) {}
}

/**
 * A value a condition compares against. A JavaScript `number` stands for a Python `int` when it
 * is integral and a `float` otherwise; JSON cannot tell `2` from `2.0`, so this is the closest
 * reading.
 */
export type ContextValue = null | boolean | number | string | PyNumber;

const INT_TEXT = /^-?[0-9]+$/;
const FLOAT_TEXT = /^-?[0-9]+\.[0-9]+$/;

/** Python's `int` text for a run of ASCII digits with an optional minus: no leading zeros, no `-0`. */
function canonicalIntText(text: string): string {
  const negative = text.charCodeAt(0) === 45;
  let start = negative ? 1 : 0;
  while (start < text.length - 1 && text.charCodeAt(start) === 48) start++;
  const digits = text.slice(start);
  return negative && digits !== '0' ? `-${digits}` : digits;
}

/**
 * Flagsmith's `map_any_value_to_context_value`: numeric-looking strings become numbers, other
 * scalars stay as they are, and anything else (objects, arrays) becomes its Python `str()`.
 */
export function toContextValue(raw: unknown): ContextValue {
  switch (typeof raw) {
    case 'string': {
      const first = raw.charCodeAt(0);
      if ((first >= 48 && first <= 57) || first === 45) {
        if (INT_TEXT.test(raw)) return new PyNumber(true, Number(raw), canonicalIntText(raw));
        if (FLOAT_TEXT.test(raw)) {
          const value = Number(raw);
          return new PyNumber(false, value, pyFloatRepr(value));
        }
      }
      return raw;
    }
    case 'number':
    case 'boolean':
      return raw;
    case 'undefined':
      return null;
    case 'bigint':
      return new PyNumber(true, Number(raw), raw.toString());
    default:
      return raw === null ? null : pyStr(raw);
  }
}

/** Python's `repr()` of a float (shortest round-trip digits, Python's exponent rules). */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  const exponential = value.toExponential();
  const at = exponential.indexOf('e');
  const exponent = Number(exponential.slice(at + 1));
  if (exponent < -4 || exponent >= 16) {
    const mantissa = exponential.slice(0, at);
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (Number.isInteger(value)) return `${Object.is(value, -0) ? '-0' : String(value)}.0`;
  return String(value);
}

/** Python's `str()` of a JSON number: integral numbers as `int`, the rest as `float`. */
export function pyNumberStr(value: number): string {
  if (Number.isInteger(value)) {
    return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  }
  return pyFloatRepr(value);
}

/** Python's `str()` of a value from a context or a document. */
export function pyStr(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return pyNumberStr(value);
    case 'boolean':
      return value ? 'True' : 'False';
    case 'bigint':
      return value.toString();
    case 'undefined':
      return 'None';
    case 'symbol':
    case 'function':
      return String(value.toString());
    default:
      if (value === null) return 'None';
      if (value instanceof PyNumber) return value.text;
      return pyRepr(value);
  }
}

const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u;

function pyStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\t') out += '\\t';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (!NOT_PRINTABLE.test(char)) out += char;
    else if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out + quote;
}

/** Python's `repr()` of a JSON-like value (lists and dicts as Python prints them). */
export function pyRepr(value: unknown, seen: WeakSet<object> = new WeakSet()): string {
  if (typeof value === 'string') return pyStringRepr(value);
  if (typeof value !== 'object' || value === null || value instanceof PyNumber) return pyStr(value);
  const list = Array.isArray(value);
  // Python prints a container that contains itself as [...] or {...}.
  if (seen.has(value)) return list ? '[...]' : '{...}';
  seen.add(value);
  const text = list
    ? `[${value.map((item) => pyRepr(item, seen)).join(', ')}]`
    : `{${Object.entries(value)
        .map(([k, v]) => `${pyStringRepr(k)}: ${pyRepr(v, seen)}`)
        .join(', ')}}`;
  seen.delete(value);
  return text;
}

// Python's str.strip() whitespace, which int() and float() ignore around a number.
const PY_SPACE =
  '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, 'g');
const INT_LITERAL = /^([+-]?)([0-9](?:_?[0-9])*)$/;
const FLOAT_LITERAL =
  /^[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?$/;
const FLOAT_SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;
const DECIMAL_DIGIT = /\p{Nd}/u;

/** Replaces non-ASCII decimal digits (which Python's int() and float() accept) by ASCII ones. */
function asciiDigits(text: string): string {
  let out = '';
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] as string;
    if (char.charCodeAt(0) < 0x80 || !DECIMAL_DIGIT.test(char)) {
      out += char;
      continue;
    }
    // Unicode encodes decimal digits in contiguous runs of ten, from zero up.
    let code = char.codePointAt(0) as number;
    let value = 0;
    while (DECIMAL_DIGIT.test(String.fromCodePoint(code - 1))) {
      code--;
      value++;
    }
    out += String(value % 10);
  }
  return out;
}

function prepareNumberText(text: string): string {
  const stripped = text.replace(STRIP, '');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: testing for non-ASCII
  return /[^\x00-\x7f]/.test(stripped) ? asciiDigits(stripped) : stripped;
}

/** Python's `int(text)`: the canonical decimal text of the result, or undefined when it raises. */
export function parsePyInt(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const match = INT_LITERAL.exec(prepareNumberText(text));
  if (match === null) return undefined;
  return canonicalIntText(
    `${match[1] === '-' ? '-' : ''}${(match[2] as string).replaceAll('_', '')}`,
  );
}

/** Python's `float(text)`, or undefined when it raises. */
export function parsePyFloat(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const prepared = prepareNumberText(text);
  if (FLOAT_LITERAL.test(prepared)) return Number(prepared.replaceAll('_', ''));
  const special = FLOAT_SPECIAL.exec(prepared);
  if (special === null) return undefined;
  if ((special[2] as string).toLowerCase() === 'nan') return Number.NaN;
  return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

/** Python's float `%`: the result takes the divisor's sign. NaN where Python raises. */
export function pyModulo(dividend: number, divisor: number): number {
  if (divisor === 0) return Number.NaN;
  let remainder = dividend % divisor;
  if (remainder !== 0 && remainder < 0 !== divisor < 0) remainder += divisor;
  return remainder;
}

/** Python's string ordering (by code point; JavaScript's `<` orders by UTF-16 unit). */
export function comparePyStrings(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate && (x >= 0xe000 || y >= 0xe000)) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** Compares two Python `int` texts exactly (no precision is lost beyond 2^53). */
export function comparePyInts(a: string, b: string): number {
  if (a.length < 16 && b.length < 16) return Number(a) - Number(b);
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Python's `json.loads`: JSON plus NaN and ±Infinity, numbers kept as `PyNumber` so `1` and `1.0`
 * stay distinct. Returns `undefined` where Python raises.
 */
export function parsePyJson(text: string): unknown {
  let at = 0;
  const fail = Symbol('fail');
  const space = () => {
    while (at < text.length) {
      const c = text.charCodeAt(at);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      at++;
    }
  };
  const literal = (word: string, value: unknown): unknown => {
    if (text.startsWith(word, at)) {
      at += word.length;
      return value;
    }
    return fail;
  };
  const string = (): unknown => {
    at++;
    let out = '';
    while (at < text.length) {
      const c = text.charCodeAt(at);
      if (c === 0x22) {
        at++;
        return out;
      }
      if (c < 0x20) return fail;
      if (c !== 0x5c) {
        out += text[at++];
        continue;
      }
      const escaped = text[at + 1];
      at += 2;
      switch (escaped) {
        case '"':
        case '\\':
        case '/':
          out += escaped;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = text.slice(at, at + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) return fail;
          out += String.fromCharCode(Number.parseInt(hex, 16));
          at += 4;
          break;
        }
        default:
          return fail;
      }
    }
    return fail;
  };
  const number = (): unknown => {
    const match = /^-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(at));
    if (match === null) return fail;
    at += match[0].length;
    if (match[1] === undefined && match[2] === undefined) {
      return new PyNumber(true, Number(match[0]), canonicalIntText(match[0]));
    }
    const value = Number(match[0]);
    return new PyNumber(false, value, pyFloatRepr(value));
  };
  const value = (): unknown => {
    space();
    const c = text[at];
    switch (c) {
      case '{': {
        at++;
        const object: Record<string, unknown> = Object.create(null);
        space();
        if (text[at] === '}') {
          at++;
          return object;
        }
        for (;;) {
          space();
          if (text[at] !== '"') return fail;
          const key = string();
          if (key === fail) return fail;
          space();
          if (text[at] !== ':') return fail;
          at++;
          const item = value();
          if (item === fail) return fail;
          object[key as string] = item;
          space();
          if (text[at] === ',') {
            at++;
            continue;
          }
          if (text[at] === '}') {
            at++;
            return object;
          }
          return fail;
        }
      }
      case '[': {
        at++;
        const list: unknown[] = [];
        space();
        if (text[at] === ']') {
          at++;
          return list;
        }
        for (;;) {
          const item = value();
          if (item === fail) return fail;
          list.push(item);
          space();
          if (text[at] === ',') {
            at++;
            continue;
          }
          if (text[at] === ']') {
            at++;
            return list;
          }
          return fail;
        }
      }
      case '"':
        return string();
      case 't':
        return literal('true', true);
      case 'f':
        return literal('false', false);
      case 'n':
        return literal('null', null);
      case 'N':
        return literal('NaN', new PyNumber(false, Number.NaN, 'nan'));
      case 'I':
        return literal('Infinity', new PyNumber(false, Number.POSITIVE_INFINITY, 'inf'));
      case '-':
        if (text.startsWith('-Infinity', at)) {
          at += 9;
          return new PyNumber(false, Number.NEGATIVE_INFINITY, '-inf');
        }
        return number();
      default:
        return c !== undefined && c >= '0' && c <= '9' ? number() : fail;
    }
  };
  const result = value();
  space();
  return result === fail || at !== text.length ? undefined : result;
}
