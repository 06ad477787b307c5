/**
 * Metric checks, shared by Canary analysis and guarded flag rollouts: a query
 * (builtin, inline or from a MetricTemplate) judged against a threshold range.
 * Measurements are what status keeps so a verdict can be explained later.
 */
import { z } from 'zod';
import { withRules, type CrossFieldRule } from './cross-field.js';
import { positiveDurationSchema } from './duration.js';
import { dnsLabel, objectName, stringMap, text, timeSchema } from './primitives.js';

export const thresholdRangeSchema = withRules(
  z
    .strictObject({
      min: z.number('must be a number').optional().describe('Lowest passing value (inclusive).'),
      max: z.number('must be a number').optional().describe('Highest passing value (inclusive).'),
    })
    .describe('Range a measured value must fall in to pass; at least one bound.'),
  [
    {
      message: 'needs min, max or both',
      check: (r) => r.min !== undefined || r.max !== undefined,
      cel: 'has(self.min) || has(self.max)',
    },
    {
      message: 'min must not be greater than max',
      path: ['min'],
      check: (r) => r.min === undefined || r.max === undefined || r.min <= r.max,
      cel: '!has(self.min) || !has(self.max) || self.min <= self.max',
    },
  ],
);

export const templateRefSchema = z.strictObject({
  name: objectName.describe('Name of the MetricTemplate.'),
  namespace: objectName
    .optional()
    .describe("Namespace of the MetricTemplate; defaults to the resource's own."),
});

type MetricCheckShape = {
  name: string;
  templateRef?: { name: string; namespace?: string | undefined } | undefined;
  query?: string | undefined;
};

const commonRules: CrossFieldRule<MetricCheckShape>[] = [
  {
    message: 'templateRef and query are mutually exclusive',
    path: ['query'],
    check: (m) => !(m.templateRef && m.query !== undefined),
    cel: '!(has(self.templateRef) && has(self.query))',
  },
];

/**
 * Builds the metric check schema of one context. `builtins` are the check
 * names that need neither a template nor a query there (they differ between
 * canaries and flags); when given, any other name must bring its own query.
 */
export function metricCheckSchema(builtins?: readonly string[]) {
  const rules = [...commonRules];
  if (builtins) {
    const list = builtins.map((b) => `'${b}'`).join(', ');
    rules.push({
      message: `must be a builtin metric (${builtins.join(', ')}) or have a templateRef or query`,
      path: ['name'],
      check: (m) => m.templateRef !== undefined || m.query !== undefined || builtins.includes(m.name),
      cel: `has(self.templateRef) || has(self.query) || self.name in [${list}]`,
    });
  }
  return withRules(
    z.strictObject({
      name: dnsLabel.describe('Name of the check: a builtin metric, or any name with templateRef or query.'),
      templateRef: templateRefSchema
        .optional()
        .describe('MetricTemplate holding the query and its provider.'),
      query: text(16384).optional().describe("Inline PromQL, run against the operator's default Prometheus."),
      thresholdRange: thresholdRangeSchema,
      interval: positiveDurationSchema
        .optional()
        .describe('Query window; defaults to the analysis interval.'),
      dryRun: z
        .boolean()
        .optional()
        .describe('Measure and report only; a failure never counts against the rollout.'),
      templateVariables: stringMap(32).optional().describe('Values for {{ variables.x }} in the template.'),
    }),
    rules,
  );
}

export const metricVerdictSchema = z
  .enum(['Pass', 'Fail', 'NoData', 'Unavailable'])
  .describe(
    'Pass; Fail (out of range); NoData (no series, NaN, too few requests); Unavailable (query failed).',
  );

/** One measurement of one check, as kept in status. */
export const metricMeasurementSchema = z.strictObject({
  name: dnsLabel.describe('Check name.'),
  query: z.string().max(16384).optional().describe('The rendered query that was run.'),
  value: z.number().optional().describe('Measured value; absent when there was none.'),
  thresholdRange: thresholdRangeSchema.optional(),
  samples: z.int().min(0).optional().describe('Requests or evaluations the value is based on.'),
  verdict: metricVerdictSchema,
  reason: z
    .string()
    .max(1024)
    .optional()
    .describe('Why, in CamelCase (e.g. BelowMin, NoData, MetricsUnavailable).'),
  message: z.string().max(4096).optional(),
  dryRun: z.boolean().optional(),
  time: timeSchema.describe('When it was measured.'),
});

export const metricMeasurementsSchema = z.array(metricMeasurementSchema).max(4096);

export type ThresholdRange = z.infer<typeof thresholdRangeSchema>;
export type TemplateRef = z.infer<typeof templateRefSchema>;
export type MetricCheck = z.infer<ReturnType<typeof metricCheckSchema>>;
export type MetricVerdict = z.infer<typeof metricVerdictSchema>;
export type MetricMeasurement = z.infer<typeof metricMeasurementSchema>;
