/**
 * Family-wise error control when several variants are each compared with the
 * control: without it, three variants at α = 0.05 would flag a winner in an
 * A/A/A/A test about 14 % of the time.
 */

export type Correction = 'holm' | 'bonferroni' | 'none';

export const CORRECTION_NAMES: Record<Correction, string> = {
  holm: 'Holm-Bonferroni',
  bonferroni: 'Bonferroni',
  none: 'no multiplicity correction',
};

/**
 * Adjusted p-values, in the input order; compare each with α directly.
 * Holm (1979) step-down: sort ascending, adj_(i) = max_{j<=i} min(1, (m − j + 1) p_(j)).
 * It rejects everything Bonferroni rejects and sometimes more, under the same guarantee.
 */
export function adjustPValues(pValues: readonly number[], correction: Correction): number[] {
  const m = pValues.length;
  if (correction === 'none' || m <= 1) return [...pValues];
  if (correction === 'bonferroni') return pValues.map((p) => Math.min(1, p * m));
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m).fill(1);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
