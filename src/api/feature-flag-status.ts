/**
 * `FeatureFlag.status`: where the flag is published, whether its last spec was
 * good, and the state of a guarded rollout, kill switch and experiment
 * (issue 8), so a restart resumes exactly where it was.
 */
import { z } from 'zod';
import { conditionsSchema } from './conditions.js';
import { metricMeasurementsSchema } from './metric-check.js';
import { intRange, objectName, timeSchema } from './primitives.js';

export const rolloutPhaseSchema = z.enum(['Progressing', 'Completed', 'RolledBack']);

export const rolloutStepSchema = z.strictObject({
  percentage: intRange(0, 100),
  time: timeSchema,
  reason: z.string().max(1024).optional().describe('Why the step was taken (Advanced, RolledBack, …).'),
});

export const rolloutStatusSchema = z.strictObject({
  phase: rolloutPhaseSchema.optional(),
  percentage: intRange(0, 100).optional().describe('Percentage currently published.'),
  currentStep: z.int().min(0).optional().describe('Index in steps (or doublings done).'),
  failedChecks: z.int().min(0).optional(),
  stepStartedAt: timeSchema.optional(),
  lastCheckTime: timeSchema.optional(),
  history: z.array(rolloutStepSchema).max(256).optional(),
  metrics: metricMeasurementsSchema.optional(),
});

export const killSwitchStatusSchema = z.strictObject({
  fired: z.boolean().describe('True until a person re-arms it.'),
  firedAt: timeSchema.optional(),
  reason: z.string().max(1024).optional(),
  message: z.string().max(4096).optional(),
  failedChecks: z.int().min(0).optional(),
  lastCheckTime: timeSchema.optional(),
  metrics: metricMeasurementsSchema.optional(),
});

export const eventResultSchema = z.strictObject({
  event: z.string().max(256),
  conversions: z.int().min(0),
  rate: z.number().optional(),
  ciLow: z.number().optional(),
  ciHigh: z.number().optional(),
  lift: z.number().optional().describe('Relative to the control variant.'),
  pValue: z.number().optional(),
  significant: z.boolean().optional(),
});

export const variantResultSchema = z.strictObject({
  variant: z.string().max(256),
  exposures: z.int().min(0),
  events: z.array(eventResultSchema).max(64).optional(),
});

export const experimentResultsSchema = z.strictObject({
  computedAt: timeSchema,
  method: z.string().max(256).describe('Significance test used, e.g. two-proportion z-test.'),
  control: z.string().max(256).optional(),
  confidenceLevel: z.number().min(0).max(1).optional(),
  variants: z.array(variantResultSchema).max(64),
  sampleRatioMismatch: z
    .strictObject({ pValue: z.number(), mismatch: z.boolean() })
    .optional()
    .describe('Chi-square test of exposures against the configured weights.'),
});

export const featureFlagStatusSchema = z.strictObject({
  observedGeneration: z.int().min(0).optional(),
  conditions: conditionsSchema.optional(),
  publishedTo: z
    .strictObject({ configMap: objectName, namespace: objectName, key: z.string().max(253).optional() })
    .optional()
    .describe('ConfigMap the flag is published in.'),
  compiledHash: z
    .string()
    .max(256)
    .optional()
    .describe('Hash of the flagd JSON last published for this flag.'),
  expired: z.boolean().optional().describe('spec.expires is in the past.'),
  rollout: rolloutStatusSchema.optional(),
  killSwitch: killSwitchStatusSchema.optional(),
  experiment: experimentResultsSchema.optional(),
});

export type RolloutPhase = z.infer<typeof rolloutPhaseSchema>;
export type RolloutStatus = z.infer<typeof rolloutStatusSchema>;
export type KillSwitchStatus = z.infer<typeof killSwitchStatusSchema>;
export type ExperimentResults = z.infer<typeof experimentResultsSchema>;
export type FeatureFlagStatus = z.infer<typeof featureFlagStatusSchema>;
