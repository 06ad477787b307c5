/**
 * How a FeatureFlag's variant reaches users beyond its rules: a percentage
 * rollout (static, or guarded by metrics and advanced by Fledge), a weighted
 * distribution for experiments, and a kill switch.
 *
 * Percentages and weights compile to flagd's `fractional`, so a user keeps
 * their bucket as the percentage grows.
 */
import { z } from 'zod';
import { uniqueBy, withRules } from './cross-field.js';
import { positiveDurationSchema } from './duration.js';
import { metricCheckSchema } from './metric-check.js';
import { dnsLabel, intRange, stringMap, text } from './primitives.js';

export const variantNameSchema = text(256);

/**
 * Checks computed by Fledge from the SDK's counters (src/metrics/flag-builtin.ts
 * has the PromQL): `error-rate` (% of evaluations followed by a recorded
 * error), `evaluation-count` (evaluations in the window) and
 * `request-duration` (p99 ms of the SDK's request histogram).
 */
export const FLAG_BUILTIN_METRICS = ['error-rate', 'evaluation-count', 'request-duration'] as const;
export type FlagBuiltinMetric = (typeof FLAG_BUILTIN_METRICS)[number];

export const flagMetricCheckSchema = metricCheckSchema(FLAG_BUILTIN_METRICS);

/** A notification: Fledge POSTs a Flagger-style `event` payload when a rollout rolls back or a kill switch fires. */
export const flagNotificationSchema = z.strictObject({
  name: dnsLabel.describe('Name of the webhook, unique in the list.'),
  url: z
    .string()
    .max(2048, 'must be at most 2048 characters')
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL')
    .describe('Where Fledge POSTs the payload.'),
  timeout: positiveDurationSchema.optional().describe('Timeout of one call; defaults to 10s.'),
  retries: intRange(0, 10).optional().describe('Extra attempts after a failed call; defaults to 0.'),
  metadata: stringMap(64).optional().describe('Sent as the payload metadata.'),
});
const flagNotificationsSchema = uniqueBy(
  z.array(flagNotificationSchema).max(8, 'must have at most 8 webhooks'),
  'name',
);
const flagMetricsSchema = uniqueBy(
  z.array(flagMetricCheckSchema).max(16, 'must have at most 16 metrics'),
  'name',
);

const GUARDED_ONLY = [
  'steps',
  'doubling',
  'interval',
  'minSampleSize',
  'threshold',
  'metrics',
  'fallbackVariant',
  'webhooks',
] as const;

export const rolloutSchema = withRules(
  z.strictObject({
    percentage: intRange(0, 100)
      .optional()
      .describe(
        'static: share of users (not matched by a rule) served the variant. guarded: the ceiling; defaults to 100.',
      ),
    variant: variantNameSchema
      .optional()
      .describe('Variant rolled out; defaults to the one that is not defaultVariant when there are two.'),
    strategy: z
      .enum(['static', 'guarded'], 'must be static or guarded')
      .optional()
      .describe('static: percentage as written. guarded: Fledge raises it step by step while metrics pass.'),
    steps: z
      .array(intRange(1, 100))
      .min(1, 'must not be empty')
      .max(100)
      .optional()
      .meta({ 'x-kubernetes-list-type': 'set' })
      .describe('guarded: ascending percentages, e.g. [1, 5, 10, 25, 50, 100].'),
    doubling: z
      .strictObject({ initial: intRange(1, 100).optional().describe('First percentage; defaults to 1.') })
      .optional()
      .describe('guarded: start at initial and double each step.'),
    interval: positiveDurationSchema.optional().describe('guarded: time between checks; defaults to 1m.'),
    minSampleSize: intRange(0, 1_000_000_000)
      .optional()
      .describe('guarded: evaluations of the variant needed before a step; defaults to 100.'),
    threshold: intRange(1, 1000)
      .optional()
      .describe('guarded: failed checks before rollback; defaults to 2.'),
    metrics: flagMetricsSchema.optional(),
    fallbackVariant: variantNameSchema
      .optional()
      .describe('guarded: variant served to everyone after a rollback; defaults to defaultVariant.'),
    webhooks: flagNotificationsSchema
      .optional()
      .describe('guarded: notified when the rollout rolls back or completes.'),
  }),
  [
    {
      message: 'a static rollout needs percentage',
      path: ['percentage'],
      check: (r) => (r.strategy ?? 'static') !== 'static' || r.percentage !== undefined,
      cel: "(has(self.strategy) && self.strategy == 'guarded') || has(self.percentage)",
    },
    {
      message: `${GUARDED_ONLY.join(', ')} need strategy: guarded`,
      check: (r) => r.strategy === 'guarded' || GUARDED_ONLY.every((k) => r[k] === undefined),
      cel: `(has(self.strategy) && self.strategy == 'guarded') || !(${GUARDED_ONLY.map((k) => `has(self.${k})`).join(' || ')})`,
    },
    {
      message: 'steps and doubling are mutually exclusive',
      path: ['doubling'],
      check: (r) => r.steps === undefined || r.doubling === undefined,
      cel: '!(has(self.steps) && has(self.doubling))',
    },
    {
      message: 'must be in strictly ascending order',
      path: ['steps'],
      check: (r) => (r.steps ?? []).every((w, i, all) => i === 0 || w > (all[i - 1] ?? 0)),
      cel: '!has(self.steps) || self.steps.isSorted()',
    },
    {
      message: 'a guarded rollout needs at least one metric',
      path: ['metrics'],
      check: (r) => r.strategy !== 'guarded' || (r.metrics?.length ?? 0) > 0,
      cel: "!has(self.strategy) || self.strategy != 'guarded' || (has(self.metrics) && size(self.metrics) > 0)",
    },
  ],
);

export const distributionSchema = uniqueBy(
  z
    .array(
      z.strictObject({
        variant: variantNameSchema,
        weight: intRange(1, 1_000_000).describe('Relative weight; users are split in proportion.'),
      }),
    )
    .min(1, 'must not be empty')
    .max(64, 'must have at most 64 entries'),
  'variant',
);

export const killSwitchSchema = withRules(
  z.strictObject({
    metrics: uniqueBy(
      z.array(flagMetricCheckSchema).min(1, 'must not be empty').max(16, 'must have at most 16 metrics'),
      'name',
    ),
    action: z
      .enum(['disable', 'variant'], 'must be disable or variant')
      .optional()
      .describe('disable: state DISABLED; variant: serve `variant` to everyone. Defaults to disable.'),
    variant: variantNameSchema.optional().describe('Safe variant for action: variant.'),
    interval: positiveDurationSchema.optional().describe('Time between checks; defaults to 30s.'),
    threshold: intRange(1, 1000)
      .optional()
      .describe('Consecutive failed checks that fire it; defaults to 1.'),
    webhooks: flagNotificationsSchema.optional().describe('Notified when the kill switch fires.'),
  }),
  [
    {
      message: 'action: variant needs variant',
      path: ['variant'],
      check: (k) => k.action !== 'variant' || k.variant !== undefined,
      cel: "!has(self.action) || self.action != 'variant' || has(self.variant)",
    },
    {
      message: 'variant needs action: variant',
      path: ['variant'],
      check: (k) => k.variant === undefined || k.action === 'variant',
      cel: "!has(self.variant) || (has(self.action) && self.action == 'variant')",
    },
  ],
);

export type FlagMetricCheck = z.infer<typeof flagMetricCheckSchema>;
export type Rollout = z.infer<typeof rolloutSchema>;
export type Distribution = z.infer<typeof distributionSchema>;
export type KillSwitch = z.infer<typeof killSwitchSchema>;
export type FlagNotification = z.infer<typeof flagNotificationSchema>;
