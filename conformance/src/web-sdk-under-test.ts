import type { TestServer } from '@flagsmith-openfeature/testing';
import type { FlagsmithWebProviderOptions } from '@flagsmith-openfeature/web-provider';
import { FlagsmithWebProvider } from '@flagsmith-openfeature/web-provider';
import type {
  Client,
  EvaluationContext,
  EvaluationDetails,
  FlagValue,
  JsonValue,
  ResolutionDetails,
} from '@openfeature/web-sdk';
import { OpenFeature } from '@openfeature/web-sdk';
import type { ConformanceHook, Evaluation, ProviderState, SdkUnderTest } from './sdk-under-test';
import { quietLogger, registerInState } from './sdk-under-test';

/**
 * The Flagsmith web provider with retrievable context: it keeps the context the SDK gave its
 * last evaluation.
 */
class ContextRecordingWebProvider extends FlagsmithWebProvider {
  lastContext: EvaluationContext | undefined;

  override resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: EvaluationContext,
  ): ResolutionDetails<boolean> {
    this.lastContext = context;
    return super.resolveBooleanEvaluation(flagKey, defaultValue, context);
  }

  override resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: EvaluationContext,
  ): ResolutionDetails<string> {
    this.lastContext = context;
    return super.resolveStringEvaluation(flagKey, defaultValue, context);
  }

  override resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: EvaluationContext,
  ): ResolutionDetails<number> {
    this.lastContext = context;
    return super.resolveNumberEvaluation(flagKey, defaultValue, context);
  }

  override resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): ResolutionDetails<T> {
    this.lastContext = context;
    return super.resolveObjectEvaluation(flagKey, defaultValue, context);
  }
}

/** How often a provider asked to go stale polls (and so notices that Flagsmith is down). */
const STALE_POLLING_MS = 25;

/**
 * The OpenFeature web SDK with `FlagsmithWebProvider` (static-context paradigm): the provider
 * fetches the flags of the global context's identity, or the environment's flags without a
 * `targetingKey`, and evaluations are synchronous from memory. Boolean flags resolve from their
 * value (`useBooleanConfigValue`), as in the server modes.
 */
export class WebSdkUnderTest implements SdkUnderTest {
  readonly mode = 'web' as const;
  readonly paradigm = 'static' as const;
  readonly #server: TestServer;
  #client: Client = OpenFeature.getClient();
  #provider: FlagsmithWebProvider | undefined;

  constructor(server: TestServer) {
    this.#server = server;
  }

  async useProvider(
    state: ProviderState,
    options: { recordContext?: boolean } = {},
  ): Promise<void> {
    const server = this.#server;
    const providerOptions: FlagsmithWebProviderOptions = {
      // A key Flagsmith refuses (403) is what makes a provider fatal.
      environmentKey: state === 'fatal' ? 'refused-key' : server.clientKey,
      apiUrl: server.apiUrl,
      useBooleanConfigValue: true,
      retries: 0,
      requestTimeoutMs: 5_000,
      pollingIntervalMs: state === 'stale' ? STALE_POLLING_MS : 0,
      retryIntervalMs: 60_000,
      logger: quietLogger(),
    };
    const provider = options.recordContext
      ? new ContextRecordingWebProvider(providerOptions)
      : new FlagsmithWebProvider(providerOptions);
    this.#provider = provider;
    // Scenarios here start without a targetingKey: the provider loads the environment's flags.
    const loadPath = 'flags/';
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
    return this.#provider instanceof ContextRecordingWebProvider
      ? this.#provider.lastContext
      : undefined;
  }

  setApiContext(context: EvaluationContext): Promise<void> {
    return OpenFeature.setContext(context);
  }

  setClientContext(): void {
    throw new Error('The web SDK has no client-level context (static-context paradigm)');
  }

  addClientHook(hook: ConformanceHook): void {
    this.#client.addHooks(hook);
  }

  evaluate({
    type,
    flagKey,
    defaultValue,
    invocationContext,
    transactionContext,
    hooks,
  }: Evaluation): EvaluationDetails<FlagValue> {
    if (invocationContext !== undefined || transactionContext !== undefined) {
      throw new Error(
        'The web SDK takes no invocation or transaction context (static-context paradigm)',
      );
    }
    const client = this.#client;
    const options = hooks === undefined ? undefined : { hooks: [...hooks] };
    switch (type) {
      case 'boolean':
        return client.getBooleanDetails(flagKey, defaultValue as boolean, options);
      case 'string':
        return client.getStringDetails(flagKey, defaultValue as string, options);
      case 'number':
        return client.getNumberDetails(flagKey, defaultValue as number, options);
      case 'object':
        return client.getObjectDetails(flagKey, defaultValue as JsonValue, options);
    }
  }

  async reset(): Promise<void> {
    await OpenFeature.clearProviders();
    OpenFeature.clearHooks();
    await OpenFeature.clearContexts();
    this.#provider = undefined;
    this.#client = OpenFeature.getClient();
  }
}
