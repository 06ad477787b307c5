import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chiSquareCdf,
  chiSquareGoodnessOfFit,
  chiSquareSf,
} from '../../../../src/metrics/stats/chi-square.js';
import { expectClose } from './close.js';

describe('chi-square distribution', () => {
  // Critical values from standard tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.4,
  // "Critical values of the chi-square distribution"), full precision from
  // scipy 1.17.1: scipy.stats.chi2.ppf(q, df).
  it.each([
    [0.95, 1, 3.841458820694124],
    [0.95, 3, 7.814727903251179],
    [0.99, 10, 23.209251158954356],
    [0.999, 2, 13.815510557964274],
  ])('P(χ² <= critical value) = %d with df = %d', (q, df, critical) => {
    expectClose(chiSquareCdf(critical, df), q, 1e-12);
    expectClose(chiSquareSf(critical, df), 1 - q, 1e-10, true);
  });

  // scipy 1.17.1: scipy.stats.chi2.sf(x, df)
  it.each([
    [0.47, 3, 0.9254310803174679],
    [100, 50, 3.454931382984871e-5],
    [0.001, 1, 0.9747728793699604],
    [50, 3, 7.989179244951495e-11],
  ])('sf(%d, df %d) matches scipy.stats.chi2.sf', (x, df, expected) => {
    expectClose(chiSquareSf(x, df), expected, 1e-10, true);
  });

  it('df = 2 has the closed form e^(−x/2)', () => {
    for (const x of [0.1, 1, 5, 30]) expectClose(chiSquareSf(x, 2), Math.exp(-x / 2), 1e-13, true);
  });

  it('is a probability, decreasing in x', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        (x, dx, df) => {
          const a = chiSquareSf(x, df);
          const b = chiSquareSf(x + dx, df);
          expect(a).toBeGreaterThanOrEqual(0);
          expect(a).toBeLessThanOrEqual(1);
          expect(b).toBeLessThanOrEqual(a + 1e-15);
        },
      ),
    );
  });
});

describe('chi-square goodness of fit', () => {
  it("Mendel's peas 315/108/101/32 against 9:3:3:1 give χ² = 0.470, p = 0.925", () => {
    // Mendel (1866); the classic textbook example, e.g. Sokal & Rohlf, Biometry.
    // Full precision: scipy 1.17.1 scipy.stats.chisquare([315,108,101,32], [556*9/16, 556*3/16, 556*3/16, 556/16])
    // → statistic 0.4700239808153477, pvalue 0.925425895103616.
    const fit = chiSquareGoodnessOfFit([315, 108, 101, 32], [9, 3, 3, 1]);
    expect(fit.df).toBe(3);
    expect(fit.expected).toEqual([312.75, 104.25, 104.25, 34.75]);
    expectClose(fit.statistic, 0.4700239808153477, 1e-12, true);
    expectClose(fit.pValue, 0.925425895103616, 1e-10, true);
    expect(fit.statistic.toFixed(3)).toBe('0.470');
  });

  it('an observation in a category weighted 0 is an impossible fit', () => {
    const fit = chiSquareGoodnessOfFit([10, 10, 1], [1, 1, 0]);
    expect(fit.statistic).toBe(Infinity);
    expect(fit.pValue).toBe(0);
  });

  it('drops empty zero-weight categories from the degrees of freedom', () => {
    const fit = chiSquareGoodnessOfFit([50, 50, 0], [1, 1, 0]);
    expect(fit.df).toBe(1);
    expect(fit.pValue).toBe(1);
  });

  it('rejects malformed input', () => {
    expect(() => chiSquareGoodnessOfFit([1, 2], [1])).toThrow(RangeError);
    expect(() => chiSquareGoodnessOfFit([1], [1])).toThrow(RangeError);
    expect(() => chiSquareGoodnessOfFit([1, -2], [1, 1])).toThrow(RangeError);
    expect(() => chiSquareGoodnessOfFit([1, 2], [0, 0])).toThrow(RangeError);
  });
});
