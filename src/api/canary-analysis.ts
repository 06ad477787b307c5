/**
 * `Canary.spec.analysis`: how traffic moves (one of four strategies) and what
 * is checked before each move.
 *
 * Strategies, exactly one of (the first is the default):
 * - `stepWeight` (+ `maxWeight`): 10, 20, … up to maxWeight, then promote;
 * - `stepWeights`: an explicit ascending list, e.g. [1, 5, 10, 25, 50];
 * - `doubling`: initialWeight, then twice the weight each step, capped at
 *   maxWeight; a step is only taken once the canary served `minSampleSize`
 *   requests in it (so low traffic slows the rollout instead of guessing);
 * - `iterations`: A/B (`match` routes only matching requests to the canary)
 *   or blue/green (optionally `mirror`ed), for that many intervals.
 */
import { z } from 'zod';
import { uniqueBy, withRules } from './cross-field.js';
import { durationSchema, positiveDurationSchema } from './duration.js';
import { httpMatchListSchema } from './istio.js';
import { metricCheckSchema } from './metric-check.js';
import { intRange } from './primitives.js';
import { webhooksSchema } from './webhook.js';

/** Checks Fledge computes from Istio's metrics without a template. */
export const CANARY_BUILTIN_METRICS = ['request-success-rate', 'error-rate', 'request-duration'] as const;

export const canaryMetricCheckSchema = metricCheckSchema(CANARY_BUILTIN_METRICS);

export const doublingSchema = z.strictObject({
  initialWeight: intRange(1, 100).optional().describe('First canary weight; defaults to 1.'),
  minSampleSize: intRange(0, 1_000_000_000)
    .optional()
    .describe('Canary requests needed in a step before the next one; defaults to 1000.'),
});

const strategies = ['stepWeight', 'stepWeights', 'doubling', 'iterations'] as const;

export const canaryAnalysisSchema = withRules(
  z.strictObject({
    interval: positiveDurationSchema.optional().describe('Time between checks and steps; defaults to 1m.'),
    threshold: intRange(1, 1000).optional().describe('Failed checks before rollback; defaults to 5.'),
    maxWeight: intRange(1, 100)
      .optional()
      .describe('Last canary weight before promotion, with stepWeight or doubling; defaults to 50.'),
    stepWeight: intRange(1, 100).optional().describe('Weight added per step; defaults to 10.'),
    stepWeights: z
      .array(intRange(1, 100))
      .min(1, 'must not be empty')
      .max(100, 'must have at most 100 steps')
      .optional()
      .meta({ 'x-kubernetes-list-type': 'set' })
      .describe('Explicit ascending canary weights.'),
    stepWeightPromotion: intRange(1, 100)
      .optional()
      .describe('Weight moved to the primary per step during promotion; unset moves it at once.'),
    doubling: doublingSchema.optional(),
    iterations: intRange(1, 10_000).optional().describe('Intervals to run an A/B or blue/green analysis.'),
    match: httpMatchListSchema.optional().describe('A/B: requests matching any block go to the canary.'),
    mirror: z.boolean().optional().describe('Blue/green: mirror primary traffic to the canary.'),
    mirrorWeight: intRange(1, 100).optional().describe('Percentage of traffic mirrored; defaults to all.'),
    minRequests: intRange(0, 1_000_000_000)
      .optional()
      .describe('Canary requests per window below which a check is NoData; defaults to 20.'),
    noDataTimeout: durationSchema.optional().describe('NoData this long fails the canary; defaults to 10m.'),
    historyLimit: intRange(1, 100)
      .optional()
      .describe('Measurements kept in status per check; defaults to 20.'),
    metrics: uniqueBy(
      z.array(canaryMetricCheckSchema).max(32, 'must have at most 32 metrics'),
      'name',
    ).optional(),
    webhooks: webhooksSchema.optional(),
  }),
  [
    {
      message: `choose one of ${strategies.join(', ')}`,
      check: (a) => strategies.filter((s) => a[s] !== undefined).length <= 1,
      cel: `${strategies.map((s) => `(has(self.${s}) ? 1 : 0)`).join(' + ')} <= 1`,
    },
    {
      message: 'maxWeight must not be smaller than stepWeight',
      path: ['maxWeight'],
      check: (a) => a.stepWeight === undefined || a.maxWeight === undefined || a.maxWeight >= a.stepWeight,
      cel: '!has(self.stepWeight) || !has(self.maxWeight) || self.maxWeight >= self.stepWeight',
    },
    {
      message: 'maxWeight must not be smaller than doubling.initialWeight',
      path: ['maxWeight'],
      check: (a) =>
        a.doubling?.initialWeight === undefined ||
        a.maxWeight === undefined ||
        a.maxWeight >= a.doubling.initialWeight,
      cel: '!has(self.doubling) || !has(self.doubling.initialWeight) || !has(self.maxWeight) || self.maxWeight >= self.doubling.initialWeight',
    },
    {
      message: 'must be in strictly ascending order',
      path: ['stepWeights'],
      check: (a) => (a.stepWeights ?? []).every((w, i, all) => i === 0 || w > (all[i - 1] ?? 0)),
      // Strictness comes from list-type set (no duplicates); isSorted() from Kubernetes' list library.
      cel: '!has(self.stepWeights) || self.stepWeights.isSorted()',
    },
    {
      message: 'match (A/B testing) needs iterations',
      path: ['match'],
      check: (a) => a.match === undefined || a.iterations !== undefined,
      cel: '!has(self.match) || has(self.iterations)',
    },
    {
      message: 'mirror needs iterations (blue/green)',
      path: ['mirror'],
      check: (a) => a.mirror !== true || a.iterations !== undefined,
      cel: '!has(self.mirror) || !self.mirror || has(self.iterations)',
    },
    {
      message: 'mirrorWeight needs mirror: true',
      path: ['mirrorWeight'],
      check: (a) => a.mirrorWeight === undefined || a.mirror === true,
      cel: '!has(self.mirrorWeight) || (has(self.mirror) && self.mirror)',
    },
  ],
);

export type CanaryBuiltinMetric = (typeof CANARY_BUILTIN_METRICS)[number];
export type CanaryMetricCheck = z.infer<typeof canaryMetricCheckSchema>;
export type Doubling = z.infer<typeof doublingSchema>;
export type CanaryAnalysis = z.infer<typeof canaryAnalysisSchema>;
