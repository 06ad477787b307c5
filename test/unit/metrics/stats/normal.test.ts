import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, normalQuantile, normalSf } from '../../../../src/metrics/stats/normal.js';
import { expectClose } from './close.js';

describe('normal CDF', () => {
  // scipy 1.17.1: scipy.stats.norm.cdf(x), scipy.stats.norm.sf(x)
  it.each([
    [-8, 6.22096057427174e-16, 0.9999999999999993],
    [-3, 0.0013498980316300933, 0.9986501019683699],
    [-1.5, 0.06680720126885807, 0.9331927987311419],
    [0, 0.5, 0.5],
    [0.5, 0.6914624612740131, 0.3085375387259869],
    [1.96, 0.9750021048517795, 0.024997895148220435],
    [5, 0.9999997133484281, 2.866515718791933e-7],
  ])('Φ(%d) matches scipy.stats.norm', (x, cdf, sf) => {
    expectClose(normalCdf(x), cdf, 1e-12, true);
    expectClose(normalSf(x), sf, 1e-12, true);
  });

  it('keeps relative precision far in the tail (scipy 1.17.1: norm.sf(10) = 7.61985302416047e-24)', () => {
    expectClose(normalSf(10), 7.61985302416047e-24, 1e-12, true);
  });

  it('erfc(1) = 0.157299207050285 (Abramowitz & Stegun, Table 7.1)', () => {
    expectClose(erfc(1), 0.157299207050285, 1e-14);
    expectClose(erfc(-1), 2 - 0.157299207050285, 1e-14);
  });

  it('is symmetric: Φ(−x) = 1 − Φ(x)', () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (x) => {
        expect(Math.abs(normalCdf(-x) - normalSf(x))).toBeLessThan(1e-15);
        expect(Math.abs(normalCdf(x) + normalCdf(-x) - 1)).toBeLessThan(1e-14);
      }),
    );
  });
});

describe('normal quantile', () => {
  it('z(0.975) = 1.959963984540054 (Wikipedia "1.96"; scipy 1.17.1 norm.ppf(0.975))', () => {
    expectClose(normalQuantile(0.975), 1.959963984540054, 1e-14);
    expectClose(normalQuantile(0.025), -1.959963984540054, 1e-14);
  });

  // scipy 1.17.1: scipy.stats.norm.ppf(p)
  it.each([
    [1e-10, -6.361340902404056],
    [0.001, -3.090232306167813],
    [0.01, -2.3263478740408408],
    [0.02425, -1.972961051311885],
    [0.3, -0.5244005127080409],
    [0.9, 1.2815515655446004],
    [0.999999, 4.753424308817087],
  ])('Φ⁻¹(%d) matches scipy.stats.norm.ppf', (p, expected) => {
    expectClose(normalQuantile(p), expected, 1e-12, true);
  });

  it('handles the ends and rejects p outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(0.5)).toBe(0);
    expect(() => normalQuantile(1.1)).toThrow(RangeError);
    expect(() => normalQuantile(NaN)).toThrow(RangeError);
  });

  it('inverts the CDF', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        const x = normalQuantile(p);
        expect(Math.abs(normalCdf(x) - p)).toBeLessThan(1e-9 * Math.min(p, 1 - p) + 1e-15);
      }),
    );
  });
});
