/**
 * Shared segments. Any FeatureFlag of a set may define named conditions in
 * `spec.segments`; every flag of the same set may use them (`when: {segment}`
 * in rules, `{"$ref": name}` in raw targeting). They are published as flagd
 * `$evaluators`.
 *
 * - The first definition of a name wins, in the order the caller gives
 *   (oldest flag first, then key): a newer flag cannot break an older one. A
 *   later flag defining the same name differently is invalid (its path says
 *   so) and keeps its last good version.
 * - An evaluator is published fully inlined: a segment using another segment
 *   is expanded, because flagd implementations resolve nested `$ref`s
 *   differently (some in one textual pass, in key order).
 */
import type { ValidationIssue } from '../api/errors.js';
import type { FlagCondition } from '../api/flag-condition.js';
import { formatPath } from '../api/validate.js';
import { canonicalJson } from './canonical-json.js';
import { compileCondition } from './condition.js';
import type { Path } from './jsonlogic-check.js';
import type { JsonLogic } from './types.js';

export interface SegmentDef {
  name: string;
  /** Key of the flag that defines it. */
  owner: string;
  condition: FlagCondition;
  /** canonicalJson(condition), to compare definitions. */
  canonical: string;
}

/** Read access to a set's segments (a Map, or a wrapper recording what a compile looked up). */
export type SegmentPool = Pick<ReadonlyMap<string, SegmentDef>, 'get' | 'keys'>;

export interface SegmentSource {
  key: string;
  segments?: Readonly<Record<string, FlagCondition>> | undefined;
}

export interface BuiltPool {
  pool: ReadonlyMap<string, SegmentDef>;
  /** Issues of flags whose segment definitions lost to an earlier flag's. */
  conflicts: ReadonlyMap<string, ValidationIssue[]>;
}

/** Collects every segment of a set; `flags` in precedence order (oldest first). */
export function buildSegmentPool(flags: readonly SegmentSource[]): BuiltPool {
  const pool = new Map<string, SegmentDef>();
  const conflicts = new Map<string, ValidationIssue[]>();
  for (const flag of flags) {
    for (const [name, condition] of Object.entries(flag.segments ?? {})) {
      const canonical = canonicalJson(condition);
      const existing = pool.get(name);
      if (!existing) {
        pool.set(name, { name, owner: flag.key, condition, canonical });
      } else if (existing.canonical !== canonical && existing.owner !== flag.key) {
        const list = conflicts.get(flag.key) ?? [];
        list.push({
          path: formatPath(['spec', 'segments', name]),
          message: `segment "${name}" is already defined differently by flag "${existing.owner}" of this flag set; use another name or the same definition`,
        });
        conflicts.set(flag.key, list);
      }
    }
  }
  return { pool, conflicts };
}

/**
 * The inlined JsonLogic of a segment. Problems inside it are reported once,
 * at `path` (where it is used), naming the flag that defines it.
 */
export function inlineSegment(
  name: string,
  pool: SegmentPool,
  path: Path,
  issues: ValidationIssue[],
  stack: readonly string[] = [],
): JsonLogic {
  const def = pool.get(name);
  if (!def) {
    const known = [...pool.keys()].sort().join(', ') || 'none';
    issues.push({
      path: formatPath(path),
      message: `unknown segment "${name}" (segments of this flag set: ${known})`,
    });
    return null;
  }
  if (stack.includes(name)) {
    issues.push({ path: formatPath(path), message: `segment cycle: ${[...stack, name].join(' → ')}` });
    return null;
  }
  const inner: ValidationIssue[] = [];
  const logic = compileCondition(def.condition, ['spec', 'segments', name], {
    issues: inner,
    segment: (other, at) => inlineSegment(other, pool, at, inner, [...stack, name]),
  });
  for (const i of inner) {
    issues.push({
      path: formatPath(path),
      message: `segment "${name}" of flag "${def.owner}" is invalid: ${i.path}: ${i.message}`,
    });
  }
  return logic;
}
