import { EventEmitter } from 'node:events';
import type { Registry } from 'prom-client';
import type { CompiledFlag, CompileFlagOptions } from './evaluator/compiled-flag.js';
import { evaluateIn, finish, notFound, typeOfValue } from './evaluator/evaluate.js';
import { FlagSet } from './evaluator/flag-set.js';
import type { Outcome } from './evaluator/outcome.js';
import type { FlagSource } from './sources/types.js';
import { FlagTracking } from './tracking.js';
import type { EvaluationContext, FlagValue, FlagValueType, JsonValue, ResolutionDetails } from './types.js';

export interface ClientOptions extends CompileFlagOptions {
  source: FlagSource;
  /** prom-client tracking: `{ registry }` (default: the global registry), or `false` to count nothing. */
  metrics?: false | { registry?: Registry };
}

/** Emitted after a new config is in use. */
export interface ChangeEvent {
  /** Keys of flags added, removed or changed (by their resolved definition). */
  flagsChanged: string[];
}

export interface ClientEvents {
  change: [ChangeEvent];
  error: [Error];
}

const EMPTY_CONTEXT: EvaluationContext = Object.freeze({});
const NOT_READY = {
  details: undefined,
  type: null,
  reason: 'ERROR',
  errorCode: 'PROVIDER_NOT_READY',
  errorMessage: 'flags not loaded yet',
} as const;

/**
 * Evaluates flags in-process from a source. Each config version is compiled
 * once and swapped in atomically; a version that fails to compile is
 * reported through `error` and the previous one keeps serving.
 */
export class FledgeClient extends EventEmitter<ClientEvents> {
  private set: FlagSet = FlagSet.empty();
  /** `set.flags`, held directly: the value getters start with this lookup. */
  private flags: ReadonlyMap<string, CompiledFlag> = this.set.flags;
  /** False with `metrics: false`: nothing reads the outcomes' hits then, so the getters skip counting. */
  private readonly counting: boolean;
  private loaded = false;
  private readonly tracking: FlagTracking | undefined;
  private readonly readyPromise: Promise<void>;
  private markReady!: () => void;
  private started: Promise<void> | undefined;

  constructor(private readonly options: ClientOptions) {
    super();
    this.tracking = options.metrics === false ? undefined : new FlagTracking(options.metrics ?? {});
    this.counting = this.tracking !== undefined;
    this.readyPromise = new Promise((resolve) => (this.markReady = resolve));
    // Without a listener an 'error' event would throw; errors are also visible through lastError.
    this.on('error', () => {});
  }

  /** Starts the source. Called by createClient; safe to call twice. */
  start(): Promise<void> {
    this.started ??= this.options.source.start({
      config: (payload) => this.load(payload),
      error: (err) => this.emit('error', err),
    });
    return this.started;
  }

  /** Resolves once a first valid config is in use. */
  ready(): Promise<void> {
    return this.readyPromise;
  }

  get isReady(): boolean {
    return this.loaded;
  }

  /** The flag keys of the config in use. */
  flagKeys(): string[] {
    return [...this.set.flags.keys()];
  }

  private load(payload: string | object): void {
    let next: FlagSet;
    try {
      next =
        typeof payload === 'string'
          ? FlagSet.parse(payload, this.options)
          : FlagSet.fromObject(payload, this.options);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      this.emit(
        'error',
        new Error(
          `${this.options.source.name}: new flags rejected, keeping the last good ones: ${e.message}`,
          { cause: e },
        ),
      );
      return;
    }
    const changed = diff(this.set, next);
    this.set = next;
    this.flags = next.flags;
    this.tracking?.watch(next);
    if (!this.loaded) {
      this.loaded = true;
      this.markReady();
    }
    this.emit('change', { flagsChanged: changed });
  }

  /**
   * Evaluates a flag. The expected type is the type of `defaultValue`; a flag
   * of another type answers TYPE_MISMATCH with the default.
   */
  evaluate<T extends FlagValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext = EMPTY_CONTEXT,
  ): ResolutionDetails<T> {
    return this.resolve(flagKey, defaultValue, context, typeOfValue(defaultValue));
  }

  booleanDetails(
    flagKey: string,
    defaultValue: boolean,
    context?: EvaluationContext,
  ): ResolutionDetails<boolean> {
    return this.resolve(flagKey, defaultValue, context ?? EMPTY_CONTEXT, 'boolean');
  }
  stringDetails(
    flagKey: string,
    defaultValue: string,
    context?: EvaluationContext,
  ): ResolutionDetails<string> {
    return this.resolve(flagKey, defaultValue, context ?? EMPTY_CONTEXT, 'string');
  }
  numberDetails(
    flagKey: string,
    defaultValue: number,
    context?: EvaluationContext,
  ): ResolutionDetails<number> {
    return this.resolve(flagKey, defaultValue, context ?? EMPTY_CONTEXT, 'number');
  }
  objectDetails<T extends JsonValue = JsonValue>(
    flagKey: string,
    defaultValue: T,
    context?: EvaluationContext,
  ): ResolutionDetails<T> {
    return this.resolve(
      flagKey,
      defaultValue as FlagValue,
      context ?? EMPTY_CONTEXT,
      'object',
    ) as ResolutionDetails<T>;
  }

  // The value getters resolve the flag once and return the shared value when
  // the type matches; anything else goes through the same path as the details.
  booleanValue(flagKey: string, defaultValue: boolean, context?: EvaluationContext): boolean {
    const flag = this.flags.get(flagKey);
    if (flag === undefined) return this.booleanDetails(flagKey, defaultValue, context).value;
    const outcome = flag.resolve(context ?? EMPTY_CONTEXT);
    if (outcome.type === 'boolean') {
      if (this.counting) outcome.hits++;
      return (outcome.details as ResolutionDetails<boolean>).value;
    }
    return this.settle(flagKey, outcome, defaultValue, 'boolean').value;
  }
  stringValue(flagKey: string, defaultValue: string, context?: EvaluationContext): string {
    const flag = this.flags.get(flagKey);
    if (flag === undefined) return this.stringDetails(flagKey, defaultValue, context).value;
    const outcome = flag.resolve(context ?? EMPTY_CONTEXT);
    if (outcome.type === 'string') {
      if (this.counting) outcome.hits++;
      return (outcome.details as ResolutionDetails<string>).value;
    }
    return this.settle(flagKey, outcome, defaultValue, 'string').value;
  }
  numberValue(flagKey: string, defaultValue: number, context?: EvaluationContext): number {
    const flag = this.flags.get(flagKey);
    if (flag === undefined) return this.numberDetails(flagKey, defaultValue, context).value;
    const outcome = flag.resolve(context ?? EMPTY_CONTEXT);
    if (outcome.type === 'number') {
      if (this.counting) outcome.hits++;
      return (outcome.details as ResolutionDetails<number>).value;
    }
    return this.settle(flagKey, outcome, defaultValue, 'number').value;
  }
  objectValue<T extends JsonValue = JsonValue>(
    flagKey: string,
    defaultValue: T,
    context?: EvaluationContext,
  ): T {
    return this.objectDetails(flagKey, defaultValue, context).value;
  }

  // The hot path: one map lookup, the compiled rule, and `hits++` on a prebuilt outcome.
  private resolve<T extends FlagValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
    type: FlagValueType | null,
  ): ResolutionDetails<T> {
    if (!this.loaded) return this.count(flagKey, finish(flagKey, NOT_READY, defaultValue, type));
    const flag = this.set.get(flagKey);
    if (flag === undefined) return this.count(flagKey, notFound(flagKey, defaultValue));
    return this.settle(flagKey, flag.resolve(context), defaultValue, type);
  }

  /** Counts an outcome and turns it into the caller's result. */
  private settle<T extends FlagValue>(
    flagKey: string,
    outcome: Outcome,
    defaultValue: T,
    type: FlagValueType | null,
  ): ResolutionDetails<T> {
    if (outcome.details !== undefined && (type === null || outcome.type === type)) {
      outcome.hits++;
      return outcome.details as ResolutionDetails<T>;
    }
    const result = finish(flagKey, outcome, defaultValue, type);
    if (outcome.shared && outcome.details === undefined) outcome.hits++;
    else this.count(flagKey, result);
    return result;
  }

  private count<T>(flagKey: string, result: ResolutionDetails<T>): ResolutionDetails<T> {
    this.tracking?.evaluated(flagKey, result.variant, result.reason);
    return result;
  }

  /** Records that the user was actually shown `variant` of `flagKey` (counts `fledge_flag_exposures_total`). */
  expose(flagKey: string, variant: string): void {
    this.tracking?.expose(flagKey, variant);
  }

  /**
   * Records a conversion `event` (e.g. "checkout") against the variant this
   * context gets (found by evaluating the flag, not counted as an
   * evaluation), or against `variant` when given.
   */
  track(flagKey: string, event: string, context: EvaluationContext = EMPTY_CONTEXT, variant?: string): void {
    if (!this.tracking) return;
    const v =
      variant ?? (this.loaded ? evaluateIn(this.set, flagKey, false, context, null).variant : undefined);
    this.tracking.converted(flagKey, v ?? '', event);
  }

  async close(): Promise<void> {
    await this.options.source.close();
    this.tracking?.close();
    this.removeAllListeners();
  }
}

function diff(prev: FlagSet, next: FlagSet): string[] {
  const out: string[] = [];
  for (const [key, flag] of next.flags) {
    if (prev.get(key)?.fingerprint !== flag.fingerprint) out.push(key);
  }
  for (const key of prev.flags.keys()) if (!next.flags.has(key)) out.push(key);
  return out;
}

/** Creates a client and starts its source; await `client.ready()` before relying on flags. */
export function createClient(options: ClientOptions): FledgeClient {
  const client = new FledgeClient(options);
  client
    .start()
    .catch((err: unknown) => client.emit('error', err instanceof Error ? err : new Error(String(err))));
  return client;
}
