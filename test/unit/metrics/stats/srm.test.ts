import { describe, expect, it } from 'vitest';
import { SRM_METHOD, sampleRatioMismatch } from '../../../../src/metrics/stats/srm.js';
import { expectClose } from './close.js';

const arms = (...pairs: [number, number][]) =>
  pairs.map(([exposures, weight], i) => ({ variant: `v${i}`, exposures, weight }));

describe('sample-ratio mismatch', () => {
  it('5050/4950 on a 50/50 split is fine (scipy 1.17.1: chisquare([5050, 4950]) → 1.0, p 0.31731050786291115)', () => {
    const r = sampleRatioMismatch(arms([5050, 50], [4950, 50]));
    expect(r).toMatchObject({
      method: SRM_METHOD,
      insufficientData: false,
      mismatch: false,
      df: 1,
      statistic: 1,
    });
    expectClose(r.pValue ?? NaN, 0.31731050786291115, 1e-10, true);
  });

  it('5200/4800 on a 50/50 split is a mismatch (χ² = 16, p = 2Φ(−4); scipy 1.17.1: 6.334248366623988e-05)', () => {
    const r = sampleRatioMismatch(arms([5200, 50], [4800, 50]));
    expect(r.mismatch).toBe(true);
    expectClose(r.pValue ?? NaN, 6.334248366623988e-5, 1e-10, true);
  });

  it('three arms 50/25/25 (scipy 1.17.1: chisquare([2100,1000,900], [2000,1000,1000]) → 15, p 0.0005530843701478337)', () => {
    const r = sampleRatioMismatch(arms([2100, 50], [1000, 25], [900, 25]));
    expect(r.df).toBe(2);
    expect(r.expected).toEqual({ v0: 2000, v1: 1000, v2: 1000 });
    expectClose(r.statistic ?? NaN, 15, 1e-12);
    expectClose(r.pValue ?? NaN, 0.0005530843701478337, 1e-10, true);
    expect(r.mismatch).toBe(true);
    expect(sampleRatioMismatch(arms([2100, 50], [1000, 25], [900, 25]), { alpha: 0.0001 }).mismatch).toBe(
      false,
    );
  });

  it('exposures in a 0-weighted arm are a mismatch even with little data', () => {
    expect(sampleRatioMismatch(arms([3, 100], [1, 0]))).toMatchObject({
      mismatch: true,
      insufficientData: false,
      pValue: 0,
    });
  });

  it('too few exposures is insufficient data, never a mismatch', () => {
    expect(sampleRatioMismatch(arms([8, 50], [0, 50]))).toMatchObject({
      insufficientData: true,
      mismatch: false,
    });
    expect(sampleRatioMismatch(arms([0, 50], [0, 50]))).toMatchObject({
      insufficientData: true,
      mismatch: false,
    });
    expect(sampleRatioMismatch(arms([10, 50]))).toMatchObject({ insufficientData: true, mismatch: false });
  });
});
