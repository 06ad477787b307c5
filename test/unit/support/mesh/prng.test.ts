import { describe, expect, it } from 'vitest';
import { createRng, normal } from '../../../support/mesh/prng.js';

describe('createRng', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const draw = (seed: number): number[] => {
      const rng = createRng(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('is uniform in [0, 1)', () => {
    const rng = createRng(7);
    const bins = new Array<number>(10).fill(0);
    const n = 100_000;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (u < 0 || u >= 1) outside++;
      else bins[Math.floor(u * 10)]!++;
    }
    expect(outside).toBe(0);
    for (const b of bins) expect(Math.abs(b / n - 0.1)).toBeLessThan(0.005);
  });
});

describe('normal', () => {
  it('has mean 0 and standard deviation 1', () => {
    const rng = createRng(1);
    const xs = Array.from({ length: 100_000 }, () => normal(rng));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(sd - 1)).toBeLessThan(0.01);
  });
});
