/**
 * `rollout` and `distribution` → flagd `fractional`, for everyone no rule
 * matched.
 *
 * A percentage rollout is `[[variant, p], [defaultVariant, 100 - p]]`: the
 * total is always 100 and the rolled-out bucket comes first. flagd puts a
 * user at bucket b = ⌊hash(flagKey + targetingKey) × 100 / 2³²⌋ and serves the
 * first variant whose cumulative weight exceeds b, so the user gets the
 * variant iff b < p. b does not depend on p, hence a user who has the variant
 * at 10 % keeps it at 25 %: raising the percentage only adds users. Keep the
 * rolled-out bucket first and the total fixed, or that property is lost.
 */
import type { ValidationIssue } from '../api/errors.js';
import type { DefaultedFeatureFlagSpec } from '../api/feature-flag-defaults.js';
import { formatPath } from '../api/validate.js';
import { MAX_TOTAL_WEIGHT } from './jsonlogic-check.js';
import type { JsonLogic } from './types.js';

/** What the guarded-rollout work (issue 8) decides at run time and keeps in status. */
export interface RolloutState {
  /** Percentage published for `strategy: guarded` (the ceiling is spec.rollout.percentage). */
  percentage?: number | undefined;
}

export function compileRollout(
  spec: DefaultedFeatureFlagSpec,
  state: RolloutState,
  issues: ValidationIssue[],
): JsonLogic | undefined {
  const rollout = spec.rollout;
  if (!rollout) return undefined;
  const variant = rollout.variant;
  if (variant === undefined) {
    issues.push({
      path: formatPath(['spec', 'rollout', 'variant']),
      message: 'required unless there are exactly two variants',
    });
    return undefined;
  }
  const guarded = rollout.strategy === 'guarded';
  const p = guarded ? Math.min(state.percentage ?? 0, rollout.percentage) : rollout.percentage;
  if (!Number.isInteger(p) || p < 0 || p > 100) {
    issues.push({
      path: formatPath(['spec', 'rollout', 'percentage']),
      message: `must be a whole number from 0 to 100, not ${p}`,
    });
    return undefined;
  }
  return {
    fractional: [
      [variant, p],
      [spec.defaultVariant, 100 - p],
    ],
  };
}

export function compileDistribution(
  spec: DefaultedFeatureFlagSpec,
  issues: ValidationIssue[],
): JsonLogic | undefined {
  const distribution = spec.distribution;
  if (!distribution) return undefined;
  let total = 0;
  distribution.forEach((d, i) => {
    if (!Number.isInteger(d.weight) || d.weight < 0) {
      issues.push({
        path: formatPath(['spec', 'distribution', i, 'weight']),
        message: 'must be a whole number of at least 0',
      });
    }
    total += d.weight;
  });
  if (total <= 0) {
    issues.push({
      path: formatPath(['spec', 'distribution']),
      message: 'the weights sum to 0: nobody would get a variant',
    });
  } else if (total > MAX_TOTAL_WEIGHT) {
    issues.push({
      path: formatPath(['spec', 'distribution']),
      message: `the weights sum to ${total}, over flagd's limit of ${MAX_TOTAL_WEIGHT}`,
    });
  }
  const buckets: JsonLogic[] = distribution.map((d) => [d.variant, d.weight]);
  // flagd's schema wants two buckets; a zero-weight default is never chosen.
  if (buckets.length === 1) buckets.push([spec.defaultVariant, 0]);
  return { fractional: buckets };
}
