import { compileRule } from '../jsonlogic/compile.js';
import { compilePredicate } from '../jsonlogic/predicate.js';
import type { Predicate } from '../jsonlogic/predicate.js';
import type { Node } from '../jsonlogic/types.js';

/** A literal an `if` branch can name a variant with (or null: "use the default variant"). */
export type Literal = string | number | boolean | null;

/**
 * A flag's targeting, compiled. When the rule is an `if` whose results are
 * all literals (the common `{"if": [cond, "on", "off"]}`), `branches` holds
 * the conditions and the literal each one selects, so a flag can map them to
 * prebuilt outcomes and skip stringifying the result and a map lookup.
 */
export interface CompiledRule {
  readonly rule: Node;
  readonly branches?: {
    /** Tested in order; the first true one selects `results[i]`. */
    readonly conditions: readonly Predicate[];
    /** One more than `conditions`: the last is the `else` result (null when the rule has none). */
    readonly results: readonly Literal[];
  };
}

/** Compiled rules of one config load, keyed by their canonical JSON, for flags with identical targeting. */
export type RuleCache = Map<string, CompiledRule>;

/**
 * Compiles resolved targeting. Flags whose rules are textually identical and
 * do not depend on the flag's own key share one compiled tree (through
 * `cache`): a set of 1,000 flags with the same rule then has one closure tree,
 * so the call sites inside it stay monomorphic and the code stays in cache.
 */
export function compileTargeting(
  resolved: unknown,
  flagKey: string,
  canonical: string,
  cache?: RuleCache,
): CompiledRule {
  const shareable = cache !== undefined && !dependsOnFlagKey(canonical);
  if (shareable) {
    const hit = cache.get(canonical);
    if (hit !== undefined) return hit;
  }
  // The whole rule is compiled first so a bad rule fails with exactly the error it always had.
  const rule = compileRule(resolved, flagKey);
  const branches = literalBranches(resolved, flagKey);
  const compiled: CompiledRule = branches ? { rule, branches } : { rule };
  if (shareable) cache.set(canonical, compiled);
  return compiled;
}

/**
 * Rules that read the flag key compile it into their closures: `fractional`
 * without a bucketing key hashes `$flagd.flagKey`, `$flagd.*` reads it, and a
 * root `var` with an empty path returns the context plus `$flagd`. Those are
 * never shared between flags (a false positive only costs the sharing).
 */
function dependsOnFlagKey(canonical: string): boolean {
  return (
    canonical.includes('"fractional"') ||
    canonical.includes('$flagd') ||
    /"var":(?:""|null|\[\]|\[""|\[null)/.test(canonical)
  );
}

function literalBranches(resolved: unknown, flagKey: string): CompiledRule['branches'] {
  if (resolved === null || typeof resolved !== 'object' || Array.isArray(resolved)) return undefined;
  const keys = Object.keys(resolved);
  if (keys.length !== 1 || (keys[0] !== 'if' && keys[0] !== '?:')) return undefined;
  const list = (resolved as Record<string, unknown>)[keys[0]];
  // One argument is not a conditional (JsonLogic returns it as is); handled by the generic tree.
  if (!Array.isArray(list) || list.length < 2) return undefined;
  const results: Literal[] = [];
  const conditions: Predicate[] = [];
  for (let i = 0; i < list.length; i++) {
    const isResult = i % 2 === 1 || i === list.length - 1;
    if (isResult) {
      const r: unknown = list[i];
      if (!isLiteral(r)) return undefined;
      results.push(r);
    }
  }
  for (let i = 0; i + 1 < list.length; i += 2) conditions.push(compilePredicate(list[i], flagKey));
  if (list.length % 2 === 0) results.push(null);
  return { conditions, results };
}

function isLiteral(v: unknown): v is Literal {
  const t = typeof v;
  return v === null || t === 'string' || t === 'number' || t === 'boolean';
}
