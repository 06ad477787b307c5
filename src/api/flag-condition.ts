/**
 * The `when` of a flag rule: a test on one attribute of the evaluation context,
 * or a combination (`all`, `any`, `not`), or a named `segment`. The flag
 * compiler turns it into flagd JsonLogic (`in`, `starts_with`, `sem_ver`, …).
 *
 * It is one flat object rather than a union so a mistake is reported at the
 * field (`when.attribute: required`) instead of as "matches no alternative".
 */
import { z } from 'zod';
import { withRules } from './cross-field.js';
import { PRESERVE_UNKNOWN, text } from './primitives.js';

export const SEMVER_OPS = ['=', '!=', '<', '<=', '>', '>=', '^', '~'] as const;

/** Operators of an attribute test; exactly one per condition. */
export const ATTRIBUTE_OPERATORS = [
  'equals',
  'in',
  'notIn',
  'startsWith',
  'endsWith',
  'matches',
  'lt',
  'lte',
  'gt',
  'gte',
  'semver',
] as const;

const FORMS = ['attribute', 'all', 'any', 'not', 'segment'] as const;

export const SEGMENT_NAME_PATTERN = '^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$';

export const segmentNameSchema = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(new RegExp(SEGMENT_NAME_PATTERN), 'must be letters, digits, "-", "_" or "."');

/** A context value a condition compares with. */
export const scalarSchema = z
  .union([z.string().max(1024), z.number(), z.boolean()], 'must be a string, number or boolean')
  .meta({ [PRESERVE_UNKNOWN]: true });

export const semverTestSchema = z.strictObject({
  op: z.enum(SEMVER_OPS, `must be one of: ${SEMVER_OPS.join(' ')}`),
  version: z
    .string()
    .max(128)
    .regex(/^v?[0-9]+(\.[0-9]+){0,2}([-+][0-9A-Za-z.+-]*)?$/, 'must be a version such as 1.2.3'),
});

export type SemverOp = (typeof SEMVER_OPS)[number];
export type Scalar = string | number | boolean;

export interface FlagCondition {
  /** Context attribute tested (`targetingKey`, `email`, `plan`, …). */
  attribute?: string | undefined;
  equals?: Scalar | undefined;
  in?: Scalar[] | undefined;
  notIn?: Scalar[] | undefined;
  startsWith?: string | undefined;
  endsWith?: string | undefined;
  /** Glob: `*` is any run of characters, `?` one character (`*@company.com`). */
  matches?: string | undefined;
  lt?: number | undefined;
  lte?: number | undefined;
  gt?: number | undefined;
  gte?: number | undefined;
  semver?: { op: SemverOp; version: string } | undefined;
  all?: FlagCondition[] | undefined;
  any?: FlagCondition[] | undefined;
  not?: FlagCondition | undefined;
  /** A named segment of the flag set (published as a flagd `$evaluators` entry). */
  segment?: string | undefined;
}

const MAX_CHILDREN = 16;
const present = (c: FlagCondition, keys: readonly string[]) =>
  keys.filter((k) => (c as Record<string, unknown>)[k] !== undefined);

export const flagConditionSchema: z.ZodType<FlagCondition> = withRules(
  z.strictObject({
    attribute: text(256).optional(),
    equals: scalarSchema.optional(),
    in: z.array(scalarSchema).max(10_000).optional(),
    notIn: z.array(scalarSchema).max(10_000).optional(),
    startsWith: z.string().max(1024).optional(),
    endsWith: z.string().max(1024).optional(),
    matches: z.string().max(1024).optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    semver: semverTestSchema.optional(),
    get all(): z.ZodOptional<z.ZodArray<z.ZodType<FlagCondition>>> {
      return z.array(flagConditionSchema).min(1, 'must not be empty').max(MAX_CHILDREN).optional();
    },
    get any(): z.ZodOptional<z.ZodArray<z.ZodType<FlagCondition>>> {
      return z.array(flagConditionSchema).min(1, 'must not be empty').max(MAX_CHILDREN).optional();
    },
    get not(): z.ZodOptional<z.ZodType<FlagCondition>> {
      return flagConditionSchema.optional();
    },
    segment: segmentNameSchema.optional(),
  }),
  [
    {
      message: 'required when an operator is given',
      path: ['attribute'],
      check: (c) => c.attribute !== undefined || present(c, ATTRIBUTE_OPERATORS).length === 0,
    },
    {
      message: `needs exactly one of ${FORMS.join(', ')}`,
      // Operators without an attribute are reported by the rule above, once.
      check: (c) =>
        (c.attribute === undefined && present(c, ATTRIBUTE_OPERATORS).length > 0) ||
        present(c, FORMS).length === 1,
      cel: FORMS.map((f) => `(has(self.${f}) ? 1 : 0)`).join(' + ') + ' == 1',
    },
    {
      message: `an attribute test needs exactly one operator (${ATTRIBUTE_OPERATORS.join(', ')})`,
      check: (c) => c.attribute === undefined || present(c, ATTRIBUTE_OPERATORS).length === 1,
    },
  ],
);
