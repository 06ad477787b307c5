/**
 * Ordered `rules` → nested JsonLogic `if`: the first rule that matches wins,
 * then the rollout/distribution split (`tail`), else null, which makes flagd
 * serve `defaultVariant` with reason DEFAULT.
 *
 *   [r1, r2] + tail → {"if": [c1, v1, {"if": [c2, v2, tail]}]}
 *
 * Nesting (not flagd's `if` with else-if arguments) because flagd's schema
 * documents nesting as the portable form.
 */
import type { FlagRule } from '../api/feature-flag.js';
import { compileCondition, type ConditionContext } from './condition.js';
import type { JsonLogic } from './types.js';

export function compileRules(
  rules: readonly FlagRule[],
  tail: JsonLogic | undefined,
  cx: ConditionContext,
): JsonLogic | undefined {
  let out: JsonLogic | undefined = tail;
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i];
    if (!rule) continue;
    const when = compileCondition(rule.when, ['spec', 'rules', i, 'when'], cx);
    out = { if: [when, rule.variant, out ?? null] };
  }
  return out;
}
