/**
 * DESIGN §5.3, row by row and value type by value type, through the OpenFeature SDK's client
 * against the test server: offline and local mode (engine-backed, with Flagsmith's reasons and
 * the control variant) and remote mode (the identities API, which gives no reason).
 */
import type { DefaultFlag } from '@flagsmith-openfeature/provider-common';
import type { FlagsmithServerProviderOptions } from '@flagsmith-openfeature/server-provider';
import { FlagsmithServerProvider } from '@flagsmith-openfeature/server-provider';
import type { TestServer } from '@flagsmith-openfeature/testing';
import { startTestServer } from '@flagsmith-openfeature/testing';
import type {
  EvaluationContext,
  EvaluationDetails,
  FlagMetadata,
  FlagValue,
  JsonValue,
} from '@openfeature/server-sdk';
import { OpenFeature } from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingLogger, resetOpenFeature } from './support/helpers';
import type { StoredValues } from './support/typed-environment';
import {
  featureIdOf,
  GOLD_TIER,
  OVERRIDDEN_IDENTITY,
  STORED,
  typedEnvironment,
  VALUE_TYPES,
  VARIANT_KEY,
} from './support/typed-environment';

type Mode = 'offline' | 'local' | 'remote';
type ValueType = (typeof VALUE_TYPES)[number];
/** The provider a case is evaluated with: the plain one, one with useBooleanConfigValue, one that never loads. */
type Domain = 'plain' | 'boolean-config' | 'down';

interface Expected {
  value: FlagValue;
  reason: string;
  errorCode?: string;
  variant?: string;
  flagMetadata: FlagMetadata;
}

interface Case {
  /** The §5.3 row. */
  row: string;
  type: ValueType;
  flagKey: string;
  context: EvaluationContext;
  domain: Domain;
  defaultValue: FlagValue;
  expected: Expected;
  /** How the expected outcome reads in the test name. */
  outcome: string;
}

const document = typedEnvironment();
const PLAIN_IDENTITY = { targetingKey: 'plain_user' };

const CALLER_DEFAULTS: Readonly<Record<ValueType, FlagValue>> = {
  boolean: false,
  string: 'caller default',
  number: -1,
  object: { caller: 'default' },
};

/** What `defaultFlagHandler` supplies for `handled_<type>`, and what each type reads from it. */
const HANDLED: Readonly<Record<ValueType, DefaultFlag & { served: FlagValue }>> = {
  boolean: { enabled: true, value: null, served: true },
  string: { enabled: true, value: 'from handler', served: 'from handler' },
  number: { enabled: true, value: '7', served: 7 },
  object: { enabled: true, value: '{"from":"handler"}', served: { from: 'handler' } },
};

function defaultFlagHandler(flagKey: string): DefaultFlag | undefined {
  const type = flagKey.replace('handled_', '') as ValueType;
  return flagKey.startsWith('handled_') && type in HANDLED ? HANDLED[type] : undefined;
}

/** A stored value as a flag of `type` reads it (boolean flags read the enabled state: on). */
function read(type: ValueType, stored: StoredValues[keyof StoredValues]): FlagValue {
  if (type === 'boolean') return true;
  if (type === 'number') return Number(stored);
  if (type === 'object') return JSON.parse(String(stored)) as JsonValue;
  return String(stored);
}

function casesFor(mode: Mode): Case[] {
  const engine = mode !== 'remote';
  /** flagMetadata of a flag Flagsmith has; `flagsmithReason` only where the engine gives one. */
  const metadata = (
    flagKey: string,
    defaultServed: boolean,
    flagsmithReason: string,
    enabled = true,
  ): FlagMetadata => ({
    featureId: featureIdOf(document, flagKey),
    enabled,
    defaultServed,
    ...(engine ? { flagsmithReason } : {}),
  });
  const cases: Case[] = [];
  const add = (
    type: ValueType,
    row: string,
    flagKey: string,
    context: EvaluationContext,
    expected: Expected,
    options: { domain?: Domain; defaultValue?: FlagValue } = {},
  ) => {
    const details = [
      expected.reason,
      expected.errorCode,
      expected.variant && `variant ${expected.variant}`,
    ];
    cases.push({
      row,
      type,
      flagKey,
      context,
      domain: options.domain ?? 'plain',
      defaultValue: options.defaultValue ?? CALLER_DEFAULTS[type],
      expected,
      outcome: `${JSON.stringify(expected.value)} (${details.filter(Boolean).join(', ')})`,
    });
  };

  for (const type of VALUE_TYPES) {
    const stored = STORED[type];
    const callerDefault = CALLER_DEFAULTS[type];
    const value = `value_${type}`;

    add(type, 'flag missing, no defaultFlagHandler', 'no_such_flag', PLAIN_IDENTITY, {
      value: callerDefault,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
      flagMetadata: { defaultServed: true },
    });
    add(type, 'flag missing, defaultFlagHandler', `handled_${type}`, PLAIN_IDENTITY, {
      value: HANDLED[type].served,
      reason: 'DEFAULT',
      flagMetadata: { enabled: true, defaultServed: true },
    });

    if (type === 'boolean') {
      // Booleans are the enabled state: a disabled flag is a served `false`, not a default.
      add(
        type,
        'boolean, disabled flag',
        'disabled_flag',
        PLAIN_IDENTITY,
        {
          value: false,
          reason: 'DISABLED',
          flagMetadata: metadata('disabled_flag', false, 'DEFAULT', false),
        },
        { defaultValue: true },
      );
      add(
        type,
        'boolean, enabled flag without a value',
        'empty_flag',
        {},
        {
          value: true,
          reason: 'STATIC',
          flagMetadata: metadata('empty_flag', false, 'DEFAULT'),
        },
      );
    } else {
      add(type, 'non-boolean, flag disabled', 'disabled_flag', PLAIN_IDENTITY, {
        value: callerDefault,
        reason: 'DISABLED',
        flagMetadata: metadata('disabled_flag', true, 'DEFAULT', false),
      });
      add(type, 'non-boolean, flag enabled, value null', 'empty_flag', PLAIN_IDENTITY, {
        value: callerDefault,
        reason: 'DEFAULT',
        flagMetadata: metadata('empty_flag', true, 'DEFAULT'),
      });
    }

    add(
      type,
      'no identity, environment value',
      value,
      {},
      {
        value: read(type, stored.environment),
        reason: 'STATIC',
        flagMetadata: metadata(value, false, 'DEFAULT'),
      },
    );
    add(
      type,
      'no identity, multivariate flag',
      `control_${type}`,
      {},
      {
        value: read(type, stored.control),
        reason: 'STATIC',
        flagMetadata: metadata(`control_${type}`, false, 'DEFAULT'),
      },
    );
    // Engine modes know Flagsmith's reason; remote evaluation gets none from the API, so an
    // identity's value is a TARGETING_MATCH unless a variant says it was a split.
    if (engine) {
      add(type, 'identity, environment value', value, PLAIN_IDENTITY, {
        value: read(type, stored.environment),
        reason: 'STATIC',
        flagMetadata: metadata(value, false, 'DEFAULT'),
      });
    } else {
      add(type, 'identity, remote evaluation without a reason', value, PLAIN_IDENTITY, {
        value: read(type, stored.environment),
        reason: 'TARGETING_MATCH',
        flagMetadata: metadata(value, false, 'DEFAULT'),
      });
    }
    add(
      type,
      'identity, segment override',
      value,
      { ...PLAIN_IDENTITY, ...GOLD_TIER },
      {
        value: read(type, stored.segment),
        reason: 'TARGETING_MATCH',
        flagMetadata: metadata(value, false, 'TARGETING_MATCH; segment=gold_tier'),
      },
    );
    add(
      type,
      'identity, identity override',
      value,
      { targetingKey: OVERRIDDEN_IDENTITY },
      {
        value: read(type, stored.identity),
        reason: 'TARGETING_MATCH',
        flagMetadata: metadata(value, false, 'TARGETING_MATCH; segment=identity_overrides'),
      },
    );
    add(type, 'identity, multivariate allocation', `split_${type}`, PLAIN_IDENTITY, {
      value: read(type, stored.variant),
      reason: 'SPLIT',
      variant: VARIANT_KEY,
      flagMetadata: metadata(`split_${type}`, false, 'SPLIT; weight=100'),
    });
    add(type, 'identity, multivariate allocation to control', `control_${type}`, PLAIN_IDENTITY, {
      value: read(type, stored.control),
      reason: 'SPLIT',
      variant: 'control',
      flagMetadata: metadata(`control_${type}`, false, 'DEFAULT'),
    });

    const mismatch = (flagKey: string, errorCode: string, domain: Domain = 'plain') =>
      add(
        type,
        "value can't be coerced",
        flagKey,
        PLAIN_IDENTITY,
        {
          value: callerDefault,
          reason: 'ERROR',
          errorCode,
          flagMetadata: metadata(flagKey, true, 'DEFAULT'),
        },
        { domain },
      );
    // Every Flagsmith value reads as a string, so strings have no mismatch row.
    if (type === 'boolean') mismatch('not_a_number', 'TYPE_MISMATCH', 'boolean-config');
    if (type === 'number') mismatch('not_a_number', 'TYPE_MISMATCH');
    if (type === 'object') {
      mismatch('not_a_number', 'PARSE_ERROR');
      mismatch('value_number', 'TYPE_MISMATCH');
    }

    if (mode !== 'offline') {
      for (const context of [{}, PLAIN_IDENTITY]) {
        add(
          type,
          `flags unavailable${'targetingKey' in context ? ', identity' : ''}`,
          value,
          context,
          {
            value: callerDefault,
            reason: 'ERROR',
            errorCode: 'GENERAL',
            flagMetadata: { defaultServed: true },
          },
          { domain: 'down' },
        );
      }
    }
  }
  return cases;
}

function evaluate(testCase: Case): Promise<EvaluationDetails<FlagValue>> {
  const client = OpenFeature.getClient(testCase.domain);
  const { flagKey, context, defaultValue } = testCase;
  switch (testCase.type) {
    case 'boolean':
      return client.getBooleanDetails(flagKey, defaultValue as boolean, context);
    case 'string':
      return client.getStringDetails(flagKey, defaultValue as string, context);
    case 'number':
      return client.getNumberDetails(flagKey, defaultValue as number, context);
    case 'object':
      return client.getObjectDetails(flagKey, defaultValue as JsonValue, context);
  }
}

let server: TestServer;
let unreachable: TestServer;

beforeAll(async () => {
  server = await startTestServer({ environment: document });
  unreachable = await startTestServer({ environment: document });
  for (const path of ['flags/', 'identities/', 'environment-document/']) {
    unreachable.injectFault({ path, dropConnection: true, times: Number.POSITIVE_INFINITY });
  }
});

afterAll(async () => {
  await resetOpenFeature();
  await Promise.all([server.close(), unreachable.close()]);
});

function providerOptions(mode: Mode, target: TestServer): FlagsmithServerProviderOptions {
  const common = { defaultFlagHandler, logger: recordingLogger(), retries: 0 };
  switch (mode) {
    case 'offline':
      return { ...common, environment: document };
    case 'local':
      return {
        ...common,
        environmentKey: target.serverKey,
        apiUrl: target.apiUrl,
        enableLocalEvaluation: true,
      };
    case 'remote':
      return { ...common, environmentKey: target.clientKey, apiUrl: target.apiUrl };
  }
}

describe.each<Mode>(['offline', 'local', 'remote'])(
  'the §5.3 resolution table, %s mode',
  (mode) => {
    beforeAll(async () => {
      await resetOpenFeature();
      await OpenFeature.setProviderAndWait(
        'plain',
        new FlagsmithServerProvider(providerOptions(mode, server)),
      );
      await OpenFeature.setProviderAndWait(
        'boolean-config',
        new FlagsmithServerProvider({
          ...providerOptions(mode, server),
          useBooleanConfigValue: true,
        }),
      );
      if (mode !== 'offline') {
        await expect(
          OpenFeature.setProviderAndWait(
            'down',
            new FlagsmithServerProvider(providerOptions(mode, unreachable)),
          ),
        ).rejects.toThrow();
      }
    });

    it.each(
      casesFor(mode).map((testCase) => [
        `serves ${testCase.outcome} to ${testCase.type === 'object' ? 'an' : 'a'} ${testCase.type} evaluation (${testCase.row})`,
        testCase,
      ]),
    )('%s', async (_title, testCase) => {
      const details = await evaluate(testCase);
      const { errorCode } = testCase.expected;
      expect(details).toEqual({
        flagKey: testCase.flagKey,
        ...testCase.expected,
        ...(errorCode === undefined ? {} : { errorMessage: expect.any(String) }),
      });
    });
  },
);
