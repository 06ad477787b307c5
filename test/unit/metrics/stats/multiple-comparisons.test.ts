import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustPValues } from '../../../../src/metrics/stats/multiple-comparisons.js';

describe('adjustPValues', () => {
  it('Holm (1979) step-down, worked by hand from the definition', () => {
    // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → max so far 0.06.
    const adjusted = adjustPValues([0.01, 0.04, 0.03, 0.005], 'holm');
    expect(adjusted.map((p) => Number(p.toFixed(12)))).toEqual([0.03, 0.06, 0.06, 0.02]);
  });

  it('Bonferroni multiplies by m and caps at 1', () => {
    expect(adjustPValues([0.01, 0.3], 'bonferroni')).toEqual([0.02, 0.6]);
    expect(adjustPValues([0.01, 0.6], 'bonferroni')).toEqual([0.02, 1]);
  });

  it('none and a single comparison leave p unchanged', () => {
    expect(adjustPValues([0.01, 0.04], 'none')).toEqual([0.01, 0.04]);
    expect(adjustPValues([0.04], 'holm')).toEqual([0.04]);
    expect(adjustPValues([], 'bonferroni')).toEqual([]);
  });

  it('p <= Holm <= Bonferroni <= 1, and Holm keeps the order of p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (ps) => {
          const holm = adjustPValues(ps, 'holm');
          const bonf = adjustPValues(ps, 'bonferroni');
          ps.forEach((p, i) => {
            const h = holm[i] ?? NaN;
            expect(h).toBeGreaterThanOrEqual(p);
            expect(h).toBeLessThanOrEqual((bonf[i] ?? NaN) + 1e-15);
            expect(h).toBeLessThanOrEqual(1);
            ps.forEach((q, j) => {
              if (p < q) expect(h).toBeLessThanOrEqual(holm[j] ?? NaN);
            });
          });
        },
      ),
    );
  });
});
