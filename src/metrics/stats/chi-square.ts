/**
 * The chi-square distribution and Pearson's goodness-of-fit test.
 */
import { regularizedGammaP, regularizedGammaQ } from './gamma.js';

function checkDf(df: number): void {
  if (!(df > 0) || !Number.isFinite(df))
    throw new RangeError(`chi-square: df must be finite and > 0, got ${df}`);
}

/** P(X <= x) for X ~ χ²(df). */
export function chiSquareCdf(x: number, df: number): number {
  checkDf(df);
  return x <= 0 ? 0 : regularizedGammaP(df / 2, x / 2);
}

/** P(X > x) for X ~ χ²(df): the p-value of a chi-square statistic. */
export function chiSquareSf(x: number, df: number): number {
  checkDf(df);
  return x <= 0 ? 1 : regularizedGammaQ(df / 2, x / 2);
}

export interface GoodnessOfFit {
  statistic: number;
  df: number;
  pValue: number;
  /** Expected count per category, in the order given. */
  expected: number[];
}

/**
 * Pearson's χ² goodness of fit of observed counts against expected proportions
 * (any positive weights; they are normalised). A category with weight 0 that
 * has observations makes the fit impossible: statistic Infinity, p-value 0.
 */
export function chiSquareGoodnessOfFit(
  observed: readonly number[],
  weights: readonly number[],
): GoodnessOfFit {
  if (observed.length !== weights.length) {
    throw new RangeError(`goodness of fit: ${observed.length} counts but ${weights.length} weights`);
  }
  if (observed.length < 2) throw new RangeError('goodness of fit: needs at least two categories');
  if (observed.some((o) => !(o >= 0) || !Number.isFinite(o)))
    throw new RangeError('goodness of fit: counts must be finite and >= 0');
  if (weights.some((w) => !(w >= 0) || !Number.isFinite(w)))
    throw new RangeError('goodness of fit: weights must be finite and >= 0');
  const total = observed.reduce((s, o) => s + o, 0);
  const weightSum = weights.reduce((s, w) => s + w, 0);
  if (!(weightSum > 0)) throw new RangeError('goodness of fit: weights must not all be 0');
  const expected = weights.map((w) => (total * w) / weightSum);
  let statistic = 0;
  let categories = 0;
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i] ?? 0;
    const e = expected[i] ?? 0;
    if (e === 0) {
      // A category nobody should land in: any observation there is a mismatch.
      if (o > 0) statistic = Infinity;
      continue;
    }
    categories++;
    statistic += ((o - e) * (o - e)) / e;
  }
  const df = Math.max(categories - 1, 1);
  const pValue = statistic === Infinity ? 0 : chiSquareSf(statistic, df);
  return { statistic, df, pValue, expected };
}
