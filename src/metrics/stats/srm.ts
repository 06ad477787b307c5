/**
 * Sample-ratio mismatch: do the exposures split the way the flag's weights say
 * they should? A mismatch means assignment or tracking is broken (bots, a
 * redirect that drops one arm, a caching layer), and then every other result of
 * the experiment is suspect, however significant it looks.
 */
import { chiSquareGoodnessOfFit } from './chi-square.js';

export const SRM_METHOD = 'chi-square goodness of fit of exposures against configured weights';

export interface SrmArm {
  variant: string;
  exposures: number;
  /** Configured weight (any scale: fractional split percentages or ratios). */
  weight: number;
}

export interface SrmOptions {
  /** Mismatch when p < alpha. Strict by default: the test runs on every reconcile. */
  alpha?: number;
  /** Below this expected count in any arm the χ² approximation is not trusted. */
  minExpectedCount?: number;
}

export interface SrmResult {
  method: string;
  /** True when there are too few exposures to judge; `mismatch` is then false. */
  insufficientData: boolean;
  mismatch: boolean;
  statistic?: number;
  df?: number;
  pValue?: number;
  alpha: number;
  expected?: Record<string, number>;
}

export function sampleRatioMismatch(arms: readonly SrmArm[], options: SrmOptions = {}): SrmResult {
  const alpha = options.alpha ?? 0.001;
  const minExpected = options.minExpectedCount ?? 5;
  const base = { method: SRM_METHOD, alpha };
  const total = arms.reduce((s, a) => s + a.exposures, 0);
  const weightSum = arms.reduce((s, a) => s + a.weight, 0);
  if (arms.length < 2 || total === 0 || !(weightSum > 0)) {
    return { ...base, insufficientData: true, mismatch: false };
  }
  const fit = chiSquareGoodnessOfFit(
    arms.map((a) => a.exposures),
    arms.map((a) => a.weight),
  );
  const expected = Object.fromEntries(arms.map((a, i) => [a.variant, fit.expected[i] ?? 0]));
  const result = { ...base, statistic: fit.statistic, df: fit.df, pValue: fit.pValue, expected };
  // Exposures in an arm weighted 0 are a mismatch at any sample size.
  if (fit.statistic === Infinity) return { ...result, insufficientData: false, mismatch: true };
  const tooFew = fit.expected.some((e) => e > 0 && e < minExpected);
  if (tooFew) return { ...result, insufficientData: true, mismatch: false };
  return { ...result, insufficientData: false, mismatch: fit.pValue < alpha };
}
