/**
 * Judging one round of a flag's metric checks (a guarded rollout's or a kill
 * switch's) with the canary's threshold judge, and the measurements status
 * keeps. Pure.
 */
import type { FlagMetricCheck } from '../api/flag-rollout.js';
import type { MetricMeasurement } from '../api/metric-check.js';
import { judge, type Judgement, type MetricResult, type SampleCount } from '../metrics/analysis.js';

/** What one round measured: each check's result and, for a rollout, the variant's evaluations. */
export interface CheckResults {
  metrics: readonly MetricResult[];
  samples?: SampleCount | undefined;
}

export interface RoundSummary {
  judgements: Judgement[];
  measurements: MetricMeasurement[];
  /** Counted checks out of range (Fail). */
  failed: Judgement[];
  /** Counted checks whose query failed (Unavailable). */
  unavailable: Judgement[];
  /** Counted checks without data (NoData, NaN). */
  noData: Judgement[];
}

export function judgeRound(
  checks: readonly FlagMetricCheck[],
  results: CheckResults,
  time: string,
): RoundSummary {
  const samples = results.samples?.value;
  const judgements = checks.map((check) =>
    judge(
      check,
      results.metrics.find((m) => m.name === check.name),
      { minRequests: 0 },
    ),
  );
  const measurements: MetricMeasurement[] = judgements.map((j) => {
    const check = checks.find((c) => c.name === j.name);
    const query = results.metrics.find((m) => m.name === j.name)?.renderedQuery;
    return {
      name: j.name,
      ...(query !== undefined ? { query } : {}),
      ...(j.value !== undefined ? { value: j.value } : {}),
      ...(check ? { thresholdRange: check.thresholdRange } : {}),
      ...(samples !== undefined ? { samples: Math.max(0, Math.round(samples)) } : {}),
      verdict: j.verdict,
      reason: j.reason,
      message: j.message,
      ...(j.dryRun ? { dryRun: true } : {}),
      time,
    };
  });
  const counted = judgements.filter((j) => !j.dryRun);
  return {
    judgements,
    measurements,
    failed: counted.filter((j) => j.verdict === 'Fail'),
    unavailable: counted.filter((j) => j.verdict === 'Unavailable'),
    noData: counted.filter((j) => j.verdict === 'NoData'),
  };
}
