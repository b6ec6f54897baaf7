// The one comparison table `npm run bench` prints, as Markdown so that it pastes into the README.

/** One row: a measure of ours, and what it is set against (if anything). */
export interface ComparisonRow {
  readonly measure: string;
  readonly ours: string;
  readonly comparedWith: string;
  readonly theirs: string;
  readonly ratio: string;
}

const HEADER: ComparisonRow = {
  measure: 'measure',
  ours: 'ours',
  comparedWith: 'compared with',
  theirs: 'theirs',
  ratio: 'ratio',
};
const COLUMNS = ['measure', 'ours', 'comparedWith', 'theirs', 'ratio'] as const;
/** Figures align right, text left. */
const RIGHT: ReadonlySet<string> = new Set(['ours', 'theirs', 'ratio']);

/** The rows as an aligned Markdown table. */
export function comparisonTable(rows: readonly ComparisonRow[]): string {
  const widths = COLUMNS.map((column) =>
    Math.max(3, ...[HEADER, ...rows].map((row) => row[column].length)),
  );
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const render = (row: ComparisonRow) =>
    line(
      COLUMNS.map((column, i) =>
        RIGHT.has(column)
          ? row[column].padStart(widths[i] as number)
          : row[column].padEnd(widths[i] as number),
      ),
    );
  const rule = line(
    COLUMNS.map((column, i) =>
      RIGHT.has(column)
        ? `${'-'.repeat((widths[i] as number) - 1)}:`
        : '-'.repeat(widths[i] as number),
    ),
  );
  return [render(HEADER), rule, ...rows.map(render)].join('\n');
}

/** A count with thousands separators, e.g. `56,928`. */
export const count = (value: number): string =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';

/** A number with fixed decimals. */
export const fixed = (value: number, digits: number): string =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      })
    : 'n/a';

/**
 * How ours compares when higher is better for us (`better` ≥ 1): "6.30× faster", or
 * "1.26× slower" when it is not. `words` names the good and the bad direction.
 */
export function ratio(better: number, words: readonly [good: string, bad: string]): string {
  if (!Number.isFinite(better) || better <= 0) return 'n/a';
  const [good, bad] = words;
  const times = better >= 1 ? better : 1 / better;
  return `${fixed(times, times < 10 ? 2 : 1)}× ${better >= 1 ? good : bad}`;
}
