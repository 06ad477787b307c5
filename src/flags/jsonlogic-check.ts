/**
 * Checks raw JsonLogic targeting before it is published, so a flag set
 * always validates against flagd's targeting schema (flagd.dev/schema/v0/
 * targeting.json) and evaluates the same in flagd and every in-process
 * provider. The allowlist and arities mirror that schema; where the schema
 * is looser than what evaluators do (literal arrays, fractional weights,
 * variant names) this is stricter, never looser.
 */
import type { ValidationIssue } from '../api/errors.js';
import { formatPath } from '../api/validate.js';

export type Path = readonly (string | number)[];

type Arity = readonly [min: number, max: number];
const ANY = Number.POSITIVE_INFINITY;

/** Operators whose arguments are all plain JsonLogic arguments, with their arity. */
const PLAIN: Readonly<Record<string, Arity>> = {
  if: [1, ANY],
  '==': [2, 2],
  '===': [2, 2],
  '!=': [2, 2],
  '!==': [2, 2],
  '>': [2, 2],
  '>=': [2, 2],
  '%': [2, 2],
  '/': [2, 2],
  map: [2, 2],
  filter: [2, 2],
  all: [2, 2],
  none: [2, 2],
  some: [2, 2],
  in: [2, 2],
  substr: [2, 3],
  '<': [2, 3],
  '<=': [2, 3],
  reduce: [3, 3],
  '*': [2, ANY],
  or: [1, ANY],
  and: [1, ANY],
  '+': [1, ANY],
  '-': [1, ANY],
  max: [1, ANY],
  min: [1, ANY],
  merge: [1, ANY],
  cat: [1, ANY],
};

const SPECIAL = [
  'var',
  'missing',
  'missing_some',
  '!',
  '!!',
  'starts_with',
  'ends_with',
  'sem_ver',
  'fractional',
];

/** Every operator flagd accepts: JsonLogic's and flagd's own. */
export const ALLOWED_OPERATORS: readonly string[] = [...Object.keys(PLAIN), ...SPECIAL].sort();

export const SEMVER_OPERATORS = ['=', '!=', '>', '<', '>=', '<=', '~', '^'];
/** flagd's semVerString pattern (strict semver 2.0.0). */
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
/** Total weight flagd accepts in one fractional (MaxInt32). */
export const MAX_TOTAL_WEIGHT = 2_147_483_647;
const MAX_DEPTH = 64;

export interface CheckContext {
  /** Variant names of the flag: literal results and fractional buckets must be one of them. */
  variants?: readonly string[];
  /** Collects every `$ref` name met (with where it was first met), for the caller to resolve. */
  refs: Map<string, Path>;
  issues: ValidationIssue[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function report(cx: CheckContext, path: Path, message: string): void {
  cx.issues.push({ path: formatPath(path), message });
}

/** A whole targeting (or `$evaluators` entry): `{}` or one rule; never a bare `$ref`. */
export function checkTargeting(node: unknown, path: Path, cx: CheckContext): void {
  if (isObject(node) && Object.keys(node).length === 0) return;
  if (isObject(node) && Object.keys(node).length === 1 && '$ref' in node) {
    report(
      cx,
      path,
      'a $ref cannot be the whole targeting (flagd\'s schema); wrap it, e.g. {"if": [{"$ref": "x"}, "on", null]}',
    );
    return;
  }
  checkRule(node, path, cx, 0, true);
}

function checkRule(node: unknown, path: Path, cx: CheckContext, depth: number, result: boolean): void {
  if (depth > MAX_DEPTH) return report(cx, path, `nests deeper than ${MAX_DEPTH} levels`);
  if (!isObject(node)) return report(cx, path, 'must be a JsonLogic rule: an object with one operator');
  const keys = Object.keys(node);
  const op = keys[0];
  if (keys.length !== 1 || op === undefined) {
    return report(
      cx,
      path,
      `must have exactly one operator, not ${keys.length} (${keys.join(', ') || 'none'})`,
    );
  }
  const args = node[op];
  const at = [...path, op];
  const arity = PLAIN[op];
  if (arity) {
    if (!Array.isArray(args)) return report(cx, at, `${op} takes a list of arguments`);
    if (args.length < arity[0] || args.length > arity[1])
      return report(cx, at, `${op} takes ${describeArity(arity)}, not ${args.length}`);
    args.forEach((a, i) =>
      checkArg(a, [...at, i], cx, depth + 1, result && op === 'if' && isIfResult(i, args.length)),
    );
    return;
  }
  switch (op) {
    case 'var':
      return checkVar(args, at, cx, depth);
    case 'missing':
      if (!Array.isArray(args) || !args.every((a) => typeof a === 'string'))
        report(cx, at, 'missing takes a list of attribute names');
      return;
    case 'missing_some':
      if (
        !Array.isArray(args) ||
        args.length !== 2 ||
        typeof args[0] !== 'number' ||
        !Array.isArray(args[1]) ||
        !args[1].every((a) => typeof a === 'string')
      ) {
        report(cx, at, 'missing_some takes [minimum, [attribute names]]');
      }
      return;
    case '!':
    case '!!':
      if (Array.isArray(args) && args.length === 1) checkArg(args[0], [...at, 0], cx, depth + 1, false);
      else checkArg(args, at, cx, depth + 1, false);
      return;
    case 'starts_with':
    case 'ends_with':
      return checkStringCompare(op, args, at, cx, depth);
    case 'sem_ver':
      return checkSemVer(args, at, cx, depth);
    case 'fractional':
      return checkFractional(args, at, cx, depth);
    default:
      return report(
        cx,
        path,
        `unknown operator ${JSON.stringify(op)}; flagd knows: ${ALLOWED_OPERATORS.join(' ')}`,
      );
  }
}

/** In `if` [c1, r1, c2, r2, …, else], the results are the odd positions and a trailing else. */
function isIfResult(i: number, length: number): boolean {
  return i % 2 === 1 || (i === length - 1 && length % 2 === 1 && length > 1);
}

function describeArity([min, max]: Arity): string {
  if (min === max) return `${min} argument${min === 1 ? '' : 's'}`;
  return max === ANY ? `at least ${min} argument${min === 1 ? '' : 's'}` : `${min} to ${max} arguments`;
}

/** An argument: a rule, a `$ref`, or a literal (arrays are checked element by element). */
function checkArg(node: unknown, path: Path, cx: CheckContext, depth: number, result: boolean): void {
  if (depth > MAX_DEPTH) return report(cx, path, `nests deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(node)) {
    node.forEach((a, i) => checkArg(a, [...path, i], cx, depth + 1, false));
    return;
  }
  if (isObject(node)) {
    const keys = Object.keys(node);
    if (keys.length === 1 && keys[0] === '$ref') return checkRef(node.$ref, [...path, '$ref'], cx);
    return checkRule(node, path, cx, depth, result);
  }
  if (result && typeof node === 'string' && cx.variants && !cx.variants.includes(node)) {
    report(cx, path, `${JSON.stringify(node)} is not one of the variants (${cx.variants.join(', ')})`);
  }
}

function checkRef(name: unknown, path: Path, cx: CheckContext): void {
  if (typeof name !== 'string' || name === '') return report(cx, path, '$ref must name an evaluator');
  if (!cx.refs.has(name)) cx.refs.set(name, path);
}

function checkVar(args: unknown, path: Path, cx: CheckContext, depth: number): void {
  const name: unknown = Array.isArray(args) ? (args as unknown[])[0] : args;
  if (typeof name === 'string') {
    if (name.startsWith('$flagd.') && name !== '$flagd.timestamp' && name !== '$flagd.flagKey') {
      report(cx, path, `flagd provides only $flagd.timestamp and $flagd.flagKey, not ${name}`);
    }
  } else if (isObject(name)) {
    checkRule(name, Array.isArray(args) ? [...path, 0] : path, cx, depth + 1, false);
  } else if (typeof name !== 'number') {
    report(cx, path, 'var takes an attribute name');
  }
  if (Array.isArray(args)) {
    args.slice(1).forEach((d, i) => {
      if (d !== null && typeof d === 'object')
        report(cx, [...path, i + 1], 'a var default must be a string, number, boolean or null');
    });
  }
}

function checkStringCompare(op: string, args: unknown, path: Path, cx: CheckContext, depth: number): void {
  if (!Array.isArray(args) || args.length !== 2)
    return report(cx, path, `${op} takes 2 arguments: [value, string]`);
  args.forEach((a, i) => {
    if (typeof a === 'string') return;
    if (isObject(a) && !('$ref' in a)) return checkRule(a, [...path, i], cx, depth + 1, false);
    report(cx, [...path, i], `${op} arguments must be strings or rules such as {"var": "email"}`);
  });
}

function checkSemVer(args: unknown, path: Path, cx: CheckContext, depth: number): void {
  if (!Array.isArray(args) || args.length !== 3)
    return report(cx, path, 'sem_ver takes 3 arguments: [version, operator, version]');
  const [left, op, right] = args as [unknown, unknown, unknown];
  if (typeof op !== 'string' || !SEMVER_OPERATORS.includes(op)) {
    report(cx, [...path, 1], `must be one of ${SEMVER_OPERATORS.join(' ')}`);
  }
  for (const [i, v] of [
    [0, left],
    [2, right],
  ] as const) {
    if (typeof v === 'string') {
      if (!SEMVER_PATTERN.test(v))
        report(cx, [...path, i], `${JSON.stringify(v)} is not a semantic version such as 1.2.3`);
    } else if (isObject(v) && Object.keys(v).length === 1 && 'var' in v) {
      checkRule(v, [...path, i], cx, depth + 1, false);
    } else {
      report(cx, [...path, i], 'must be a version string or {"var": …}');
    }
  }
}

function checkFractional(args: unknown, path: Path, cx: CheckContext, depth: number): void {
  if (!Array.isArray(args))
    return report(cx, path, 'fractional takes a list: [bucketBy?, [variant, weight], …]');
  const shorthand = args.length > 0 && Array.isArray(args[0]);
  const buckets = shorthand ? args : args.slice(1);
  if (!shorthand) {
    if (args.length === 0) return report(cx, path, 'fractional needs at least two buckets');
    checkRule(args[0], [...path, 0], cx, depth + 1, false);
  }
  if (buckets.length < 2) return report(cx, path, 'fractional needs at least two buckets');
  let total = 0;
  buckets.forEach((b, j) => {
    const i = shorthand ? j : j + 1;
    if (!Array.isArray(b) || b.length < 1 || b.length > 2 || typeof b[0] !== 'string') {
      return report(cx, [...path, i], 'a bucket is [variant] or [variant, weight]');
    }
    const weight: unknown = b.length === 2 ? b[1] : 1;
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0) {
      return report(cx, [...path, i, 1], 'a weight must be a whole number of at least 0');
    }
    total += weight;
    if (cx.variants && !cx.variants.includes(b[0])) {
      report(
        cx,
        [...path, i, 0],
        `${JSON.stringify(b[0])} is not one of the variants (${cx.variants.join(', ')})`,
      );
    }
  });
  if (total === 0) report(cx, path, 'the weights sum to 0: nobody would get a variant');
  if (total > MAX_TOTAL_WEIGHT)
    report(cx, path, `the weights sum to ${total}, over flagd's limit of ${MAX_TOTAL_WEIGHT}`);
}
