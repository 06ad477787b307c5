/**
 * The standard normal distribution: CDF, survival function and quantile.
 * erfc is taken from the regularised upper incomplete gamma function
 * (erfc(x) = Q(1/2, x²) for x >= 0), which is accurate to ~1e-15 relative even
 * far in the tail, where 1 − Φ(x) would lose every digit.
 */
import { regularizedGammaQ } from './gamma.js';

/** Complementary error function. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === 0) return 1;
  const q = regularizedGammaQ(0.5, x * x);
  return x > 0 ? q : 2 - q;
}

/** Φ(x) = P(Z <= x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** 1 − Φ(x) = P(Z > x), computed without cancellation. */
export function normalSf(x: number): number {
  return 0.5 * erfc(x / Math.SQRT2);
}

// Acklam's rational approximation (relative error 1.15e-9), refined below by
// one Halley step against the accurate CDF, which brings it to ~1e-15.
const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

function poly(coefficients: readonly number[], x: number): number {
  let result = 0;
  for (const c of coefficients) result = result * x + c;
  return result;
}

/** Acklam's approximation for p in (0, 0.5]. */
function acklamLower(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(C, q) / (poly(D, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(A, r) * q) / (poly(B, r) * r + 1);
}

/** Quantile of the lower half, p in (0, 0.5]: the CDF is accurate there in relative terms. */
function lowerQuantile(p: number): number {
  const x = acklamLower(p);
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Φ⁻¹(p): the z with P(Z <= z) = p. */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1)
    throw new RangeError(`normalQuantile: p must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  return p < 0.5 ? lowerQuantile(p) : -lowerQuantile(1 - p);
}
