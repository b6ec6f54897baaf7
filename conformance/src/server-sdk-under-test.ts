import type { FlagsmithServerProviderOptions } from '@flagsmith-openfeature/server-provider';
import { FlagsmithServerProvider } from '@flagsmith-openfeature/server-provider';
import type { TestServer } from '@flagsmith-openfeature/testing';
import type {
  Client,
  EvaluationContext,
  EvaluationDetails,
  FlagValue,
  JsonValue,
  Logger,
  ResolutionDetails,
} from '@openfeature/server-sdk';
import {
  AsyncLocalStorageTransactionContextPropagator,
  OpenFeature,
} from '@openfeature/server-sdk';
import type {
  ConformanceHook,
  Evaluation,
  ModeName,
  ProviderState,
  SdkUnderTest,
} from './sdk-under-test';
import { quietLogger, registerInState } from './sdk-under-test';

/**
 * The Flagsmith server provider with retrievable context: it keeps the context the SDK gave
 * its last evaluation, so a scenario can see how the SDK merged the levels of context.
 */
class ContextRecordingServerProvider extends FlagsmithServerProvider {
  lastContext: EvaluationContext | undefined;

  override resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: EvaluationContext,
    logger: Logger,
  ): Promise<ResolutionDetails<boolean>> {
    this.lastContext = context;
    return super.resolveBooleanEvaluation(flagKey, defaultValue, context, logger);
  }

  override resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: EvaluationContext,
    logger: Logger,
  ): Promise<ResolutionDetails<string>> {
    this.lastContext = context;
    return super.resolveStringEvaluation(flagKey, defaultValue, context, logger);
  }

  override resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: EvaluationContext,
    logger: Logger,
  ): Promise<ResolutionDetails<number>> {
    this.lastContext = context;
    return super.resolveNumberEvaluation(flagKey, defaultValue, context, logger);
  }

  override resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
    logger: Logger,
  ): Promise<ResolutionDetails<T>> {
    this.lastContext = context;
    return super.resolveObjectEvaluation(flagKey, defaultValue, context, logger);
  }
}

/** How often a provider asked to go stale refreshes (and so notices that Flagsmith is down). */
const STALE_REFRESH_MS = 25;

/**
 * The OpenFeature server SDK with `FlagsmithServerProvider`, in local mode (the environment
 * document, a `ser.` key, evaluated in process) or remote mode (the flags API, a client key).
 * Boolean flags resolve from their value (`useBooleanConfigValue`), as the flag set's boolean
 * flags are values, distinct from being disabled.
 */
export class ServerSdkUnderTest implements SdkUnderTest {
  readonly mode: ModeName;
  readonly paradigm = 'dynamic' as const;
  readonly #server: TestServer;
  readonly #local: boolean;
  #client: Client = OpenFeature.getClient();
  #provider: FlagsmithServerProvider | undefined;

  constructor(server: TestServer, evaluation: 'local' | 'remote') {
    this.mode = evaluation === 'local' ? 'server local' : 'server remote';
    this.#server = server;
    this.#local = evaluation === 'local';
    OpenFeature.setTransactionContextPropagator(
      new AsyncLocalStorageTransactionContextPropagator(),
    );
  }

  async useProvider(
    state: ProviderState,
    options: { recordContext?: boolean } = {},
  ): Promise<void> {
    const server = this.#server;
    const providerOptions: FlagsmithServerProviderOptions = {
      environmentKey: this.#environmentKey(state),
      apiUrl: server.apiUrl,
      enableLocalEvaluation: this.#local,
      useBooleanConfigValue: true,
      retries: 0,
      requestTimeoutMs: 5_000,
      environmentRefreshIntervalMs: state === 'stale' ? STALE_REFRESH_MS : 60_000,
      logger: quietLogger(),
    };
    const provider = options.recordContext
      ? new ContextRecordingServerProvider(providerOptions)
      : new FlagsmithServerProvider(providerOptions);
    this.#provider = provider;
    // The path the provider loads its flags from, where a fault keeps it from getting ready.
    const loadPath = this.#local ? 'environment-document/' : 'flags/';
    await registerInState(
      state,
      server,
      loadPath,
      () => OpenFeature.setProviderAndWait(provider),
      () => this.providerStatus(),
    );
  }

  providerStatus(): string {
    return this.#client.providerStatus;
  }

  providerContext(): EvaluationContext | undefined {
    return this.#provider instanceof ContextRecordingServerProvider
      ? this.#provider.lastContext
      : undefined;
  }

  async setApiContext(context: EvaluationContext): Promise<void> {
    OpenFeature.setContext(context);
  }

  setClientContext(context: EvaluationContext): void {
    this.#client.setContext(context);
  }

  addClientHook(hook: ConformanceHook): void {
    this.#client.addHooks(hook);
  }

  evaluate(evaluation: Evaluation): Promise<EvaluationDetails<FlagValue>> {
    const { transactionContext } = evaluation;
    if (transactionContext === undefined) return this.#evaluate(evaluation);
    return new Promise((resolve, reject) => {
      OpenFeature.setTransactionContext(transactionContext, () => {
        this.#evaluate(evaluation).then(resolve, reject);
      });
    });
  }

  async reset(): Promise<void> {
    await OpenFeature.clearProviders();
    OpenFeature.clearHooks();
    OpenFeature.setContext({});
    this.#provider = undefined;
    // A new client: no hooks or context of its own left from the last scenario.
    this.#client = OpenFeature.getClient();
  }

  #evaluate({
    type,
    flagKey,
    defaultValue,
    invocationContext,
    hooks,
  }: Evaluation): Promise<EvaluationDetails<FlagValue>> {
    const client = this.#client;
    const options = hooks === undefined ? undefined : { hooks: [...hooks] };
    switch (type) {
      case 'boolean':
        return client.getBooleanDetails(
          flagKey,
          defaultValue as boolean,
          invocationContext,
          options,
        );
      case 'string':
        return client.getStringDetails(flagKey, defaultValue as string, invocationContext, options);
      case 'number':
        return client.getNumberDetails(flagKey, defaultValue as number, invocationContext, options);
      case 'object':
        return client.getObjectDetails(
          flagKey,
          defaultValue as JsonValue,
          invocationContext,
          options,
        );
    }
  }

  #environmentKey(state: ProviderState): string {
    // A key Flagsmith refuses (403) is what makes a provider fatal.
    if (state === 'fatal') return this.#local ? 'ser.refused-key' : 'refused-key';
    return this.#local ? this.#server.serverKey : this.#server.clientKey;
  }
}
