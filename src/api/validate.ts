/**
 * Validation entry points: zod issues become ValidationIssues with dotted,
 * indexed paths (`spec.rules[2].when.attribute`) and messages a person can
 * act on. Never throws: anything unexpected is itself reported as an issue.
 */
import type { z } from 'zod';
import { canarySchema, type Canary } from './canary.js';
import { ValidationError, type ResourceRef, type ValidationIssue } from './errors.js';
import { featureFlagSchema, type FeatureFlag } from './feature-flag.js';
import { metricTemplateSchema, type MetricTemplate } from './metric-template.js';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; error: ValidationError };

/** Path of the whole object, for problems that are not about one field. */
export const ROOT_PATH = '(root)';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['spec', 'rules', 2, 'when']` → `spec.rules[2].when`; odd keys are quoted. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && IDENTIFIER.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out || ROOT_PATH;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

const EXPECTED: Record<string, string> = {
  object: 'an object',
  array: 'a list',
  record: 'an object',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
};

/** One zod issue → one or more user-facing issues. */
export function toValidationIssues(issue: z.core.$ZodIssue): ValidationIssue[] {
  const path = issue.path;
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return [{ path: formatPath(path), message: 'required' }];
      const custom = !issue.message.startsWith('Invalid input');
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      const message = custom ? issue.message : `must be ${expected}, not ${describeType(issue.input)}`;
      return [{ path: formatPath(path), message }];
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: formatPath([...path, key]), message: 'unknown field' }));
    case 'invalid_key':
      return [
        {
          path: formatPath(path),
          message: `has an invalid key: ${issue.issues[0]?.message ?? issue.message}`,
        },
      ];
    case 'invalid_element':
      return issue.issues.flatMap((inner) =>
        toValidationIssues({ ...inner, path: [...path, String(issue.key), ...inner.path] }),
      );
    default:
      return [{ path: formatPath(path), message: issue.message }];
  }
}

function refOf(kind: string, obj: unknown): ResourceRef | undefined {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const meta = (obj as { metadata?: unknown }).metadata;
  if (typeof meta !== 'object' || meta === null) return undefined;
  const { name, namespace } = meta as { name?: unknown; namespace?: unknown };
  if (typeof name !== 'string') return undefined;
  return { kind, name, namespace: typeof namespace === 'string' ? namespace : undefined };
}

function validateWith<T>(kind: string, schema: z.ZodType<T>, obj: unknown): ValidationResult<T> {
  const resource = refOf(kind, obj);
  try {
    const result = schema.safeParse(obj, { reportInput: true });
    if (result.success) return { ok: true, value: result.data };
    const issues = result.error.issues.flatMap(toValidationIssues);
    return {
      ok: false,
      error: new ValidationError(
        issues,
        resource ? { resource, cause: result.error } : { cause: result.error },
      ),
    };
  } catch (err) {
    // A bug in a rule must not take a controller down: report it like bad input.
    const message = `could not be validated: ${err instanceof Error ? err.message : String(err)}`;
    return {
      ok: false,
      error: new ValidationError(
        [{ path: ROOT_PATH, message }],
        resource ? { resource, cause: err } : { cause: err },
      ),
    };
  }
}

export function validateCanary(obj: unknown): ValidationResult<Canary> {
  return validateWith('Canary', canarySchema, obj);
}

export function validateFeatureFlag(obj: unknown): ValidationResult<FeatureFlag> {
  return validateWith('FeatureFlag', featureFlagSchema, obj);
}

export function validateMetricTemplate(obj: unknown): ValidationResult<MetricTemplate> {
  return validateWith('MetricTemplate', metricTemplateSchema, obj);
}
