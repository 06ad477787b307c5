/**
 * Comparing a variant's conversion rate with the control's: the pooled
 * two-proportion z-test and the relative lift with its interval.
 */
import { normalSf } from './normal.js';
import { type Interval, zCritical } from './proportion.js';

export const Z_TEST_METHOD = 'two-proportion z-test (pooled), two-sided';
export const LIFT_METHOD = 'relative lift, delta-method (Katz log) interval on the rate ratio';

export interface Proportion {
  successes: number;
  trials: number;
}

export interface ZTestResult {
  z: number;
  pValue: number;
}

/**
 * Pooled two-proportion z-test of H0: p_treatment = p_control, two-sided.
 * Equivalent to Pearson's χ² test on the 2×2 table without continuity
 * correction (z² = χ²). When both groups convert at 0 % or 100 % there is no
 * variance and no evidence of a difference: z = 0, p = 1.
 */
export function twoProportionZTest(treatment: Proportion, control: Proportion): ZTestResult {
  for (const g of [treatment, control]) {
    if (!(g.trials > 0) || !(g.successes >= 0 && g.successes <= g.trials)) {
      throw new RangeError(
        `z-test: need 0 <= successes <= trials and trials > 0, got ${g.successes}/${g.trials}`,
      );
    }
  }
  const p1 = treatment.successes / treatment.trials;
  const p0 = control.successes / control.trials;
  const pooled = (treatment.successes + control.successes) / (treatment.trials + control.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / treatment.trials + 1 / control.trials));
  if (!(se > 0)) return { z: 0, pValue: 1 };
  const z = (p1 - p0) / se;
  return { z, pValue: Math.min(1, 2 * normalSf(Math.abs(z))) };
}

export interface LiftResult {
  /** (p_treatment − p_control) / p_control; undefined when the control never converts. */
  lift?: number;
  /** Interval for the lift; undefined when either group has no conversions (log ratio undefined). */
  interval?: Interval;
}

/**
 * Relative lift p1/p0 − 1 with the Katz et al. (1978) interval: the delta method
 * gives Var(ln(p1/p0)) ≈ (1−p1)/x1 + (1−p0)/x0; the interval is built on the log
 * scale and mapped back, so it is asymmetric like the ratio itself.
 */
export function relativeLift(treatment: Proportion, control: Proportion, confidenceLevel = 0.95): LiftResult {
  const x1 = treatment.successes;
  const x0 = control.successes;
  if (!(treatment.trials > 0 && control.trials > 0) || x0 === 0) return {};
  const p1 = x1 / treatment.trials;
  const p0 = x0 / control.trials;
  const lift = p1 / p0 - 1;
  if (x1 === 0) return { lift };
  const logRatio = Math.log(p1 / p0);
  const se = Math.sqrt((1 - p1) / x1 + (1 - p0) / x0);
  const z = zCritical(confidenceLevel);
  return {
    lift,
    interval: { low: Math.exp(logRatio - z * se) - 1, high: Math.exp(logRatio + z * se) - 1 },
  };
}
