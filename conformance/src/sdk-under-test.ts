import type { TestServer } from '@flagsmith-openfeature/testing';
import type {
  BaseHook,
  EvaluationContext,
  EvaluationDetails,
  FlagValue,
  FlagValueType,
  Logger,
} from '@openfeature/core';

/** The ways the conformance suites run: the server provider in both modes, and the web provider. */
export type ModeName = 'server local' | 'server remote' | 'web';

/** The provider states the suites ask for (`Given a <state> provider`). */
export type ProviderState = 'stable' | 'not ready' | 'error' | 'fatal' | 'stale';

/**
 * A hook that fits both SDKs: its `before` may return context to merge (the server SDK merges
 * it; the web SDK's before hooks return nothing, and it ignores a returned value).
 */
export type ConformanceHook = BaseHook<
  FlagValue,
  Record<string, unknown>,
  EvaluationContext | undefined,
  void
>;

/** One flag evaluation with details. */
export interface Evaluation {
  readonly type: FlagValueType;
  readonly flagKey: string;
  readonly defaultValue: FlagValue;
  /** Context for this evaluation only (dynamic-context paradigm). */
  readonly invocationContext?: EvaluationContext | undefined;
  /** Context of the transaction the evaluation runs in (dynamic-context paradigm). */
  readonly transactionContext?: EvaluationContext | undefined;
  /** Hooks for this evaluation only (the evaluation options' hooks). */
  readonly hooks?: readonly ConformanceHook[] | undefined;
}

/**
 * An OpenFeature SDK with a Flagsmith provider behind it, as the step definitions drive it. Each
 * scenario starts with {@link SdkUnderTest.reset} and registers a fresh provider.
 */
export interface SdkUnderTest {
  readonly mode: ModeName;
  /**
   * `dynamic`: the server SDK, where context comes per evaluation, per transaction and per client.
   * `static`: the web SDK, where one global context describes the one user, and evaluations are
   * synchronous.
   */
  readonly paradigm: 'dynamic' | 'static';
  /**
   * Registers a new Flagsmith provider and resolves once it is in `state`. With `recordContext`
   * it is a provider with retrievable context: it keeps the context of its last evaluation.
   */
  useProvider(state: ProviderState, options?: { recordContext?: boolean }): Promise<void>;
  /** The client's provider status (`READY`, `NOT_READY`, `ERROR`, `FATAL`, `STALE`). */
  providerStatus(): string;
  /** The context the provider was given by its last evaluation (needs `recordContext`). */
  providerContext(): EvaluationContext | undefined;
  /** Replaces the global (API-level) context; for the web SDK this is a context change. */
  setApiContext(context: EvaluationContext): Promise<void>;
  /** Sets the client's own context (dynamic paradigm only). */
  setClientContext(context: EvaluationContext): void;
  /** Adds a hook to the client. */
  addClientHook(hook: ConformanceHook): void;
  /** Evaluates one flag with details, as the SDK returns it: a promise from the server SDK. */
  evaluate(
    evaluation: Evaluation,
  ): EvaluationDetails<FlagValue> | Promise<EvaluationDetails<FlagValue>>;
  /** Closes the scenario's providers and clears global context and hooks. */
  reset(): Promise<void>;
}

/** A logger that keeps what providers report, so expected failures don't clutter the output. */
export function quietLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const record =
    (level: string) =>
    (...args: unknown[]) => {
      lines.push(`${level}: ${args.map(String).join(' ')}`);
    };
  return {
    lines,
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: record('debug'),
  };
}

/** Waits until `condition` holds, polling; rejects with `what` after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Brings a just-registered provider to `state` with faults on the path it loads its flags from:
 * `register` is the SDK's `setProviderAndWait(provider)`, `status` the client's provider status.
 */
export async function registerInState(
  state: ProviderState,
  server: TestServer,
  loadPath: string,
  register: () => Promise<void>,
  status: () => string,
): Promise<void> {
  switch (state) {
    case 'not ready':
      server.injectFault({ path: loadPath, delayMs: 3_000 });
      void register().catch(() => {});
      break;
    case 'error':
      server.injectFault({ path: loadPath, status: 500, times: Number.POSITIVE_INFINITY });
      await register().catch(() => {});
      break;
    case 'fatal':
      await register().catch(() => {});
      break;
    case 'stable':
      await register();
      break;
    case 'stale':
      await register();
      server.injectFault({ path: loadPath, status: 500, times: Number.POSITIVE_INFINITY });
      await waitUntil(() => status() === 'STALE', 'the provider is stale');
      break;
  }
}
