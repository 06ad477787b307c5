/**
 * The percentages a guarded rollout climbs through. Pure.
 *
 * `steps` (or the default 1, 5, 10, 25, 50, 100) or `doubling` from
 * `initial`, always ending exactly at the ceiling (`rollout.percentage`), so
 * a ceiling of 30 climbs 1 → 5 → 10 → 25 → 30. The next step is looked up
 * from the percentage in status, not from an index, so editing the steps
 * mid-rollout never moves users backwards.
 */
import { FEATURE_FLAG_DEFAULTS, type DefaultedRollout } from '../api/feature-flag-defaults.js';

export function guardedSteps(rollout: DefaultedRollout): number[] {
  const ceiling = rollout.percentage;
  const steps: number[] = [];
  if (rollout.doubling) {
    const initial = Math.max(1, rollout.doubling.initial ?? FEATURE_FLAG_DEFAULTS.doublingInitial);
    for (let p = initial; p < ceiling; p *= 2) steps.push(p);
  } else {
    for (const p of rollout.steps ?? FEATURE_FLAG_DEFAULTS.guardedSteps) if (p < ceiling) steps.push(p);
  }
  steps.push(ceiling);
  return steps;
}

/** The first step above `current`; undefined at or past the ceiling. */
export function nextStep(
  steps: readonly number[],
  current: number,
): { index: number; percentage: number } | undefined {
  const index = steps.findIndex((p) => p > current);
  const percentage = steps[index];
  return index >= 0 && percentage !== undefined ? { index, percentage } : undefined;
}
