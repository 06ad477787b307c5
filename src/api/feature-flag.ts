/**
 * The FeatureFlag resource: one flag in flagd's shape (`state`, `variants`,
 * `defaultVariant`, `targeting`) plus sugar the flag compiler turns into flagd
 * JsonLogic (DESIGN.md, "FeatureFlag").
 *
 * Sugar and raw `targeting` are exclusive: a flag is either written with
 * `rules`/`rollout`/`distribution`, or with JsonLogic, never half of each.
 * Rules are evaluated in order and the first match wins; then `rollout` or
 * `distribution` splits everyone else; otherwise `defaultVariant`.
 *
 * Shared segments: `segments` are named conditions published into the flag
 * set's flagd `$evaluators`; rules reference them with `when: {segment}` and
 * raw targeting with `{"$ref": name}`. Names are shared by every flag of the
 * set, so one definition can serve many flags (two flags defining the same
 * name differently is an error of the later flag, reported in its status).
 */
import { z } from 'zod';
import { uniqueBy, withRules } from './cross-field.js';
import { featureFlagRules } from './feature-flag-rules.js';
import { featureFlagStatusSchema } from './feature-flag-status.js';
import { flagConditionSchema, segmentNameSchema } from './flag-condition.js';
import { distributionSchema, killSwitchSchema, rolloutSchema, variantNameSchema } from './flag-rollout.js';
import { API_VERSION } from './group.js';
import { objectMetaSchema } from './metadata.js';
import { dateSchema, dnsLabel, freeFormObject, PRESERVE_UNKNOWN, text } from './primitives.js';

export const FLAG_TYPES = ['release', 'experiment', 'ops', 'permission'] as const;

/** A variant's value: flagd allows booleans, strings, numbers and objects. */
export const variantValueSchema = z
  .union(
    [z.boolean(), z.string().max(65_536), z.number(), z.record(z.string(), z.json())],
    'must be a boolean, string, number or object',
  )
  .meta({ [PRESERVE_UNKNOWN]: true });

export const flagRuleSchema = z.strictObject({
  name: dnsLabel.describe('Name of the rule, unique in the flag; shown in evaluation details.'),
  when: flagConditionSchema,
  variant: variantNameSchema.describe('Variant served when the condition holds.'),
});

export const featureFlagSpecSchema = withRules(
  z.strictObject({
    key: text(256).optional().describe('Flag key in flagd; defaults to metadata.name.'),
    description: z.string().max(4096).optional(),
    flagSet: dnsLabel
      .optional()
      .describe(
        'Flag set, published as ConfigMap fledge-flags-<flagSet> in the namespace; defaults to default.',
      ),
    type: z
      .enum(FLAG_TYPES, `must be one of: ${FLAG_TYPES.join(', ')}`)
      .optional()
      .describe('Lifecycle hint: release, experiment, ops or permission; defaults to release.'),
    owner: z.string().max(256).optional().describe('Team or person responsible.'),
    expires: dateSchema.optional().describe('YYYY-MM-DD after which the flag is reported stale.'),
    state: z
      .enum(['ENABLED', 'DISABLED'], 'must be ENABLED or DISABLED')
      .optional()
      .describe('Defaults to ENABLED.'),
    variants: z
      .record(variantNameSchema, variantValueSchema, 'must be a map of variant name to value')
      .refine((v) => Object.keys(v).length >= 1, 'must have at least one variant')
      .refine((v) => Object.keys(v).length <= 64, 'must have at most 64 variants')
      .meta({ minProperties: 1, maxProperties: 64 })
      .describe('Variant name → value; all values of one JSON type.'),
    defaultVariant: variantNameSchema.describe('Variant served when nothing else applies.'),
    targeting: freeFormObject
      .optional()
      .describe('Raw flagd JsonLogic; exclusive with rules, rollout, distribution.'),
    rules: uniqueBy(z.array(flagRuleSchema).max(64, 'must have at most 64 rules'), 'name').optional(),
    rollout: rolloutSchema.optional(),
    distribution: distributionSchema
      .optional()
      .describe('Experiment: everyone not matched by a rule, split by weight.'),
    killSwitch: killSwitchSchema.optional(),
    segments: z
      .record(segmentNameSchema, flagConditionSchema, 'must be a map of segment name to condition')
      .refine((s) => Object.keys(s).length <= 64, 'must have at most 64 segments')
      .optional()
      .meta({ maxProperties: 64 })
      .describe('Named conditions shared by the flag set (flagd $evaluators).'),
  }),
  featureFlagRules,
);

export const featureFlagSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION, `must be ${API_VERSION}`),
  kind: z.literal('FeatureFlag', 'must be FeatureFlag'),
  metadata: objectMetaSchema,
  spec: featureFlagSpecSchema,
  status: featureFlagStatusSchema.optional(),
});

export type FlagType = (typeof FLAG_TYPES)[number];
export type VariantValue = z.infer<typeof variantValueSchema>;
export type FlagRule = z.infer<typeof flagRuleSchema>;
export type FeatureFlagSpec = z.infer<typeof featureFlagSpecSchema>;
export type FeatureFlag = z.infer<typeof featureFlagSchema>;
