// JSONPath (RFC 9535) for segment condition properties such as `$.identity.identifier` or
// `$.environment.name`. Flagsmith takes the first node a query selects. Supported: member names
// (shorthand and quoted), indexes, slices, wildcards and descendants. Filter selectors (`?`) are
// not: such a query selects nothing here, so the condition sees no value.

/** A compiled query: the first value it selects from `root`, or undefined. */
export type JsonPathQuery = (root: unknown) => unknown;

type Selector =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' }
  | {
      readonly kind: 'slice';
      readonly start: number | null;
      readonly end: number | null;
      readonly step: number;
    };

interface Segment {
  readonly descendant: boolean;
  readonly selectors: readonly Selector[];
}

const MAX_INT = 2 ** 53 - 1;

class Parser {
  at = 0;
  constructor(readonly text: string) {}

  blank(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at] as string)) {
      this.at++;
    }
  }

  nameShorthand(): string | null {
    const start = this.at;
    while (this.at < this.text.length) {
      const code = this.text.codePointAt(this.at) as number;
      const first = this.at === start;
      const alpha = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
      const digit = code >= 48 && code <= 57;
      const wide = code >= 0x80 && (code <= 0xd7ff || code >= 0xe000);
      if (!(alpha || wide || (digit && !first))) break;
      this.at += code > 0xffff ? 2 : 1;
    }
    return this.at > start ? this.text.slice(start, this.at) : null;
  }

  integer(): number | null {
    const match = /^(?:0|-?[1-9][0-9]*)/.exec(this.text.slice(this.at));
    if (match === null) return null;
    const value = Number(match[0]);
    if (Math.abs(value) > MAX_INT) return null;
    this.at += match[0].length;
    return value;
  }

  stringLiteral(): string | null {
    const quote = this.text[this.at];
    this.at++;
    let out = '';
    while (this.at < this.text.length) {
      const char = this.text[this.at] as string;
      const code = char.charCodeAt(0);
      if (char === quote) {
        this.at++;
        return out;
      }
      if (code < 0x20) return null;
      if (char !== '\\') {
        out += char;
        this.at++;
        continue;
      }
      const escaped = this.text[this.at + 1];
      this.at += 2;
      const simple: Record<string, string> = {
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
        '/': '/',
        '\\': '\\',
      };
      if (escaped !== undefined && escaped in simple) out += simple[escaped];
      else if (escaped === quote) out += quote;
      else if (escaped === 'u') {
        const hex = this.text.slice(this.at, this.at + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return null;
        out += String.fromCharCode(Number.parseInt(hex, 16));
        this.at += 4;
      } else return null;
    }
    return null;
  }

  selector(): Selector | null {
    const char = this.text[this.at];
    if (char === "'" || char === '"') {
      const name = this.stringLiteral();
      return name === null ? null : { kind: 'name', name };
    }
    if (char === '*') {
      this.at++;
      return { kind: 'wildcard' };
    }
    const start = char === ':' ? null : this.integer();
    if (start === null && char !== ':') return null;
    this.blank();
    if (this.text[this.at] !== ':') return { kind: 'index', index: start as number };
    this.at++;
    this.blank();
    const end = /[-0-9]/.test(this.text[this.at] ?? '') ? this.integer() : null;
    let step = 1;
    this.blank();
    if (this.text[this.at] === ':') {
      this.at++;
      this.blank();
      if (/[-0-9]/.test(this.text[this.at] ?? '')) {
        const parsed = this.integer();
        if (parsed === null) return null;
        step = parsed;
      }
    }
    return { kind: 'slice', start, end, step };
  }

  bracket(): Selector[] | null {
    this.at++;
    const selectors: Selector[] = [];
    for (;;) {
      this.blank();
      const selector = this.selector();
      if (selector === null) return null;
      selectors.push(selector);
      this.blank();
      const char = this.text[this.at];
      this.at++;
      if (char === ']') return selectors;
      if (char !== ',') return null;
    }
  }

  segments(): Segment[] | null {
    if (this.text[0] !== '$') return null;
    this.at = 1;
    const segments: Segment[] = [];
    while (this.at < this.text.length) {
      this.blank();
      const descendant = this.text.startsWith('..', this.at);
      if (descendant) this.at += 2;
      else if (this.text[this.at] === '.') this.at++;
      else if (this.text[this.at] !== '[') return null;
      let selectors: Selector[] | null;
      if (this.text[this.at] === '[') selectors = this.bracket();
      else if (this.text[this.at] === '*') {
        this.at++;
        selectors = [{ kind: 'wildcard' }];
      } else {
        const name = this.nameShorthand();
        selectors = name === null ? null : [{ kind: 'name', name }];
      }
      if (selectors === null) return null;
      segments.push({ descendant, selectors });
    }
    return segments;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function select(value: unknown, selector: Selector, out: unknown[]): void {
  switch (selector.kind) {
    case 'name':
      if (isObject(value) && Object.hasOwn(value, selector.name)) out.push(value[selector.name]);
      return;
    case 'wildcard':
      if (Array.isArray(value)) out.push(...value);
      else if (isObject(value)) out.push(...Object.values(value));
      return;
    case 'index':
      if (Array.isArray(value)) {
        const index = selector.index < 0 ? value.length + selector.index : selector.index;
        if (index >= 0 && index < value.length) out.push(value[index]);
      }
      return;
    case 'slice': {
      if (!Array.isArray(value) || selector.step === 0) return;
      const length = value.length;
      const { step } = selector;
      const normal = (i: number) => (i >= 0 ? i : length + i);
      if (step > 0) {
        const lower = Math.min(Math.max(normal(selector.start ?? 0), 0), length);
        const upper = Math.min(Math.max(normal(selector.end ?? length), 0), length);
        for (let i = lower; i < upper; i += step) out.push(value[i]);
      } else {
        const upper = Math.min(Math.max(normal(selector.start ?? length - 1), -1), length - 1);
        const lower = Math.min(Math.max(normal(selector.end ?? -length - 1), -1), length - 1);
        for (let i = upper; lower < i; i += step) out.push(value[i]);
      }
      return;
    }
  }
}

function descendants(value: unknown, out: unknown[]): void {
  out.push(value);
  if (Array.isArray(value)) for (const item of value) descendants(item, out);
  else if (isObject(value)) for (const item of Object.values(value)) descendants(item, out);
}

/**
 * Compiles an RFC 9535 JSONPath query. Returns null when the text is not a query this engine can
 * evaluate (invalid syntax, or a filter selector).
 */
export function compileJsonPath(path: string): JsonPathQuery | null {
  const segments = new Parser(path).segments();
  if (segments === null) return null;
  // The common shape: a short chain of member names, looked up without building node lists.
  if (
    segments.every(
      (s) => !s.descendant && s.selectors.length === 1 && s.selectors[0]?.kind === 'name',
    )
  ) {
    const names = segments.map((s) => (s.selectors[0] as { name: string }).name);
    return (root) => {
      let value: unknown = root;
      for (const name of names) {
        if (!isObject(value) || !Object.hasOwn(value, name)) return undefined;
        value = value[name];
      }
      return value;
    };
  }
  return (root) => {
    let nodes: unknown[] = [root];
    for (const segment of segments) {
      const inputs: unknown[] = [];
      if (segment.descendant) for (const node of nodes) descendants(node, inputs);
      else inputs.push(...nodes);
      const next: unknown[] = [];
      for (const node of inputs)
        for (const selector of segment.selectors) select(node, selector, next);
      nodes = next;
      if (nodes.length === 0) return undefined;
    }
    return nodes[0];
  };
}
