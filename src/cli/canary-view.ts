/**
 * What `status` and `watch` show of a Canary, read leniently from the object
 * as the cluster holds it. Pure.
 */
import { ANNOTATIONS } from '../api/annotations.js';
import { CANARY_DEFAULTS } from '../api/canary-defaults.js';
import type { MetricMeasurement } from '../api/metric-check.js';
import { formatNumber } from './output.js';
import { conditionOf, num, str, type CanaryObject } from './kinds.js';

export interface CanaryView {
  namespace: string;
  name: string;
  phase: string;
  weight: number;
  /** The weight at which analysis ends; undefined for A/B (iterations). */
  maxWeight: number | undefined;
  failedChecks: number;
  threshold: number;
  iterations: number | undefined;
  paused: boolean;
  lastTransitionTime: string | undefined;
  /** The latest measurement of each check, in the order checks first appear. */
  metrics: MetricMeasurement[];
  /** Message of the Ready condition when it is not True: why it is stuck or failed. */
  message: string | undefined;
}

/** Terminal phases and the exit code `watch` ends with. */
export const FINAL_PHASES: Readonly<Record<string, number>> = { Succeeded: 0, Failed: 1 };

export function viewCanary(c: CanaryObject): CanaryView {
  const status = c.status ?? {};
  const conditions = Array.isArray(status.conditions) ? status.conditions : [];
  const ready = conditionOf(conditions, 'Ready');
  const annotations = c.metadata?.annotations ?? {};
  return {
    namespace: c.metadata?.namespace ?? '',
    name: c.metadata?.name ?? '',
    phase: str(status.phase) ?? 'Initializing',
    weight: num(status.canaryWeight) ?? 0,
    maxWeight: maxWeightOf(c.spec?.analysis),
    failedChecks: num(status.failedChecks) ?? 0,
    threshold: num(c.spec?.analysis?.threshold) ?? CANARY_DEFAULTS.threshold,
    iterations: num(c.spec?.analysis?.iterations),
    paused:
      conditionOf(conditions, 'Paused')?.status === 'True' ||
      ANNOTATIONS.pause in annotations ||
      c.spec?.suspend === true,
    lastTransitionTime: str(status.lastTransitionTime),
    metrics: latestMetrics(Array.isArray(status.metrics) ? status.metrics : []),
    message: ready && ready.status !== 'True' ? ready.message : undefined,
  };
}

/** Mirrors withCanaryDefaults for the one number the bar needs, without requiring a valid spec. */
export function maxWeightOf(analysis: NonNullable<CanaryObject['spec']>['analysis']): number | undefined {
  if (num(analysis?.iterations) !== undefined) return undefined;
  const steps = Array.isArray(analysis?.stepWeights)
    ? analysis.stepWeights.filter((w) => num(w) !== undefined)
    : [];
  if (steps.length > 0) return Math.max(...(steps as number[]));
  const explicit = num(analysis?.maxWeight);
  if (explicit !== undefined) return explicit;
  const doubling = analysis?.doubling as { initialWeight?: unknown } | undefined;
  const firstStep =
    doubling !== undefined
      ? (num(doubling.initialWeight) ?? CANARY_DEFAULTS.doublingInitialWeight)
      : (num(analysis?.stepWeight) ?? CANARY_DEFAULTS.stepWeight);
  return Math.max(CANARY_DEFAULTS.maxWeight, firstStep);
}

/** status.metrics is a history (oldest first); keep the newest entry per check. */
export function latestMetrics(history: readonly MetricMeasurement[]): MetricMeasurement[] {
  const latest = new Map<string, MetricMeasurement>();
  for (const m of history) {
    if (typeof m?.name !== 'string') continue;
    const prev = latest.get(m.name);
    if (!prev || (Date.parse(m.time) || 0) >= (Date.parse(prev.time) || 0)) latest.set(m.name, m);
  }
  return [...latest.values()];
}

/** `request-success-rate=99.5`, with the verdict when it is not a pass (`error-rate=7.2!Fail`). */
export function formatMetric(m: MetricMeasurement): string {
  const value = m.value === undefined ? 'none' : formatNumber(m.value);
  return m.verdict === 'Pass' || m.verdict === undefined
    ? `${m.name}=${value}`
    : `${m.name}=${value}!${m.verdict}`;
}

export function phaseLabel(v: CanaryView): string {
  return v.paused ? `${v.phase} (paused)` : v.phase;
}

/** `30/50` for weighted rollouts; the iteration count for A/B. */
export function weightLabel(v: CanaryView): string {
  return v.maxWeight === undefined ? `${v.weight}` : `${v.weight}/${v.maxWeight}`;
}
