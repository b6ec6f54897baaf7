import { existsSync, readFileSync } from 'node:fs';
import { AstBuilder, compile, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import type { Examples, GherkinDocument, TableRow } from '@cucumber/messages';
import { IdGenerator } from '@cucumber/messages';
import type { DataTable } from './step-registry';

/**
 * Where the OpenFeature specification's Gherkin suites and their flag set live: the shared
 * folder beside the repository. They are test-only data, read from there, never copied in.
 */
export const SPEC_SUITES_URL = new URL(
  '../../../shared/conformance/openfeature-spec/',
  import.meta.url,
);

/** The suites this project runs, in the order the report lists them. */
export const SPEC_FEATURE_FILES = [
  'evaluation_v2.feature',
  'hooks.feature',
  'metadata.feature',
  'contextMerging.feature',
] as const;

/** One of {@link SPEC_FEATURE_FILES}. */
export type SpecFeatureFile = (typeof SPEC_FEATURE_FILES)[number];

/** One step of a scenario, its `<placeholders>` filled in from the example row. */
export interface SpecStep {
  /** The step's text without its Given/When/Then keyword. */
  readonly text: string;
  /** The step's data table, when it has one. */
  readonly table: DataTable | undefined;
}

/** The example row a Scenario Outline was expanded with. */
export interface SpecExample {
  /** The Examples block's name, or its tags when it has none (`@hooks @transaction`). */
  readonly block: string;
  /** The row's values by column header. */
  readonly values: Readonly<Record<string, string>>;
}

/** A runnable scenario: a Scenario, or one example row of a Scenario Outline. */
export interface SpecScenario {
  readonly feature: SpecFeatureFile;
  /** The scenario's name as the suite writes it. */
  readonly name: string;
  /** The row, for a Scenario Outline. */
  readonly example: SpecExample | undefined;
  /** The test's name: the scenario's name, and the row for an outline. */
  readonly title: string;
  /** Background steps first, then the scenario's own. */
  readonly steps: readonly SpecStep[];
}

/** Whether the suites are where {@link SPEC_SUITES_URL} says. */
export function specSuitesPresent(): boolean {
  return SPEC_FEATURE_FILES.every((file) => existsSync(new URL(file, SPEC_SUITES_URL)));
}

/** Every scenario of one suite, outlines expanded one per example row, in file order. */
export function loadSpecScenarios(feature: SpecFeatureFile): SpecScenario[] {
  const newId = IdGenerator.incrementing();
  const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
  const document = parser.parse(readFileSync(new URL(feature, SPEC_SUITES_URL), 'utf8'));
  const rows = exampleRows(document);
  return compile(document, feature, newId).map((pickle) => {
    // An outline's pickle points at its scenario, then at the example row it was built from.
    const row = pickle.astNodeIds.length > 1 ? rows.get(pickle.astNodeIds[1] ?? '') : undefined;
    const example = row === undefined ? undefined : toExample(row.examples, row.row);
    return {
      feature,
      name: pickle.name,
      example,
      title: example === undefined ? pickle.name : `${pickle.name} [${describeExample(example)}]`,
      steps: pickle.steps.map((step) => ({
        text: step.text,
        table: step.argument?.dataTable?.rows.map((tableRow) =>
          tableRow.cells.map((cell) => cell.value),
        ),
      })),
    };
  });
}

/** The flag set the suites assume (`test-flags.json`), parsed. */
export function readSpecFlagSet(): unknown {
  return JSON.parse(readFileSync(new URL('test-flags.json', SPEC_SUITES_URL), 'utf8'));
}

function exampleRows(
  document: GherkinDocument,
): Map<string, { examples: Examples; row: TableRow }> {
  const rows = new Map<string, { examples: Examples; row: TableRow }>();
  const children = document.feature?.children ?? [];
  const scenarios = children.flatMap((child) => [
    ...(child.scenario === undefined ? [] : [child.scenario]),
    ...(child.rule?.children.flatMap((inner) =>
      inner.scenario === undefined ? [] : [inner.scenario],
    ) ?? []),
  ]);
  for (const scenario of scenarios) {
    for (const examples of scenario.examples) {
      for (const row of examples.tableBody) rows.set(row.id, { examples, row });
    }
  }
  return rows;
}

function toExample(examples: Examples, row: TableRow): SpecExample {
  const headers = examples.tableHeader?.cells.map((cell) => cell.value) ?? [];
  const values: Record<string, string> = {};
  headers.forEach((header, index) => {
    values[header] = row.cells[index]?.value ?? '';
  });
  const block = examples.name.trim() || examples.tags.map((tag) => tag.name).join(' ');
  return { block, values };
}

function describeExample({ block, values }: SpecExample): string {
  const cells = Object.entries(values)
    .map(([header, value]) => `${header}=${value}`)
    .join(', ');
  return block === '' ? cells : `${block}: ${cells}`;
}
