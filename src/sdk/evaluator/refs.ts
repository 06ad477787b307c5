import { RuleCompileError } from '../jsonlogic/types.js';

/**
 * Replaces every `{"$ref": "name"}` with the shared rule from `$evaluators`,
 * recursively and once per config load, so evaluation never sees a ref. An
 * unknown or cyclic ref is a compile error of the flag that uses it.
 */
export function resolveRefs(
  rule: unknown,
  evaluators: Readonly<Record<string, unknown>>,
  seen: readonly string[] = [],
): unknown {
  if (rule === null || typeof rule !== 'object') return rule;
  if (Array.isArray(rule)) return rule.map((r) => resolveRefs(r, evaluators, seen));
  const keys = Object.keys(rule);
  if (keys.length === 1 && keys[0] === '$ref') {
    const name = (rule as { $ref: unknown }).$ref;
    if (typeof name !== 'string' || !Object.hasOwn(evaluators, name)) {
      throw new RuleCompileError(`unknown $ref ${JSON.stringify(name)}`);
    }
    if (seen.includes(name)) throw new RuleCompileError(`cyclic $ref: ${[...seen, name].join(' → ')}`);
    return resolveRefs(evaluators[name], evaluators, [...seen, name]);
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = resolveRefs((rule as Record<string, unknown>)[k], evaluators, seen);
  return out;
}
