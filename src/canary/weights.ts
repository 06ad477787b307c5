/**
 * Where the canary weight goes next, for each strategy. Pure; weights are
 * percentages of traffic on the canary, the primary gets the rest.
 */
import type { DefaultedCanaryAnalysis } from '../api/canary-defaults.js';

export type Strategy = 'stepWeight' | 'stepWeights' | 'doubling' | 'iterations';

export function strategyOf(analysis: DefaultedCanaryAnalysis): Strategy {
  if (analysis.iterations !== undefined) return 'iterations';
  if (analysis.stepWeights !== undefined) return 'stepWeights';
  if (analysis.doubling !== undefined) return 'doubling';
  return 'stepWeight';
}

/**
 * The weight after `current`, or undefined when `current` is the last step
 * (the next passing interval promotes). Iterations never move the weight.
 */
export function nextWeight(analysis: DefaultedCanaryAnalysis, current: number): number | undefined {
  const max = clamp(analysis.maxWeight ?? 100);
  switch (strategyOf(analysis)) {
    case 'iterations':
      return undefined;
    case 'stepWeights':
      return (analysis.stepWeights ?? []).map(clamp).find((w) => w > current);
    case 'doubling': {
      if (current >= max) return undefined;
      const initial = clamp(analysis.doubling?.initialWeight ?? 1);
      return current <= 0 ? Math.min(initial, max) : Math.min(current * 2, max);
    }
    case 'stepWeight': {
      if (current >= max) return undefined;
      return Math.min(current + (analysis.stepWeight ?? 10), max);
    }
  }
}

/** Primary and canary weights that always sum to 100. */
export function split(canary: number): { primary: number; canary: number } {
  const c = clamp(canary);
  return { primary: 100 - c, canary: c };
}

function clamp(weight: number): number {
  return Math.max(0, Math.min(100, Math.round(weight)));
}
