/**
 * The Canary resource: a Deployment released progressively behind Istio,
 * judged by Prometheus (DESIGN.md, "Canary"). Field names follow Flagger's,
 * which users know.
 */
import { z } from 'zod';
import { canaryAnalysisSchema } from './canary-analysis.js';
import { canaryServiceSchema } from './canary-service.js';
import { canaryStatusSchema } from './canary-status.js';
import { API_VERSION } from './group.js';
import { objectMetaSchema } from './metadata.js';
import { intRange, objectName } from './primitives.js';

export const targetRefSchema = z.strictObject({
  apiVersion: z.enum(['apps/v1'], 'must be apps/v1').optional().describe('Defaults to apps/v1.'),
  kind: z.enum(['Deployment'], 'must be Deployment').optional().describe('Defaults to Deployment.'),
  name: objectName.describe('Name of the Deployment, in the Canary namespace.'),
});

export const autoscalerRefSchema = z.strictObject({
  apiVersion: z
    .enum(['autoscaling/v2'], 'must be autoscaling/v2')
    .optional()
    .describe('Defaults to autoscaling/v2.'),
  kind: z.enum(['HorizontalPodAutoscaler'], 'must be HorizontalPodAutoscaler').optional(),
  name: objectName.describe('HPA of the target; Fledge creates a copy for the primary.'),
});

export const canarySpecSchema = z.strictObject({
  targetRef: targetRefSchema,
  autoscalerRef: autoscalerRefSchema.optional(),
  progressDeadlineSeconds: intRange(1, 86_400)
    .optional()
    .describe('Longest a phase may wait for pods to become ready, in every phase; defaults to 600.'),
  skipAnalysis: z.boolean().optional().describe('Promote new revisions without running checks.'),
  suspend: z.boolean().optional().describe('Freeze in place: no weight change, no promotion, no rollback.'),
  revertOnDeletion: z
    .boolean()
    .optional()
    .describe('On deletion, give the target its replicas and traffic back before removing owned objects.'),
  service: canaryServiceSchema,
  analysis: canaryAnalysisSchema.optional(),
});

export const canarySchema = z.strictObject({
  apiVersion: z.literal(API_VERSION, `must be ${API_VERSION}`),
  kind: z.literal('Canary', 'must be Canary'),
  metadata: objectMetaSchema,
  spec: canarySpecSchema,
  status: canaryStatusSchema.optional(),
});

export type TargetRef = z.infer<typeof targetRefSchema>;
export type AutoscalerRef = z.infer<typeof autoscalerRefSchema>;
export type CanarySpec = z.infer<typeof canarySpecSchema>;
export type Canary = z.infer<typeof canarySchema>;
