import type {
  EvaluationContext,
  EvaluationDetails,
  FlagValue,
  FlagValueType,
  JsonValue,
} from '@openfeature/core';
import { expect } from 'vitest';
import type { ConformanceHook, ProviderState, SdkUnderTest } from './sdk-under-test';
import { StageRecorder } from './stage-recorder';
import type { DataTable } from './step-registry';
import { QUOTED, StepRegistry } from './step-registry';

/**
 * The identity given to a scenario that builds an evaluation context for targeting.
 *
 * Flagsmith evaluates segments for identities: a context without a `targetingKey` is served the
 * environment's flags and its other attributes are not read (DESIGN §5.1). The suites' targeting
 * scenarios give `email`, `age` and `customer` without a `targetingKey`, so the context they
 * build starts with this one, as an application using Flagsmith would have to.
 */
export const SCENARIO_IDENTITY = 'openfeature-conformance-user';

/** The levels of context that contextMerging.feature merges, lowest precedence first. */
type ContextLevel = 'API' | 'Transaction' | 'Client' | 'Invocation' | 'Before Hooks';

/** The flag a scenario evaluates. */
interface ScenarioFlag {
  /** The suite's type name: Boolean, String, Integer, Float or Object. */
  readonly specType: string;
  readonly type: FlagValueType;
  readonly key: string;
  readonly defaultValue: FlagValue;
}

/** What one scenario has set up and observed so far. */
export interface World {
  readonly sdk: SdkUnderTest;
  flag: ScenarioFlag | undefined;
  /** The context the scenario built for its evaluations (evaluation_v2.feature). */
  context: EvaluationContext | undefined;
  /** A deep copy of {@link World.context} taken when it was built, to tell whether it changed. */
  contextCopy: EvaluationContext | undefined;
  /** Entries added to each level of context (contextMerging.feature). */
  readonly levels: Partial<Record<ContextLevel, EvaluationContext>>;
  /** The levels in increasing precedence, as the scenario's table gives them. */
  levelOrder: ContextLevel[] | undefined;
  /** The hook added to the client. */
  clientHook: StageRecorder | undefined;
  /** The evaluation options' hooks, writing to one log. */
  optionHooks: { readonly hooks: StageRecorder[]; readonly log: string[] } | undefined;
  /** Whether the last evaluation handed back a promise before settling. */
  evaluatedAsynchronously: boolean | undefined;
  details: EvaluationDetails<FlagValue> | undefined;
}

/** A fresh world for one scenario. */
export function newWorld(sdk: SdkUnderTest): World {
  return {
    sdk,
    flag: undefined,
    context: undefined,
    contextCopy: undefined,
    levels: {},
    levelOrder: undefined,
    clientHook: undefined,
    optionHooks: undefined,
    evaluatedAsynchronously: undefined,
    details: undefined,
  };
}

const FLAG_TYPES: Readonly<Record<string, FlagValueType>> = {
  boolean: 'boolean',
  string: 'string',
  integer: 'number',
  float: 'number',
  object: 'object',
};

const CONTEXT_LEVELS: readonly ContextLevel[] = [
  'API',
  'Transaction',
  'Client',
  'Invocation',
  'Before Hooks',
];

/**
 * A value written in a suite, read as its type: Boolean `true`/`false`, Integer and Float
 * numbers, Object JSON, String as written. `null` as a hooks table's value means "none".
 */
export function parseTyped(type: string, text: string): FlagValue {
  switch (type.toLowerCase()) {
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw new Error(`"${text}" is not a Boolean`);
      return text === 'true';
    case 'integer': {
      const value = Number(text);
      if (!Number.isInteger(value)) throw new Error(`"${text}" is not an Integer`);
      return value;
    }
    case 'float': {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value))
        throw new Error(`"${text}" is not a Float`);
      return value;
    }
    case 'object':
      return JSON.parse(text) as JsonValue;
    case 'string':
      return text;
    default:
      throw new Error(`Unknown value type "${type}"`);
  }
}

function flagOf(world: World): ScenarioFlag {
  if (world.flag === undefined) throw new Error('No flag was given before the evaluation');
  return world.flag;
}

function detailsOf(world: World): EvaluationDetails<FlagValue> {
  if (world.details === undefined) throw new Error('No flag was evaluated');
  return world.details;
}

/** The rows of a table without its header row. */
function bodyOf(table: DataTable | undefined): readonly (readonly string[])[] {
  if (table === undefined) throw new Error('The step needs a data table');
  return table.slice(1);
}

/**
 * Evaluates the scenario's flag, returning what the SDK returns (a promise from the server SDK,
 * details from the web SDK). The scenario's own context is invocation context for the server
 * SDK; for the web SDK, whose evaluations take none, {@link applyStaticContext} makes it the
 * global context first.
 */
function evaluate(
  world: World,
  hooks?: readonly ConformanceHook[],
): Promise<EvaluationDetails<FlagValue>> | EvaluationDetails<FlagValue> {
  const flag = flagOf(world);
  const { sdk, levels, context } = world;
  let invocationContext = levels.Invocation;
  if (sdk.paradigm === 'dynamic' && context !== undefined) {
    // The scenario's own object is handed over as it is, so its immutability can be checked.
    invocationContext =
      invocationContext === undefined ? context : { ...context, ...invocationContext };
  }
  return sdk.evaluate({
    type: flag.type,
    flagKey: flag.key,
    defaultValue: flag.defaultValue,
    invocationContext,
    transactionContext: levels.Transaction,
    hooks,
  });
}

/** Static-context paradigm: the scenario's own context becomes the global one (a context change). */
async function applyStaticContext(world: World): Promise<void> {
  const { sdk, levels, context } = world;
  if (sdk.paradigm !== 'static' || context === undefined) return;
  await sdk.setApiContext(levels.API === undefined ? context : { ...levels.API, ...context });
}

async function addContextEntry(
  world: World,
  level: string,
  key: string,
  value: string,
): Promise<void> {
  if (!CONTEXT_LEVELS.includes(level as ContextLevel)) throw new Error(`Unknown level "${level}"`);
  const known = level as ContextLevel;
  const entries = { ...world.levels[known], [key]: value };
  world.levels[known] = entries;
  switch (known) {
    case 'API':
      await world.sdk.setApiContext(entries);
      return;
    case 'Client':
      world.sdk.setClientContext(entries);
      return;
    case 'Before Hooks':
      world.sdk.addClientHook({ before: () => ({ [key]: value }) });
      return;
    case 'Transaction':
    case 'Invocation':
      // Given with the evaluation.
      return;
  }
}

/** The step definitions of evaluation_v2, hooks, metadata and contextMerging. */
export const specSteps = new StepRegistry<World>();

// Providers.

specSteps.define(/a (stable|not ready|error|fatal|stale) provider/, (world, { args }) =>
  world.sdk.useProvider(args[0] as ProviderState),
);

specSteps.define(/a stable provider with retrievable context is registered/, (world) =>
  world.sdk.useProvider('stable', { recordContext: true }),
);

specSteps.define(new RegExp(`the provider status should be ${QUOTED}`), (world, { args }) => {
  expect(world.sdk.providerStatus()).toBe(args[0]);
});

// Flags and context.

specSteps.define(
  new RegExp(`a (\\w+)-flag with key ${QUOTED} and a fallback value ${QUOTED}`),
  (world, { args: [specType = '', key = '', fallback = ''] }) => {
    const type = FLAG_TYPES[specType.toLowerCase()];
    if (type === undefined) throw new Error(`Unknown flag type "${specType}"`);
    world.flag = { specType, type, key, defaultValue: parseTyped(specType, fallback) };
  },
);

specSteps.define(
  new RegExp(`a context containing a key ${QUOTED}, with type ${QUOTED} and with value ${QUOTED}`),
  (world, { args: [key = '', type = '', value = ''] }) => {
    world.context = {
      targetingKey: SCENARIO_IDENTITY,
      ...world.context,
      [key]: parseTyped(type, value),
    };
  },
);

specSteps.define(
  new RegExp(`a context containing a key ${QUOTED} with null value`),
  (world, { args }) => {
    world.context = { targetingKey: SCENARIO_IDENTITY, ...world.context, [args[0] ?? '']: null };
  },
);

specSteps.define(/an evaluation context with modifiable data/, (world) => {
  world.context = {
    plan: 'premium',
    tags: ['beta', 'early-adopter'],
    address: { city: 'Lisbon', lines: ['Rua Augusta 1'] },
  };
  world.contextCopy = structuredClone(world.context);
});

// Evaluation.

specSteps.define(/the flag was evaluated with details/, async (world) => {
  await applyStaticContext(world);
  world.details = await evaluate(world);
});

specSteps.define(/the flag was evaluated with details asynchronously/, async (world) => {
  await applyStaticContext(world);
  const pending = evaluate(world);
  world.evaluatedAsynchronously = pending instanceof Promise;
  world.details = await pending;
});

specSteps.define(
  /the flag was evaluated with details using the evaluation options/,
  async (world) => {
    if (world.optionHooks === undefined) throw new Error('No evaluation options were given');
    world.details = await evaluate(world, world.optionHooks.hooks);
  },
);

specSteps.define(/the evaluation should complete without blocking/, (world) => {
  expect(world.evaluatedAsynchronously, 'the evaluation returned a promise').toBe(true);
  expect(world.details).toBeDefined();
});

// Evaluation details.

specSteps.define(
  new RegExp(`the resolved details value should be ${QUOTED}`),
  (world, { args }) => {
    expect(detailsOf(world).value).toEqual(parseTyped(flagOf(world).specType, args[0] ?? ''));
  },
);

specSteps.define(new RegExp(`the reason should be ${QUOTED}`), (world, { args }) => {
  expect(detailsOf(world).reason).toBe(args[0]);
});

specSteps.define(new RegExp(`the error-code should be ${QUOTED}`), (world, { args }) => {
  expect(detailsOf(world).errorCode).toBe(args[0]);
});

specSteps.define(new RegExp(`the flag key should be ${QUOTED}`), (world, { args }) => {
  expect(detailsOf(world).flagKey).toBe(args[0]);
});

specSteps.define(new RegExp(`the variant should be ${QUOTED}`), (world, { args }) => {
  expect(detailsOf(world).variant).toBe(args[0]);
});

specSteps.define(/the resolved metadata should contain/, (world, { table }) => {
  const metadata = detailsOf(world).flagMetadata;
  for (const [key = '', type = '', value = ''] of bodyOf(table)) {
    expect(metadata[key], `flagMetadata.${key}`).toEqual(parseTyped(type, value));
  }
});

specSteps.define(/the resolved metadata is empty/, (world) => {
  expect(detailsOf(world).flagMetadata).toEqual({});
});

specSteps.define(/the original evaluation context should remain unmodified/, (world) => {
  expect(world.context).toEqual(world.contextCopy);
});

specSteps.define(/the evaluation details should be immutable/, (world) => {
  const { flagMetadata } = detailsOf(world);
  expect(Object.isFrozen(flagMetadata)).toBe(true);
  expect(() => {
    (flagMetadata as Record<string, unknown>).added = true;
  }).toThrow(TypeError);
});

// Hooks.

specSteps.define(/a client with added hook/, (world) => {
  world.clientHook = new StageRecorder('client');
  world.sdk.addClientHook(world.clientHook);
});

specSteps.define(new RegExp(`the ${QUOTED} hook should have been executed`), (world, { args }) => {
  const stage = args[0] as 'before' | 'after' | 'error' | 'finally';
  expect(world.clientHook?.ran(stage), `the ${stage} stage ran`).toBe(true);
});

/** The evaluation details field a hooks table row names. */
const DETAILS_FIELDS: Readonly<Record<string, (details: EvaluationDetails<FlagValue>) => unknown>> =
  {
    flag_key: (details) => details.flagKey,
    value: (details) => details.value,
    variant: (details) => details.variant,
    reason: (details) => details.reason,
    error_code: (details) => details.errorCode,
  };

specSteps.define(
  new RegExp(`the ${QUOTED} hooks should be called with evaluation details`),
  (world, { args, table }) => {
    for (const stage of (args[0] ?? '').split(',').map((name) => name.trim())) {
      const details = world.clientHook?.detailsOf(stage as 'after' | 'finally');
      if (details === undefined) throw new Error(`The ${stage} stage did not run with details`);
      for (const [type = '', field = '', value = ''] of bodyOf(table)) {
        const read = DETAILS_FIELDS[field];
        if (read === undefined) throw new Error(`Unknown evaluation details field "${field}"`);
        const expected = value === 'null' ? null : parseTyped(type, value);
        expect(read(details) ?? null, `${stage}: ${field}`).toEqual(expected);
      }
    }
  },
);

specSteps.define(/evaluation options containing specific hooks/, (world) => {
  const log: string[] = [];
  world.optionHooks = {
    hooks: [new StageRecorder('first', log), new StageRecorder('second', log)],
    log,
  };
});

specSteps.define(/the specified hooks should execute during evaluation/, (world) => {
  for (const hook of world.optionHooks?.hooks ?? []) {
    expect(hook.stages.map(({ stage }) => stage)).toEqual(['before', 'after', 'finally']);
  }
  expect(world.optionHooks?.hooks).toHaveLength(2);
});

specSteps.define(/the hook order should be maintained/, (world) => {
  // Spec 4.4.2: before hooks run in the order given, after and finally hooks in reverse.
  expect(world.optionHooks?.log).toEqual([
    'first:before',
    'second:before',
    'second:after',
    'first:after',
    'second:finally',
    'first:finally',
  ]);
});

// Context merging.

specSteps.define(
  new RegExp(
    `A context entry with key ${QUOTED} and value ${QUOTED} is added to the ${QUOTED} level`,
  ),
  (world, { args: [key = '', value = '', level = ''] }) =>
    addContextEntry(world, level, key, value),
);

specSteps.define(/A table with levels of increasing precedence/, (world, { table }) => {
  if (table === undefined) throw new Error('The step needs a data table');
  world.levelOrder = table.map(([level = '']) => {
    if (!CONTEXT_LEVELS.includes(level as ContextLevel))
      throw new Error(`Unknown level "${level}"`);
    return level as ContextLevel;
  });
});

specSteps.define(
  new RegExp(
    `Context entries for each level from API level down to the ${QUOTED} level, with key ${QUOTED} and value ${QUOTED}`,
  ),
  async (world, { args: [last = '', key = '', value = ''] }) => {
    const order = world.levelOrder ?? [];
    const end = order.indexOf(last as ContextLevel);
    if (end === -1) throw new Error(`Level "${last}" is not in the table of levels`);
    for (const level of order.slice(0, end + 1)) await addContextEntry(world, level, key, value);
  },
);

specSteps.define(/Some flag was evaluated/, async (world) => {
  world.flag = { specType: 'Boolean', type: 'boolean', key: 'boolean-flag', defaultValue: false };
  await applyStaticContext(world);
  world.details = await evaluate(world);
});

specSteps.define(
  new RegExp(`The merged context contains an entry with key ${QUOTED} and value ${QUOTED}`),
  (world, { args: [key = '', value = ''] }) => {
    const context = world.sdk.providerContext();
    if (context === undefined) throw new Error('The provider was given no context to retrieve');
    expect(context[key], `merged context "${key}"`).toBe(value);
  },
);
