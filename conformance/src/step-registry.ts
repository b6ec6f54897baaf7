/** A Gherkin data table, as rows of cell texts (the header row included). */
export type DataTable = readonly (readonly string[])[];

/** What a step definition receives besides the world: the pattern's captures and the step's table. */
export interface StepCall {
  /** The pattern's capture groups, in order, with `\"` and `\\` unescaped. */
  readonly args: readonly string[];
  /** The step's data table, when it has one. */
  readonly table: DataTable | undefined;
}

/** Runs one step against the scenario's world. */
export type StepHandler<World> = (world: World, call: StepCall) => void | Promise<void>;

interface StepDefinition<World> {
  readonly pattern: RegExp;
  readonly handler: StepHandler<World>;
}

/**
 * Step definitions by pattern, Cucumber style: a step's text (without its Given/When/Then
 * keyword) must match exactly one definition's pattern from start to end. Patterns are regular
 * expressions; quoted parameters are captured with {@link QUOTED}.
 */
export class StepRegistry<World> {
  readonly #definitions: StepDefinition<World>[] = [];

  /** Adds a definition. The pattern is anchored at both ends. */
  define(pattern: RegExp, handler: StepHandler<World>): this {
    this.#definitions.push({
      pattern: new RegExp(`^(?:${pattern.source})$`, pattern.flags),
      handler,
    });
    return this;
  }

  /**
   * The one definition for a step's text, with its captures.
   *
   * @throws Error when no definition, or more than one, matches: both are defects of the
   * registry, never of the scenario.
   */
  find(text: string): { handler: StepHandler<World>; args: string[] } {
    const matches = this.#definitions.flatMap((definition) => {
      const match = definition.pattern.exec(text);
      return match === null ? [] : [{ definition, match }];
    });
    const [first, second] = matches;
    if (first === undefined) throw new Error(`No step definition matches "${text}"`);
    if (second !== undefined) {
      throw new Error(
        `Step "${text}" is ambiguous: it matches ${first.definition.pattern} and ${second.definition.pattern}`,
      );
    }
    return { handler: first.definition.handler, args: first.match.slice(1).map(unescapeCapture) };
  }

  /** Runs one step. */
  async run(world: World, text: string, table: DataTable | undefined): Promise<void> {
    const { handler, args } = this.find(text);
    await handler(world, { args, table });
  }
}

/**
 * A double-quoted step parameter, captured without its quotes. Inside it `\"` stands for a
 * quote, as in the suites' JSON values (`"{\"a\": 1}"`).
 */
export const QUOTED = /"((?:[^"\\]|\\.)*)"/.source;

function unescapeCapture(captured: string | undefined): string {
  return (captured ?? '').replace(/\\(.)/g, '$1');
}
