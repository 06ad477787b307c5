import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CanaryAnalysis } from '../../../src/api/canary-analysis.js';
import { withCanaryDefaults } from '../../../src/api/canary-defaults.js';
import { nextWeight, split, strategyOf } from '../../../src/canary/weights.js';
import { canary } from './builders.js';

const analysis = (a: CanaryAnalysis) =>
  withCanaryDefaults({ ...canary(undefined), spec: { ...canary(undefined).spec, analysis: a } }).spec
    .analysis;

/** Every weight from 0 until the last step. */
function walk(a: CanaryAnalysis): number[] {
  const d = analysis(a);
  const seen = [0];
  for (let i = 0; i < 200; i++) {
    const next = nextWeight(d, seen.at(-1) ?? 0);
    if (next === undefined) break;
    seen.push(next);
  }
  return seen;
}

describe('weights', () => {
  it.each<[string, CanaryAnalysis, number[]]>([
    ['defaults: stepWeight 10 to maxWeight 50', {}, [0, 10, 20, 30, 40, 50]],
    ['stepWeight 20 to 50: the last step is capped', { stepWeight: 20, maxWeight: 50 }, [0, 20, 40, 50]],
    ['stepWeight 25 to 100', { stepWeight: 25, maxWeight: 100 }, [0, 25, 50, 75, 100]],
    ['stepWeight equal to maxWeight: one step', { stepWeight: 30, maxWeight: 30 }, [0, 30]],
    ['stepWeights list', { stepWeights: [1, 5, 10, 25, 50] }, [0, 1, 5, 10, 25, 50]],
    ['doubling from 1 to 50 (defaults)', { doubling: {} }, [0, 1, 2, 4, 8, 16, 32, 50]],
    ['doubling from 5 to 80', { doubling: { initialWeight: 5 }, maxWeight: 80 }, [0, 5, 10, 20, 40, 80]],
    ['iterations never move the weight', { iterations: 5 }, [0]],
  ])('%s', (_name, a, expected) => {
    expect(walk(a)).toEqual(expected);
  });

  it.each<[CanaryAnalysis, string]>([
    [{}, 'stepWeight'],
    [{ stepWeights: [5] }, 'stepWeights'],
    [{ doubling: {} }, 'doubling'],
    [{ iterations: 3 }, 'iterations'],
  ])('strategyOf(%j) = %s', (a, s) => {
    expect(strategyOf(analysis(a))).toBe(s);
  });

  it('a weight beyond the list or the max is the last step', () => {
    expect(nextWeight(analysis({ stepWeights: [10, 20] }), 35)).toBeUndefined();
    expect(nextWeight(analysis({ stepWeight: 10, maxWeight: 50 }), 60)).toBeUndefined();
  });

  it('split always sums to 100 and stays in range', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 150, noNaN: true }), (w) => {
        const s = split(w);
        expect(s.primary + s.canary).toBe(100);
        expect(s.canary).toBeGreaterThanOrEqual(0);
        expect(s.canary).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('steps only go up and stop at maxWeight', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }), (step, max) => {
        fc.pre(max >= step);
        const seen = walk({ stepWeight: step, maxWeight: max });
        expect(seen.at(-1)).toBe(max);
        seen.slice(1).forEach((w, i) => expect(w).toBeGreaterThan(seen[i] ?? 0));
      }),
    );
  });
});
