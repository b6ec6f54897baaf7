// Flagsmith's shared engine test data (v3.9.0), the suite every Flagsmith engine runs. It is read
// from ../shared/conformance next to the repository, never copied into it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EvaluationContext, EvaluationResult } from '../src/index';
import { evaluateFeature, getEvaluationResult } from '../src/index';

const casesDir = fileURLToPath(
  new URL('../../../../shared/conformance/engine-test-data/test_cases/', import.meta.url),
);
const available = existsSync(casesDir);

/** JSON with `//` and block comments (the suite's .jsonc files), comments removed outside strings. */
function parseJsonc(text: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      out += char;
      if (char === '\\') out += text[++i] ?? '';
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
      out += char;
    } else if (char === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (char === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 1;
    } else {
      out += char;
    }
  }
  return JSON.parse(out);
}

interface TestCase {
  readonly context: EvaluationContext;
  readonly result: EvaluationResult;
}

const files = available
  ? readdirSync(casesDir)
      .filter((file) => file.endsWith('.json') || file.endsWith('.jsonc'))
      .sort()
  : [];

describe('Flagsmith engine test data', () => {
  if (!available) {
    it.skip(`is absent (expected at ../shared/conformance/engine-test-data/test_cases/ next to the repository), so the conformance suite is skipped`, () => {});
    return;
  }

  it('holds the 160 cases of v3.9.0', () => {
    expect(files.length).toBe(160);
  });

  describe.each(files)('%s', (file) => {
    const { context, result } = parseJsonc(readFileSync(`${casesDir}${file}`, 'utf8')) as TestCase;

    it('gives the expected result, flags and segments', () => {
      expect(getEvaluationResult(context)).toStrictEqual(result);
    });

    it('gives the same flag from evaluateFeature for every feature', () => {
      for (const [name, flag] of Object.entries(result.flags)) {
        expect(evaluateFeature(context, name)).toStrictEqual(flag);
      }
    });
  });
});
