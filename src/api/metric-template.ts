/**
 * The MetricTemplate resource: a PromQL query template and the Prometheus it
 * runs against. Rendering is plain `{{ variable }}` substitution, never code.
 */
import { z } from 'zod';
import { conditionsSchema } from './conditions.js';
import { API_VERSION } from './group.js';
import { objectMetaSchema } from './metadata.js';
import { objectName, text } from './primitives.js';

export const metricProviderSchema = z.strictObject({
  type: z.enum(['prometheus'], 'must be prometheus').describe('Only prometheus for now.'),
  address: z
    .string()
    .max(2048, 'must be at most 2048 characters')
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL')
    .optional()
    .describe("Prometheus base URL; defaults to the operator's --prometheus-url."),
  secretRef: z
    .strictObject({ name: objectName.describe('Secret in the template namespace.') })
    .optional()
    .describe('Secret with "token" (bearer) or "username" and "password" (basic auth).'),
  insecureSkipVerify: z.boolean().optional().describe('Skip TLS verification; for test setups only.'),
});

export const metricTemplateSpecSchema = z.strictObject({
  provider: metricProviderSchema,
  query: text(16384).describe(
    'PromQL with {{ namespace }}, {{ target }}, {{ interval }} and {{ variables.x }} placeholders.',
  ),
});

export const metricTemplateStatusSchema = z.strictObject({
  observedGeneration: z.int().min(0).optional(),
  conditions: conditionsSchema.optional(),
});

export const metricTemplateSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION, `must be ${API_VERSION}`),
  kind: z.literal('MetricTemplate', 'must be MetricTemplate'),
  metadata: objectMetaSchema,
  spec: metricTemplateSpecSchema,
  status: metricTemplateStatusSchema.optional(),
});

export type MetricProvider = z.infer<typeof metricProviderSchema>;
export type MetricTemplateSpec = z.infer<typeof metricTemplateSpecSchema>;
export type MetricTemplate = z.infer<typeof metricTemplateSchema>;

export type DefaultedMetricTemplate = Omit<MetricTemplate, 'spec'> & {
  spec: Omit<MetricTemplateSpec, 'provider'> & {
    provider: Omit<MetricProvider, 'insecureSkipVerify'> & { insecureSkipVerify: boolean };
  };
};

/** Pure and idempotent; the address stays unset so the operator's default applies. */
export function withMetricTemplateDefaults(template: MetricTemplate): DefaultedMetricTemplate {
  return {
    ...template,
    spec: {
      ...template.spec,
      provider: {
        ...template.spec.provider,
        insecureSkipVerify: template.spec.provider.insecureSkipVerify ?? false,
      },
    },
  };
}
