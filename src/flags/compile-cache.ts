/**
 * Memo of validation and compilation per FeatureFlag, so reconciling a set of
 * thousands of flags after one changed re-validates and recompiles only that
 * one. An entry is reused while the object's uid and resourceVersion are the
 * same (status writes change resourceVersion, so status-driven state is
 * covered) and every segment the compile looked up still has the same
 * definition. Objects without a resourceVersion (tests) are never cached.
 *
 * It only remembers results of pure functions: dropping it at any time, or a
 * restart, changes nothing but speed.
 */
import type { FeatureFlag } from '../api/feature-flag.js';
import type { ValidationIssue } from '../api/errors.js';
import { validateFeatureFlag, type ValidationResult } from '../api/validate.js';
import { compileValidFlag } from './compile.js';
import type { SegmentDef, SegmentPool } from './segments.js';
import type { CompileResult } from './types.js';

interface Meta {
  id: string | undefined;
  rv: string | undefined;
}

interface CompiledEntry {
  rv: string;
  deps: ReadonlyMap<string, string | null>;
  segmentIssues: string;
  result: CompileResult;
}

function metaOf(obj: unknown): Meta {
  const m = (
    obj as {
      metadata?: { uid?: unknown; namespace?: unknown; name?: unknown; resourceVersion?: unknown };
    } | null
  )?.metadata;
  const uid = typeof m?.uid === 'string' && m.uid ? m.uid : undefined;
  const ns = typeof m?.namespace === 'string' ? m.namespace : '';
  const id = uid ?? (typeof m?.name === 'string' ? `${ns}/${m.name}` : undefined);
  return {
    id,
    rv: typeof m?.resourceVersion === 'string' && m.resourceVersion ? m.resourceVersion : undefined,
  };
}

export class FlagCompileCache {
  private readonly validated = new Map<string, { rv: string; result: ValidationResult<FeatureFlag> }>();
  private readonly compiled = new Map<string, CompiledEntry>();
  /** Counts of work done, for the benchmark and tests. */
  readonly stats = { validations: 0, compilations: 0 };

  validate(obj: unknown): ValidationResult<FeatureFlag> {
    const { id, rv } = metaOf(obj);
    const hit = id !== undefined ? this.validated.get(id) : undefined;
    if (hit && rv !== undefined && hit.rv === rv) return hit.result;
    this.stats.validations++;
    const result = validateFeatureFlag(obj);
    if (id !== undefined && rv !== undefined) this.validated.set(id, { rv, result });
    return result;
  }

  /** `obj` is the raw object `flag` was validated from (for its identity). */
  compile(
    obj: unknown,
    flag: FeatureFlag,
    pool: SegmentPool,
    segmentIssues: readonly ValidationIssue[] = [],
  ): CompileResult {
    const { id, rv } = metaOf(obj);
    const issuesKey = JSON.stringify(segmentIssues);
    const hit = id !== undefined ? this.compiled.get(id) : undefined;
    if (
      hit &&
      rv !== undefined &&
      hit.rv === rv &&
      hit.segmentIssues === issuesKey &&
      depsHold(hit.deps, pool)
    )
      return hit.result;
    this.stats.compilations++;
    const deps = new Map<string, string | null>();
    const recording: SegmentPool = {
      get: (name: string): SegmentDef | undefined => {
        const def = pool.get(name);
        deps.set(name, def?.canonical ?? null);
        return def;
      },
      keys: () => pool.keys(),
    };
    const result = compileValidFlag(flag, { segments: recording, segmentIssues });
    if (id !== undefined && rv !== undefined)
      this.compiled.set(id, { rv, deps, segmentIssues: issuesKey, result });
    return result;
  }

  /** Forgets flags that no longer exist (ids as metadata.uid, or namespace/name without one). */
  retain(live: ReadonlySet<string>): void {
    for (const id of this.validated.keys()) if (!live.has(id)) this.validated.delete(id);
    for (const id of this.compiled.keys()) if (!live.has(id)) this.compiled.delete(id);
  }

  static idOf(obj: unknown): string | undefined {
    return metaOf(obj).id;
  }
}

function depsHold(deps: ReadonlyMap<string, string | null>, pool: SegmentPool): boolean {
  for (const [name, canonical] of deps) if ((pool.get(name)?.canonical ?? null) !== canonical) return false;
  return true;
}
