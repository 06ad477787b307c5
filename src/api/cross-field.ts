/**
 * Rules that span fields. Each rule is written once, with its TypeScript check
 * (run by `validate…()`) and, when the apiserver can evaluate it, the CEL
 * expression the CRD generator puts in `x-kubernetes-validations`. Rules whose
 * fields CEL cannot see (free-form flag variants) have no `cel` and are
 * reported by the controller in status instead.
 */
import type { z } from 'zod';

export interface CrossFieldRule<T> {
  /** What is wrong, phrased for the person who wrote the resource. */
  message: string;
  /** Field, relative to the object the rule is attached to, that the message points at. */
  path?: readonly (string | number)[];
  /**
   * True when the value is acceptable, or the problems found (each with its
   * own path below the rule's object, overriding `path` and `message`).
   * Runs only on values that passed every other check.
   */
  check: (value: T) => boolean | readonly RuleProblem[];
  /** Same rule in CEL, with `self` the object; omit when CEL cannot express it. */
  cel?: string;
}

export interface RuleProblem {
  path: readonly (string | number)[];
  message: string;
}

export interface CelValidation {
  rule: string;
  message: string;
  fieldPath?: string;
}

/** The CEL form of a rule list, for `x-kubernetes-validations`. */
export function celValidations<T>(rules: readonly CrossFieldRule<T>[]): CelValidation[] {
  return rules.flatMap((r) => {
    if (r.cel === undefined) return [];
    const out: CelValidation = { rule: r.cel, message: r.message };
    // fieldPath only takes plain property names (JSONPath); list indexes stay with the message.
    if (r.path?.length && r.path.every((p) => typeof p === 'string')) out.fieldPath = `.${r.path.join('.')}`;
    return [out];
  });
}

/**
 * Attaches rules to an object schema. They run only once the object is
 * otherwise valid, so a rule never sees a value of the wrong type.
 */
export function withRules<S extends z.ZodType>(schema: S, rules: readonly CrossFieldRule<z.output<S>>[]): S {
  const checked = schema.check((ctx) => {
    if (ctx.issues.length > 0) return;
    for (const rule of rules) {
      const result = rule.check(ctx.value);
      const problems =
        result === true ? [] : result === false ? [{ path: rule.path ?? [], message: rule.message }] : result;
      for (const p of problems) {
        ctx.issues.push({ code: 'custom', message: p.message, path: [...p.path], input: ctx.value });
      }
    }
  });
  const validations = celValidations(rules);
  return validations.length ? checked.meta({ 'x-kubernetes-validations': validations }) : checked;
}

/**
 * A list whose items are unique by `key`, as `x-kubernetes-list-type: map`
 * makes the apiserver enforce; the duplicate is reported at its own index.
 */
export function uniqueBy<S extends z.ZodArray<z.ZodType>>(schema: S, key: string): S {
  const checked = schema.check((ctx) => {
    if (ctx.issues.length > 0) return;
    const seen = new Set<unknown>();
    (ctx.value as readonly Record<string, unknown>[]).forEach((item, index) => {
      const value = item[key];
      if (seen.has(value)) {
        ctx.issues.push({
          code: 'custom',
          message: `duplicate ${key} ${JSON.stringify(value)}`,
          path: [index, key],
          input: ctx.value,
        });
      }
      seen.add(value);
    });
  });
  return checked.meta({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': [key] });
}
