/**
 * Confidence interval for a single binomial proportion.
 */
import { normalQuantile } from './normal.js';

export const WILSON_METHOD = 'Wilson score interval';

export interface Interval {
  low: number;
  high: number;
}

/** Two-sided critical value z for a confidence level, e.g. 0.95 → 1.959963984540054. */
export function zCritical(confidenceLevel: number): number {
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
    throw new RangeError(`confidence level must be in (0, 1), got ${confidenceLevel}`);
  }
  return normalQuantile(1 - (1 - confidenceLevel) / 2);
}

/**
 * Wilson (1927) score interval for successes/trials. Unlike the Wald interval it
 * stays inside [0, 1] and keeps its coverage at rates near 0, which is where
 * conversion rates live.
 */
export function wilsonInterval(successes: number, trials: number, confidenceLevel = 0.95): Interval {
  if (!(trials > 0)) throw new RangeError(`Wilson interval: trials must be > 0, got ${trials}`);
  if (!(successes >= 0 && successes <= trials)) {
    throw new RangeError(`Wilson interval: successes must be in [0, ${trials}], got ${successes}`);
  }
  const z = zCritical(confidenceLevel);
  const z2 = z * z;
  const p = successes / trials;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // At 0/n and n/n the bound is exactly 0 or 1; the formula only gets there up to rounding.
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === trials ? 1 : Math.min(1, centre + half),
  };
}
