import type { EventProcessorStats } from '@flagsmith-openfeature/events';
import type { ExperimentResults, MetricResult } from '@flagsmith-openfeature/testing';
import type { SimulationSummary } from './simulation';

/** Prints the per-variant table: exposed users, conversion and revenue per user against control. */
export function printResults(results: ExperimentResults, simulated: SimulationSummary): void {
  console.log(
    `\n${simulated.users} shoppers, ${simulated.purchases} purchases. Experiment "${results.featureName}", control "${results.controlVariant}":\n`,
  );
  const rows = results.variants.map((variant) => {
    const conversion = metric(variant.metrics, 'occurrence');
    const revenue = metric(variant.metrics, 'sum');
    return [
      variant.variant,
      String(variant.exposedIdentities),
      percent(conversion?.value),
      money(revenue?.value),
      variant.isControl ? '—' : signedPercent(revenue?.lift),
      variant.isControl ? '—' : interval(revenue),
      variant.isControl ? '—' : pValue(revenue?.pValue),
      variant.isControl ? '—' : signedPercent(conversion?.lift),
      variant.isControl ? '—' : pValue(conversion?.pValue),
    ];
  });
  printTable(
    [
      'variant',
      'exposed users',
      'conversion',
      'revenue/user',
      'revenue lift',
      '95% CI (revenue/user diff)',
      'p (revenue)',
      'conversion lift',
      'p (conversion)',
    ],
    rows,
  );
  if (results.crossovers > 0)
    console.log(`(${results.crossovers} users saw more than one variant)`);
}

/** Prints the event processor's delivery accounting. */
export function printDeliveryStats(stats: EventProcessorStats): void {
  const dropped = Object.entries(stats.dropped)
    .map(([cause, count]) => `${cause} ${count}`)
    .join(', ');
  console.log(
    `\nDelivery: tracked ${stats.tracked}, sent ${stats.sent}, deduplicated exposures ${stats.deduplicated}, retried ${stats.retried}, buffered ${stats.buffered}, dropped: ${dropped}`,
  );
}

function metric(metrics: readonly MetricResult[], aggregation: MetricResult['aggregation']) {
  return metrics.find((m) => m.aggregation === aggregation);
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '─'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

function percent(value: number | null | undefined): string {
  return value == null ? 'n/a' : `${(value * 100).toFixed(1)}%`;
}

function signedPercent(value: number | null | undefined): string {
  return value == null ? 'n/a' : `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
}

function money(value: number | null | undefined): string {
  return value == null ? 'n/a' : `€${value.toFixed(2)}`;
}

function interval(result: MetricResult | undefined): string {
  const ci = result?.confidenceInterval;
  return ci == null ? 'n/a' : `[${ci.lower.toFixed(2)}, ${ci.upper.toFixed(2)}]`;
}

function pValue(value: number | null | undefined): string {
  if (value == null) return 'n/a';
  return value < 0.001 ? '<0.001' : value.toFixed(3);
}
