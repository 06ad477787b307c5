/**
 * One FeatureFlag → one flagd flag (plus the `$evaluators` it uses). Pure:
 * no I/O, never throws; every problem is an issue with the field path.
 *
 * Targeting precedence: a flag has either raw `targeting` (published as
 * written, after checks) or sugar (`rules`, `rollout`, `distribution`,
 * compiled), never both (a validation error); with neither, it has no
 * targeting and always serves `defaultVariant` (reason STATIC).
 *
 * `override` is what the run-time state in status imposes (a fired kill
 * switch, a rolled-back guarded rollout): it is applied last, so it wins over
 * the spec.
 */
import type { ValidationIssue } from '../api/errors.js';
import { withFeatureFlagDefaults, type DefaultedFeatureFlagSpec } from '../api/feature-flag-defaults.js';
import type { FeatureFlag } from '../api/feature-flag.js';
import { ROOT_PATH, formatPath, validateFeatureFlag } from '../api/validate.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { compileCondition, type ConditionContext } from './condition.js';
import { checkTargeting, type CheckContext, type Path } from './jsonlogic-check.js';
import { compileDistribution, compileRollout, type RolloutState } from './rollout.js';
import { compileRules } from './rules.js';
import { runtimeOf } from './runtime-state.js';
import { inlineSegment, type SegmentPool } from './segments.js';
import type { CompileResult, FlagdFlag, JsonLogic } from './types.js';

export type FlagOverride = { kind: 'disable' } | { kind: 'serve'; variant: string };

export interface CompileOptions {
  /** Segments of the flag's set (buildSegmentPool). */
  segments?: SegmentPool;
  /** This flag's lost segment conflicts (BuiltPool.conflicts). */
  segmentIssues?: readonly ValidationIssue[];
  rollout?: RolloutState;
  override?: FlagOverride;
}

/** Validates (src/api) then compiles a FeatureFlag as read from the API. */
export function compileFeatureFlag(obj: unknown, options: CompileOptions = {}): CompileResult {
  const validated = validateFeatureFlag(obj);
  if (!validated.ok) return { ok: false, issues: [...validated.error.issues] };
  return compileValidFlag(validated.value, options);
}

/**
 * Compiles a FeatureFlag that passed validateFeatureFlag. Run-time state not
 * given in `options` is read from the flag's status (runtimeOf).
 */
export function compileValidFlag(ff: FeatureFlag, options: CompileOptions = {}): CompileResult {
  try {
    const flag = withFeatureFlagDefaults(ff);
    const runtime = runtimeOf(flag);
    return compileSpec(flag.spec, {
      rollout: runtime.rollout,
      ...(runtime.override ? { override: runtime.override } : {}),
      ...options,
    });
  } catch (err) {
    // A compiler bug must not take the set down: it is this flag's problem.
    return {
      ok: false,
      issues: [
        {
          path: ROOT_PATH,
          message: `could not be compiled: ${err instanceof Error ? err.message : String(err)}`,
        },
      ],
    };
  }
}

function compileSpec(spec: DefaultedFeatureFlagSpec, options: CompileOptions): CompileResult {
  const issues: ValidationIssue[] = [...(options.segmentIssues ?? [])];
  const pool: SegmentPool = options.segments ?? new Map();
  const variants = Object.keys(spec.variants);
  const refs = new Map<string, Path>();

  // Own segments are checked even when no flag uses them yet.
  for (const [name, condition] of Object.entries(spec.segments ?? {})) {
    compileCondition(condition, ['spec', 'segments', name], {
      issues,
      segment: (other, at) => inlineSegment(other, pool, at, issues, [name]),
    });
  }

  let targeting: JsonLogic | undefined;
  if (spec.targeting !== undefined) {
    targeting = Object.keys(spec.targeting).length === 0 ? undefined : spec.targeting;
  } else {
    const cx: ConditionContext = {
      issues,
      segment: (name, at) => {
        if (!refs.has(name)) refs.set(name, at);
        return { $ref: name };
      },
    };
    const tail = compileRollout(spec, options.rollout ?? {}, issues) ?? compileDistribution(spec, issues);
    targeting = compileRules(spec.rules ?? [], tail, cx);
  }
  if (targeting !== undefined) {
    const check: CheckContext = { variants, refs, issues };
    checkTargeting(targeting, spec.targeting !== undefined ? ['spec', 'targeting'] : ['spec'], check);
  }

  const evaluators: Record<string, string> = {};
  const evaluatorValues: Record<string, JsonLogic> = {};
  for (const [name, at] of [...refs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const inlined = inlineSegment(name, pool, at, issues);
    if (inlined === null) continue;
    checkTargeting(inlined, at, { refs: new Map(), issues });
    evaluatorValues[name] = inlined;
    evaluators[name] = canonicalJson(inlined);
  }
  if (issues.length > 0) return { ok: false, issues: dedupe(issues) };

  const out: FlagdFlag = {
    state: spec.state,
    variants: spec.variants,
    defaultVariant: spec.defaultVariant,
  };
  if (targeting !== undefined) out.targeting = targeting;
  const metadata = metadataOf(spec);
  if (metadata) out.metadata = metadata;
  applyOverride(out, options.override, variants, issues);
  if (issues.length > 0) return { ok: false, issues };
  if (out.targeting === undefined) {
    // Serving one variant to everyone needs no evaluators.
    for (const name of Object.keys(evaluators)) {
      delete evaluators[name];
      delete evaluatorValues[name];
    }
  }

  const json = canonicalJson(out);
  const hash = sha256Hex(canonicalJson({ flag: out, evaluators: evaluatorValues }));
  return { ok: true, compiled: { key: spec.key, flag: out, json, evaluators, hash } };
}

function applyOverride(
  out: FlagdFlag,
  override: FlagOverride | undefined,
  variants: readonly string[],
  issues: ValidationIssue[],
): void {
  if (!override) return;
  if (override.kind === 'disable') {
    out.state = 'DISABLED';
    return;
  }
  if (!variants.includes(override.variant)) {
    issues.push({
      path: formatPath(['spec']),
      message: `override variant "${override.variant}" is not one of the variants`,
    });
    return;
  }
  out.defaultVariant = override.variant;
  delete out.targeting;
}

function metadataOf(spec: DefaultedFeatureFlagSpec): FlagdFlag['metadata'] {
  const m: Record<string, string> = { type: spec.type };
  if (spec.owner !== undefined) m.owner = spec.owner;
  if (spec.expires !== undefined) m.expires = spec.expires;
  return m;
}

function dedupe(issues: readonly ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
