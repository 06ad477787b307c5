/**
 * Experiment results (`spec.type: experiment`): every EXPERIMENT_INTERVAL_MS
 * the per-variant exposures and conversions are read from Prometheus and
 * analysed with src/metrics/stats (two-proportion z-test with Holm's
 * correction, Wilson intervals, lift, SRM chi-square); the result goes to
 * `status.experiment`. Pure, apart from the counts handed in.
 *
 * - The split is `distribution` (weights as configured) or a percentage
 *   `rollout` (the variant at p, the default at 100 − p); the SRM check
 *   compares exposures with those weights. A flag with neither has no SRM
 *   check.
 * - The control is `defaultVariant` when it is part of the split, else the
 *   split's first variant.
 * - Counts that cannot be read keep the last results (never half-written).
 */
import type { DefaultedFeatureFlag } from '../api/feature-flag-defaults.js';
import type { ExperimentResults } from '../api/feature-flag-status.js';
import type { Series } from '../metrics/flag-experiment.js';
import {
  analyseExperiment,
  toExperimentStatus,
  type ExperimentInput,
  type VariantCounts,
} from '../metrics/stats/index.js';
import { msOf, type GuardAction } from './guard-types.js';

export const EXPERIMENT_INTERVAL_MS = 15_000;

export type ExperimentObserved = { exposures: Series[]; conversions: Series[] } | { error: string };

export function isExperiment(flag: DefaultedFeatureFlag): boolean {
  return flag.spec.type === 'experiment';
}

export function experimentDue(flag: DefaultedFeatureFlag, now: number): boolean {
  if (!isExperiment(flag)) return false;
  const last = msOf(flag.status?.experiment?.computedAt);
  return last === undefined || now - last >= EXPERIMENT_INTERVAL_MS;
}

/** The arms of the split with their configured weights, control first choice. */
export function experimentArms(flag: DefaultedFeatureFlag): {
  control: string;
  arms: { variant: string; weight?: number }[];
} {
  const spec = flag.spec;
  let arms: { variant: string; weight?: number }[];
  if (spec.distribution) arms = spec.distribution.map((d) => ({ variant: d.variant, weight: d.weight }));
  else if (spec.rollout?.variant !== undefined && spec.rollout.variant !== spec.defaultVariant) {
    const p = flag.status?.rollout?.percentage ?? spec.rollout.percentage;
    arms = [
      { variant: spec.defaultVariant, weight: 100 - p },
      { variant: spec.rollout.variant, weight: p },
    ];
  } else arms = Object.keys(spec.variants).map((variant) => ({ variant }));
  const control = arms.some((a) => a.variant === spec.defaultVariant)
    ? spec.defaultVariant
    : (arms[0]?.variant ?? spec.defaultVariant);
  return { control, arms };
}

export function experimentInput(
  flag: DefaultedFeatureFlag,
  counts: { exposures: Series[]; conversions: Series[] },
): ExperimentInput {
  const { control, arms } = experimentArms(flag);
  const variants: VariantCounts[] = arms.map((a) => {
    const exposures = counts.exposures
      .filter((s) => s.labels['variant'] === a.variant)
      .reduce((n, s) => n + s.value, 0);
    const conversions: Record<string, number> = {};
    for (const s of counts.conversions) {
      const event = s.labels['event'];
      if (s.labels['variant'] !== a.variant || !event) continue;
      conversions[event] = (conversions[event] ?? 0) + s.value;
    }
    return {
      variant: a.variant,
      exposures,
      conversions,
      ...(a.weight !== undefined ? { weight: a.weight } : {}),
    };
  });
  return { control, variants };
}

export interface ExperimentDecision {
  status: ExperimentResults | undefined;
  actions: GuardAction[];
}

export function decideExperiment(
  flag: DefaultedFeatureFlag,
  observed: ExperimentObserved | undefined,
  now: number,
  ref: string,
): ExperimentDecision {
  const old = flag.status?.experiment;
  if (!observed) return { status: old, actions: [] };
  if ('error' in observed) return { status: old, actions: [] };
  let status: ExperimentResults;
  try {
    status = toExperimentStatus(analyseExperiment(experimentInput(flag, observed)), new Date(now));
  } catch (err) {
    const message = `${ref}: experiment results not computed: ${err instanceof Error ? err.message : String(err)}`;
    return { status: old, actions: [{ kind: 'event', type: 'Warning', reason: 'ExperimentError', message }] };
  }
  const actions: GuardAction[] = [];
  const mismatch = status.sampleRatioMismatch?.mismatch === true;
  if (mismatch && old?.sampleRatioMismatch?.mismatch !== true) {
    actions.push({
      kind: 'event',
      type: 'Warning',
      reason: 'SampleRatioMismatch',
      message: `${ref}: exposures do not match the configured weights (chi-square p = ${status.sampleRatioMismatch?.pValue.toPrecision(3)}): assignment or exposure logging is broken, do not trust the results`,
    });
  }
  return { status, actions };
}
