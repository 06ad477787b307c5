import { describe, expect, it } from 'vitest';
import type { DefaultedRollout } from '../../../src/api/feature-flag-defaults.js';
import { guardedSteps, nextStep } from '../../../src/flags/guard-steps.js';

const guarded = (r: Partial<DefaultedRollout>): DefaultedRollout => ({
  strategy: 'guarded',
  percentage: 100,
  ...r,
});

describe('guardedSteps', () => {
  it.each([
    ['explicit steps', { steps: [1, 5, 10, 25, 50, 100] }, [1, 5, 10, 25, 50, 100]],
    ['the default steps', {}, [1, 5, 10, 25, 50, 100]],
    [
      'steps below a ceiling of 30, then the ceiling',
      { steps: [1, 5, 10, 25, 50, 100], percentage: 30 },
      [1, 5, 10, 25, 30],
    ],
    ['steps that stop short of the ceiling', { steps: [10, 20] }, [10, 20, 100]],
    ['doubling from 1', { doubling: { initial: 1 } }, [1, 2, 4, 8, 16, 32, 64, 100]],
    ['doubling from 5 to 50', { doubling: { initial: 5 }, percentage: 50 }, [5, 10, 20, 40, 50]],
    ['a ceiling of 0', { percentage: 0 }, [0]],
  ] as const)('%s', (_name, r, expected) => {
    expect(guardedSteps(guarded(r as Partial<DefaultedRollout>))).toEqual(expected);
  });
});

describe('nextStep', () => {
  const steps = [1, 5, 10, 25, 50, 100];
  it('is the first step above the current percentage', () => {
    expect(nextStep(steps, 1)).toEqual({ index: 1, percentage: 5 });
    expect(nextStep(steps, 7)).toEqual({ index: 2, percentage: 10 });
    expect(nextStep(steps, 0)).toEqual({ index: 0, percentage: 1 });
  });
  it('is undefined at the ceiling', () => {
    expect(nextStep(steps, 100)).toBeUndefined();
  });
});
