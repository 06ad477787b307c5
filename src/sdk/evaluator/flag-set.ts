import type { FlagDefinition, FlagdConfig } from '../types.js';
import type { CompileFlagOptions } from './compiled-flag.js';
import { CompiledFlag } from './compiled-flag.js';
import type { RuleCache } from './compiled-rule.js';

/** A flags.json that cannot be used at all; sources keep the last good set when they see one. */
export class FlagConfigError extends Error {
  override readonly name = 'FlagConfigError';
}

/** An immutable, compiled flags.json: the unit a source swaps atomically on change. */
export class FlagSet {
  private constructor(
    readonly flags: ReadonlyMap<string, CompiledFlag>,
    readonly metadata: Readonly<Record<string, unknown>>,
  ) {}

  get(key: string): CompiledFlag | undefined {
    return this.flags.get(key);
  }

  static empty(): FlagSet {
    return new FlagSet(new Map(), {});
  }

  /** Parses and compiles flags.json text. Throws FlagConfigError when the document is unusable. */
  static parse(text: string, options?: CompileFlagOptions): FlagSet {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new FlagConfigError(
        `flags.json is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    return FlagSet.fromObject(doc, options);
  }

  /**
   * Compiles a parsed flags document. Structural errors (no `flags`, a bad
   * state, a default variant that does not exist) reject the whole document,
   * as flagd does; a bad targeting rule only makes that flag answer PARSE_ERROR.
   */
  static fromObject(doc: unknown, options?: CompileFlagOptions): FlagSet {
    if (!isObject(doc) || !isObject(doc.flags))
      throw new FlagConfigError('flags.json must be an object with a "flags" object');
    const config = doc as unknown as FlagdConfig;
    const evaluators = isObject(config.$evaluators) ? config.$evaluators : {};
    const flags = new Map<string, CompiledFlag>();
    // Flags with identical targeting share one compiled rule within this load.
    const rules: RuleCache = new Map();
    for (const [key, def] of Object.entries(config.flags)) {
      checkFlag(key, def);
      flags.set(key, new CompiledFlag(key, def, evaluators, options, rules));
    }
    return new FlagSet(flags, isObject(config.metadata) ? config.metadata : {});
  }
}

function checkFlag(key: string, def: FlagDefinition): void {
  if (!isObject(def)) throw new FlagConfigError(`flag '${key}': must be an object`);
  if (def.state !== 'ENABLED' && def.state !== 'DISABLED') {
    throw new FlagConfigError(
      `flag '${key}': invalid state ${JSON.stringify(def.state)} (ENABLED or DISABLED)`,
    );
  }
  if (!isObject(def.variants)) throw new FlagConfigError(`flag '${key}': variants must be an object`);
  if (def.defaultVariant && !Object.hasOwn(def.variants, def.defaultVariant)) {
    throw new FlagConfigError(
      `flag '${key}': default variant '${def.defaultVariant}' is not one of its variants`,
    );
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
