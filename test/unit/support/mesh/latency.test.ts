import { describe, expect, it } from 'vitest';
import { fitLognormal, sampleLognormal } from '../../../support/mesh/latency.js';
import { createRng } from '../../../support/mesh/prng.js';

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

describe('fitLognormal', () => {
  it('puts the median at p50 and sigma from the p99/p50 ratio', () => {
    const d = fitLognormal({ p50: 20, p99: 400 });
    expect(d.mu).toBeCloseTo(Math.log(20), 12);
    expect(d.sigma).toBeCloseTo(Math.log(20) / 2.3263, 3);
  });

  it('is a constant when p99 equals p50', () => {
    const d = fitLognormal({ p50: 30, p99: 30 });
    expect(sampleLognormal(d, createRng(1))).toBeCloseTo(30, 9);
  });

  it.each([[{ p50: 10, p99: 50 }], [{ p50: 20, p99: 400 }], [{ p50: 100, p99: 180 }]])(
    'samples reproduce %o within 3 %',
    (spec) => {
      const rng = createRng(99);
      const d = fitLognormal(spec);
      const xs = Array.from({ length: 200_000 }, () => sampleLognormal(d, rng)).sort((a, b) => a - b);
      expect(Math.abs(quantile(xs, 0.5) / spec.p50 - 1)).toBeLessThan(0.03);
      expect(Math.abs(quantile(xs, 0.99) / spec.p99 - 1)).toBeLessThan(0.03);
    },
  );
});
