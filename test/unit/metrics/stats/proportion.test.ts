import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wilsonInterval, zCritical } from '../../../../src/metrics/stats/proportion.js';
import { expectClose } from './close.js';

describe('Wilson score interval', () => {
  // Newcombe RG (1998), "Two-sided confidence intervals for the single proportion:
  // comparison of seven methods", Stat Med 17:857-872, Table I, method 3 (score
  // method without continuity correction), printed to 4 decimals. Full precision:
  // scipy 1.17.1 scipy.stats.binomtest(x, n).proportion_ci(0.95, method='wilson').
  it.each([
    [81, 263, 0.2553, 0.3662, 0.2552885198782742, 0.36620957698280004],
    [15, 148, 0.0624, 0.1605, 0.06238639953073629, 0.16048724172330803],
    [0, 20, 0, 0.1611, 0, 0.16112515805281935],
    [1, 29, 0.0061, 0.1718, 0.006113214292762667, 0.17175521879320282],
  ])('%d/%d → Newcombe Table I', (x, n, low4, high4, low, high) => {
    const ci = wilsonInterval(x, n);
    expect(ci.low.toFixed(4)).toBe(low4.toFixed(4));
    expect(ci.high.toFixed(4)).toBe(high4.toFixed(4));
    expectClose(ci.low, low, 1e-12);
    expectClose(ci.high, high, 1e-12);
  });

  it('other confidence levels (scipy 1.17.1: binomtest(120, 1000).proportion_ci(0.99, method="wilson"))', () => {
    const ci = wilsonInterval(120, 1000, 0.99);
    expectClose(ci.low, 0.09600369459213011, 1e-12);
    expectClose(ci.high, 0.14900559073445907, 1e-12);
  });

  it('reaches exactly 0 and 1 at the ends', () => {
    expect(wilsonInterval(0, 90149).low).toBe(0);
    expect(wilsonInterval(90149, 90149).high).toBe(1);
  });

  it('rejects impossible counts', () => {
    expect(() => wilsonInterval(1, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => zCritical(1)).toThrow(RangeError);
  });

  it('contains the point estimate and stays in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 10_000_000 })
          .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        fc.double({ min: 0.5, max: 0.9999, noNaN: true }),
        ([x, n], level) => {
          const ci = wilsonInterval(x, n, level);
          expect(ci.low).toBeGreaterThanOrEqual(0);
          expect(ci.high).toBeLessThanOrEqual(1);
          expect(ci.low).toBeLessThanOrEqual(x / n + 1e-15);
          expect(ci.high).toBeGreaterThanOrEqual(x / n - 1e-15);
        },
      ),
    );
  });

  it('is symmetric: (x, n) mirrors (n − x, n)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 100_000 })
          .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        ([x, n]) => {
          const a = wilsonInterval(x, n);
          const b = wilsonInterval(n - x, n);
          expect(Math.abs(a.low - (1 - b.high))).toBeLessThan(1e-12);
          expect(Math.abs(a.high - (1 - b.low))).toBeLessThan(1e-12);
        },
      ),
    );
  });

  it('widens with the confidence level', () => {
    const narrow = wilsonInterval(30, 100, 0.9);
    const wide = wilsonInterval(30, 100, 0.99);
    expect(wide.low).toBeLessThan(narrow.low);
    expect(wide.high).toBeGreaterThan(narrow.high);
  });
});
