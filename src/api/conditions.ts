/**
 * Status conditions with Kubernetes' conventions (metav1.Condition), so
 * `kubectl wait --for=condition=Ready`, Argo CD and Flux read them.
 */
import { z } from 'zod';
import { uniqueBy } from './cross-field.js';
import { text, timeSchema } from './primitives.js';

export const conditionStatusSchema = z.enum(['True', 'False', 'Unknown']);

export const conditionSchema = z.strictObject({
  /** CamelCase, e.g. `Ready`, `Promoted`, `Stale`. */
  type: text(316).describe('Type of condition in CamelCase, e.g. Ready or Promoted.'),
  status: conditionStatusSchema.describe('True, False or Unknown.'),
  /** CamelCase machine-readable cause of the last transition. */
  reason: z
    .string()
    .max(1024)
    .optional()
    .describe('Machine-readable CamelCase reason for the last transition.'),
  message: z.string().max(32768).optional().describe('Human-readable detail about the transition.'),
  observedGeneration: z.int().min(0).optional().describe('metadata.generation the condition was set for.'),
  lastTransitionTime: timeSchema.optional().describe('Last time the status changed.'),
});

export const conditionsSchema = uniqueBy(z.array(conditionSchema).max(32), 'type');

export type ConditionStatus = z.infer<typeof conditionStatusSchema>;
export type Condition = z.infer<typeof conditionSchema>;
