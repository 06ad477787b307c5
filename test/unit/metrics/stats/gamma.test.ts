import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logGamma, regularizedGammaP, regularizedGammaQ } from '../../../../src/metrics/stats/gamma.js';
import { expectClose } from './close.js';

describe('logGamma', () => {
  it.each([
    // Exact: Γ(n) = (n−1)!, Γ(1/2) = √π.
    [1, 0],
    [2, 0],
    [5, Math.log(24)],
    [11, Math.log(3628800)],
    [0.5, 0.5 * Math.log(Math.PI)],
    // scipy 1.17.1: scipy.special.gammaln(10) and gammaln(100)
    [10, 12.801827480081469],
    [100, 359.1342053695754],
  ])('ln Γ(%d)', (x, expected) => {
    expectClose(logGamma(x), expected, 1e-13);
  });

  it('uses the reflection formula below 1/2: Γ(1/4)Γ(3/4) = π√2', () => {
    expectClose(logGamma(0.25) + logGamma(0.75), Math.log(Math.PI * Math.SQRT2), 1e-13);
  });

  it('rejects x <= 0', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
  });
});

describe('regularised incomplete gamma', () => {
  // scipy 1.17.1: scipy.special.gammaincc(a, x)
  it.each([
    [0.5, 0.1, 0.6547208460185768],
    [3, 2.5, 0.5438131158833297],
    [10, 15, 0.06985366069940986],
    [100, 90, 0.84177901081357],
  ])('Q(%d, %d) matches scipy.special.gammaincc', (a, x, expected) => {
    expectClose(regularizedGammaQ(a, x), expected, 1e-12, true);
    expectClose(regularizedGammaP(a, x), 1 - expected, 1e-12);
  });

  it('Q(1, x) = e^(−x) exactly (both branches)', () => {
    for (const x of [0.3, 1.9, 2, 7, 40]) expectClose(regularizedGammaQ(1, x), Math.exp(-x), 1e-13, true);
  });

  it('handles the ends', () => {
    expect(regularizedGammaP(2, 0)).toBe(0);
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(regularizedGammaQ(2, Infinity)).toBe(0);
    expect(() => regularizedGammaQ(0, 1)).toThrow(RangeError);
    expect(() => regularizedGammaQ(1, -1)).toThrow(RangeError);
  });

  it('P + Q = 1 and both lie in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        (a, x) => {
          const p = regularizedGammaP(a, x);
          const q = regularizedGammaQ(a, x);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(q).toBeLessThanOrEqual(1);
          expect(Math.abs(p + q - 1)).toBeLessThan(1e-12);
        },
      ),
    );
  });
});
