import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relativeLift, twoProportionZTest } from '../../../../src/metrics/stats/two-proportion.js';
import { expectClose } from './close.js';

const group = (successes: number, trials: number) => ({ successes, trials });

const arbGroup = fc
  .integer({ min: 1, max: 1_000_000 })
  .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

describe('pooled two-proportion z-test', () => {
  // The pooled z-test is Pearson's χ² test on the 2×2 table without continuity
  // correction (z² = χ²), computed independently with scipy 1.17.1:
  // scipy.stats.chi2_contingency([[x1, n1-x1], [x0, n0-x0]], correction=False).
  it.each([
    [120, 1000, 100, 1000, 2.0429009193054135, 0.15291778186394195],
    [600, 5000, 500, 5000, 10.21450459652707, 0.0013934041792054727],
    [30, 200, 20, 200, 2.2857142857142856, 0.13057001811573693],
    [10, 100, 0, 100, 10.526315789473685, 0.0011768659106247386],
  ])('%d/%d vs %d/%d', (x1, n1, x0, n0, chi2, p) => {
    const r = twoProportionZTest(group(x1, n1), group(x0, n0));
    expectClose(r.z * r.z, chi2, 1e-12, true);
    expect(r.z).toBeGreaterThan(0);
    expectClose(r.pValue, p, 1e-10, true);
  });

  it('matches the closed form with equal group sizes', () => {
    // Closed form check: with equal n, z = (p1 − p0) / sqrt(p̄(1 − p̄)·2/n).
    const r = twoProportionZTest(group(5500, 10_000), group(5000, 10_000));
    const pooled = 0.525;
    expectClose(r.z, 0.05 / Math.sqrt((pooled * (1 - pooled) * 2) / 10_000), 1e-12);
  });

  it('no variance (both 0 % or both 100 %) is no evidence', () => {
    expect(twoProportionZTest(group(0, 50), group(0, 80))).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionZTest(group(50, 50), group(80, 80))).toEqual({ z: 0, pValue: 1 });
  });

  it('rejects impossible counts', () => {
    expect(() => twoProportionZTest(group(1, 0), group(1, 2))).toThrow(RangeError);
    expect(() => twoProportionZTest(group(3, 2), group(1, 2))).toThrow(RangeError);
  });

  it('p is in [0, 1] and symmetric in the two groups', () => {
    fc.assert(
      fc.property(arbGroup, arbGroup, ([x1, n1], [x0, n0]) => {
        const ab = twoProportionZTest(group(x1, n1), group(x0, n0));
        const ba = twoProportionZTest(group(x0, n0), group(x1, n1));
        expect(ab.pValue).toBeGreaterThanOrEqual(0);
        expect(ab.pValue).toBeLessThanOrEqual(1);
        expect(ab.pValue).toBe(ba.pValue);
        expect(ab.z === -ba.z).toBe(true);
      }),
    );
  });

  it('A/A with equal counts: p = 1', () => {
    fc.assert(
      fc.property(arbGroup, ([x, n]) => {
        expect(twoProportionZTest(group(x, n), group(x, n)).pValue).toBe(1);
      }),
    );
  });
});

describe('relative lift', () => {
  // Katz log interval for the risk ratio, as implemented independently by
  // scipy 1.17.1: scipy.stats.contingency.relative_risk(x1, n1, x0, n0).confidence_interval(0.95);
  // lift = ratio − 1.
  it.each([
    [120, 1000, 100, 1000, 0.2, 0.9341057510629938, 1.541581344897308],
    [600, 5000, 500, 5000, 0.2, 1.0728302870308846, 1.3422439852861325],
    [30, 200, 20, 200, 0.5, 0.8822360327385413, 2.550337910157436],
  ])('%d/%d vs %d/%d', (x1, n1, x0, n0, lift, low, high) => {
    const r = relativeLift(group(x1, n1), group(x0, n0));
    expectClose(r.lift ?? NaN, lift, 1e-12);
    expectClose(r.interval?.low ?? NaN, low - 1, 1e-12);
    expectClose(r.interval?.high ?? NaN, high - 1, 1e-12);
  });

  it('has no lift when the control never converts, and no interval when the treatment never does', () => {
    expect(relativeLift(group(5, 100), group(0, 100))).toEqual({});
    expect(relativeLift(group(0, 100), group(5, 100))).toEqual({ lift: -1 });
  });

  it('the interval contains the point estimate', () => {
    fc.assert(
      fc.property(arbGroup, arbGroup, ([x1, n1], [x0, n0]) => {
        fc.pre(x1 > 0 && x0 > 0);
        const r = relativeLift(group(x1, n1), group(x0, n0));
        const lift = r.lift ?? NaN;
        expect(r.interval?.low).toBeLessThanOrEqual(lift + 1e-12);
        expect(r.interval?.high).toBeGreaterThanOrEqual(lift - 1e-12);
        expect(r.interval?.low).toBeGreaterThanOrEqual(-1);
      }),
    );
  });
});
