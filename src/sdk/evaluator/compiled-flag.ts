import type { Predicate } from '../jsonlogic/predicate.js';
import type { Node, Scope } from '../jsonlogic/types.js';
import type { EvaluationContext, FlagDefinition, FlagValue } from '../types.js';
import type { Outcome } from './outcome.js';
import { fallbackOutcome, valueOutcome } from './outcome.js';
import { resolveRefs } from './refs.js';
import type { Literal, RuleCache } from './compiled-rule.js';
import { compileTargeting } from './compiled-rule.js';

export interface CompileFlagOptions {
  /** Report `SPLIT` instead of flagd's `TARGETING_MATCH` when `fractional` chose the variant. */
  reportSplit?: boolean;
}

/**
 * The per-evaluation state of rules. Evaluation is synchronous and a rule
 * cannot start another evaluation, so one object serves every flag: an
 * evaluation writes two fields of an object that stays in cache, instead of
 * one object per flag (a set of 1,000 flags touched 1,000 of them).
 */
const SCOPE: Scope = { ctx: {}, split: false };

/**
 * One flag compiled once per config load: its targeting is a closure tree and
 * every answer it can give is a prebuilt outcome, so an evaluation allocates
 * nothing on success.
 */
export class CompiledFlag {
  readonly enabled: boolean;
  readonly variants: ReadonlyMap<string, FlagValue>;
  readonly defaultVariant: string | undefined;
  private readonly rule: Node | undefined;
  /** For `if` rules with literal results: the conditions, and per result its outcome (undefined: unknown variant). */
  private readonly conditions: readonly Predicate[] | undefined;
  private readonly results: readonly Literal[] = [];
  private readonly branchMatches: (Outcome | undefined)[] = [];
  private readonly branchSplits: (Outcome | undefined)[] = [];
  private readonly ruleError: Outcome | undefined;
  private readonly reportSplit: boolean;
  private readonly disabled = fallbackOutcome('DISABLED');
  private readonly noDefault = fallbackOutcome('DEFAULT');
  private readonly staticOutcome: Outcome;
  private readonly defaultOutcome: Outcome;
  private readonly matches = new Map<string, Outcome>();
  private readonly splits = new Map<string, Outcome>();
  private readonly unknownVariants = new Map<string, Outcome>();
  /** Canonical text of everything that decides this flag's answers (refs resolved); tells what changed on reload. */
  readonly fingerprint: string;

  constructor(
    readonly key: string,
    definition: FlagDefinition,
    evaluators: Readonly<Record<string, unknown>>,
    options: CompileFlagOptions = {},
    /** Compiled rules already built for this config load (see compileTargeting). */
    rules?: RuleCache,
  ) {
    this.enabled = definition.state === 'ENABLED';
    // Values are shared by every evaluation, so they are frozen copies (the caller's objects stay untouched).
    this.variants = new Map(
      Object.entries(definition.variants).map(([k, v]) => [k, deepFreeze(structuredClone(v))]),
    );
    this.defaultVariant = definition.defaultVariant || undefined;
    this.reportSplit = options.reportSplit ?? false;
    const targeting = definition.targeting;
    let resolved: unknown = null;
    let branches: { conditions: readonly Predicate[]; results: readonly Literal[] } | undefined;
    if (hasTargeting(targeting)) {
      try {
        resolved = resolveRefs(targeting, evaluators);
        const compiled = compileTargeting(resolved, key, JSON.stringify(resolved), rules);
        this.rule = compiled.rule;
        branches = compiled.branches;
      } catch (err) {
        resolved ??= targeting;
        this.ruleError = fallbackOutcome('ERROR', {
          code: 'PARSE_ERROR',
          message: `Invalid targeting configuration for flag '${key}': ${err instanceof Error ? err.message : String(err)}`,
        });
      }
    }
    this.fingerprint = JSON.stringify([
      definition.state,
      definition.variants,
      this.defaultVariant ?? null,
      resolved,
    ]);
    for (const [variant, value] of this.variants) {
      this.matches.set(variant, valueOutcome(value, variant, 'TARGETING_MATCH'));
      if (this.reportSplit) this.splits.set(variant, valueOutcome(value, variant, 'SPLIT'));
    }
    const dv = this.defaultVariant;
    const dValue = dv === undefined ? undefined : this.variants.get(dv);
    this.staticOutcome =
      dv === undefined || dValue === undefined ? this.noDefault : valueOutcome(dValue, dv, 'STATIC');
    this.defaultOutcome =
      dv === undefined || dValue === undefined ? this.noDefault : valueOutcome(dValue, dv, 'DEFAULT');
    this.conditions = branches?.conditions;
    if (branches) {
      this.results = branches.results;
      // The same outcomes `resolve` would find by the result's string form, looked up once here.
      for (const r of branches.results) {
        this.branchMatches.push(r === null ? this.defaultOutcome : this.matches.get(String(r)));
        this.branchSplits.push(r === null ? this.defaultOutcome : this.splits.get(String(r)));
      }
    }
  }

  /** Every shared outcome of this flag (tracking reads their hits at scrape time). */
  outcomes(): Outcome[] {
    const all = [
      this.disabled,
      this.noDefault,
      this.staticOutcome,
      this.defaultOutcome,
      ...this.matches.values(),
    ];
    all.push(...this.splits.values(), ...this.unknownVariants.values());
    if (this.ruleError) all.push(this.ruleError);
    return [...new Set(all)];
  }

  resolve(ctx: EvaluationContext): Outcome {
    if (!this.enabled) return this.disabled;
    if (this.ruleError) return this.ruleError;
    if (this.rule === undefined) return this.staticOutcome;
    const scope = SCOPE;
    scope.ctx = ctx;
    scope.split = false;
    if (this.conditions !== undefined) return this.resolveBranches(this.conditions, ctx, scope);
    let out: unknown;
    try {
      out = this.rule(ctx, scope);
    } catch (err) {
      const message = `Error evaluating targeting rule for flag '${this.key}': ${err instanceof Error ? err.message : String(err)}`;
      return fallbackOutcome('ERROR', { code: 'GENERAL', message }, false);
    }
    if (out === null || out === undefined) return this.defaultOutcome;
    // flagd names the variant by the result's string form (true → "true"), objects included.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    const variant = String(out);
    return (
      (scope.split && this.reportSplit ? this.splits : this.matches).get(variant) ??
      this.unknownVariant(variant)
    );
  }

  /** `resolve` for an `if` with literal results: same answers, without the generic result mapping. */
  private resolveBranches(conditions: readonly Predicate[], ctx: EvaluationContext, scope: Scope): Outcome {
    let i = 0;
    try {
      while (i < conditions.length && !(conditions[i] as Predicate)(ctx, scope)) i++;
    } catch (err) {
      const message = `Error evaluating targeting rule for flag '${this.key}': ${err instanceof Error ? err.message : String(err)}`;
      return fallbackOutcome('ERROR', { code: 'GENERAL', message }, false);
    }
    // A `fractional` inside a condition marks the scope as split, as it does in the generic path.
    const o = (scope.split && this.reportSplit ? this.branchSplits : this.branchMatches)[i];
    return o ?? this.unknownVariant(String(this.results[i]));
  }

  private unknownVariant(variant: string): Outcome {
    let o = this.unknownVariants.get(variant);
    if (o === undefined) {
      const message = `Variant '${variant}' not found in flag with key '${this.key}'`;
      // Rules can compute arbitrary names; only a bounded number of them get a shared outcome.
      o = fallbackOutcome('ERROR', { code: 'GENERAL', message }, this.unknownVariants.size < 16);
      if (o.shared) this.unknownVariants.set(variant, o);
    }
    return o;
  }
}

/** flagd treats a missing, null or empty-object `targeting` as "no targeting". */
function hasTargeting(t: unknown): boolean {
  return Boolean(t) && Object.keys(t as object).length > 0;
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
