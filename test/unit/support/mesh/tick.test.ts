import { describe, expect, it } from 'vitest';
import { accumulate } from '../../../support/mesh/tick.js';
import { createRng } from '../../../support/mesh/prng.js';

function run(rps: number, elapsed: number[]): number {
  let carry = 0;
  let total = 0;
  for (const ms of elapsed) {
    const r = accumulate(carry, rps, ms);
    expect(Number.isInteger(r.count)).toBe(true);
    total += r.count;
    carry = r.carry;
  }
  return total;
}

describe('accumulate', () => {
  it.each([
    ['0.5 rps over 10 s of 100 ms ticks', 0.5, new Array<number>(100).fill(100), 5],
    ['0.1 rps over 10 s of 100 ms ticks', 0.1, new Array<number>(100).fill(100), 1],
    ['50 rps over 1 s', 50, new Array<number>(10).fill(100), 50],
    ['3 rps over one 1 s tick', 3, [1000], 3],
    ['rps 0 sends nothing', 0, [1000, 1000], 0],
  ])('%s', (_name, rps, elapsed, expected) => {
    expect(run(rps, elapsed)).toBe(expected);
  });

  it('is exact over irregular ticks (the rest is carried, never lost or doubled)', () => {
    const rng = createRng(5);
    const elapsed = Array.from({ length: 1000 }, () => 50 + rng.next() * 150);
    const totalMs = elapsed.reduce((s, x) => s + x, 0);
    const n = run(7.3, elapsed);
    expect(n).toBeGreaterThanOrEqual(Math.floor((7.3 * totalMs) / 1000) - 1);
    expect(n).toBeLessThanOrEqual(Math.floor((7.3 * totalMs) / 1000));
  });

  it('drops the carry when traffic stops', () => {
    expect(accumulate(0.9, 0, 100)).toEqual({ count: 0, carry: 0 });
  });
});
