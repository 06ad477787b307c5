/**
 * A rule's `when` → flagd JsonLogic, one operator per case. Paths in issues
 * point at the field of the FeatureFlag that is wrong.
 *
 * `equals` is strict (`===`), like `in`: flagd's loose `==` coerces, and a
 * value that does not coerce ("abc" == 1) makes the whole evaluation an
 * ERROR in flagd and in the SDK, so one stray context type would turn a rule
 * into the caller's default.
 *
 * Numeric tests guard against a missing attribute: JsonLogic compares null
 * as 0, so without the guard `lt: 18` would match everyone without an age. A
 * non-numeric value is still an evaluation ERROR (flagd's semantics).
 */
import type { ValidationIssue } from '../api/errors.js';
import type { FlagCondition } from '../api/flag-condition.js';
import { formatPath } from '../api/validate.js';
import { compileGlob } from './glob.js';
import type { Path } from './jsonlogic-check.js';
import { normalizeSemver } from './semver.js';
import type { JsonLogic } from './types.js';

export interface ConditionContext {
  issues: ValidationIssue[];
  /** What `{segment: name}` compiles to: a `$ref` in a flag, the inlined rule in an evaluator. */
  segment: (name: string, path: Path) => JsonLogic;
}

const NUMERIC = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

function fail(cx: ConditionContext, path: Path, message: string): JsonLogic {
  cx.issues.push({ path: formatPath(path), message });
  return null;
}

export function compileCondition(c: FlagCondition, path: Path, cx: ConditionContext): JsonLogic {
  if (c.all !== undefined) return { and: c.all.map((x, i) => compileCondition(x, [...path, 'all', i], cx)) };
  if (c.any !== undefined) return { or: c.any.map((x, i) => compileCondition(x, [...path, 'any', i], cx)) };
  if (c.not !== undefined) return { '!': [compileCondition(c.not, [...path, 'not'], cx)] };
  if (c.segment !== undefined) return cx.segment(c.segment, [...path, 'segment']);
  if (c.attribute === undefined) return fail(cx, path, 'needs one of attribute, all, any, not, segment');
  return compileAttributeTest(c, c.attribute, path, cx);
}

function compileAttributeTest(
  c: FlagCondition,
  attribute: string,
  path: Path,
  cx: ConditionContext,
): JsonLogic {
  if (attribute.startsWith('$flagd.') && attribute !== '$flagd.timestamp' && attribute !== '$flagd.flagKey') {
    return fail(
      cx,
      [...path, 'attribute'],
      `flagd provides only $flagd.timestamp and $flagd.flagKey, not ${attribute}`,
    );
  }
  const attr: JsonLogic = { var: attribute };
  if (c.equals !== undefined) return { '===': [attr, c.equals] };
  if (c.in !== undefined) return { in: [attr, c.in] };
  if (c.notIn !== undefined) return { '!': [{ in: [attr, c.notIn] }] };
  if (c.startsWith !== undefined) return { starts_with: [attr, c.startsWith] };
  if (c.endsWith !== undefined) return { ends_with: [attr, c.endsWith] };
  if (c.matches !== undefined) {
    const glob = compileGlob(c.matches, attr);
    return glob.ok ? glob.logic : fail(cx, [...path, 'matches'], glob.message);
  }
  for (const [field, op] of Object.entries(NUMERIC)) {
    const bound = c[field as keyof typeof NUMERIC];
    if (bound !== undefined) return { and: [{ '!=': [attr, null] }, { [op]: [attr, bound] }] };
  }
  if (c.semver !== undefined) {
    const version = normalizeSemver(c.semver.version);
    if (version === undefined) {
      return fail(
        cx,
        [...path, 'semver', 'version'],
        `${JSON.stringify(c.semver.version)} is not a semantic version such as 1.2.3`,
      );
    }
    return { sem_ver: [attr, c.semver.op, version] };
  }
  return fail(
    cx,
    path,
    'an attribute test needs one operator (equals, in, notIn, startsWith, endsWith, matches, lt, lte, gt, gte, semver)',
  );
}
