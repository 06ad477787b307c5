/**
 * One analysis interval: judge every metric check and `rollout` webhook,
 * keep the measurements in status (capped per check), and sum it up.
 */
import type { MetricMeasurement } from '../api/metric-check.js';
import { judge, type Judgement } from '../metrics/analysis.js';
import { timeOf, type Ctx, type Draft } from './context.js';
import { failedHooks } from './gates.js';

export interface Outcome {
  /** Every non-dryRun check passed and every rollout webhook said yes. */
  pass: boolean;
  /** Only NoData stood between this interval and a pass. */
  noDataOnly: boolean;
  /** CamelCase reason of the worst failure: MetricCheckFailed, MetricsUnavailable, NoData, WebhookFailed. */
  reason?: string | undefined;
  /** Which checks failed, with value and bound. */
  message?: string | undefined;
  judgements: Judgement[];
}

export function analyse(ctx: Ctx, d: Draft): Outcome {
  const analysis = ctx.canary.spec.analysis;
  const judgements = analysis.metrics.map((check) =>
    judge(
      check,
      ctx.observed.metrics?.find((m) => m.name === check.name),
      { minRequests: analysis.minRequests, samples: ctx.observed.windowRequests },
    ),
  );
  record(ctx, d, judgements);
  const counted = judgements.filter((j) => !j.dryRun && j.verdict !== 'Pass');
  const hooks = failedHooks(ctx, 'rollout');
  const worst =
    counted.find((j) => j.verdict === 'Fail') ??
    counted.find((j) => j.verdict === 'Unavailable') ??
    counted[0];
  const reason = hooks.length > 0 && !worst ? 'WebhookFailed' : worst ? reasonOf(worst) : undefined;
  const messages = [...counted.map((j) => j.message), ...hooks];
  return {
    pass: counted.length === 0 && hooks.length === 0,
    noDataOnly: counted.length > 0 && hooks.length === 0 && counted.every((j) => j.verdict === 'NoData'),
    reason,
    message: messages.length > 0 ? messages.join('; ') : undefined,
    judgements,
  };
}

function reasonOf(j: Judgement): string {
  switch (j.verdict) {
    case 'Fail':
      return 'MetricCheckFailed';
    case 'Unavailable':
      return ['QueryError', 'InvalidQuery', 'MultipleSeries'].includes(j.reason)
        ? j.reason
        : 'MetricsUnavailable';
    default:
      return 'NoData';
  }
}

function record(ctx: Ctx, d: Draft, judgements: Judgement[]): void {
  const analysis = ctx.canary.spec.analysis;
  const time = timeOf(ctx.now);
  const fresh: MetricMeasurement[] = judgements.map((j) => {
    const check = analysis.metrics.find((m) => m.name === j.name);
    const query = ctx.observed.metrics?.find((m) => m.name === j.name)?.renderedQuery;
    return {
      name: j.name,
      ...(query !== undefined ? { query } : {}),
      ...(j.value !== undefined ? { value: j.value } : {}),
      ...(check ? { thresholdRange: check.thresholdRange } : {}),
      ...(j.samples !== undefined ? { samples: j.samples } : {}),
      verdict: j.verdict,
      reason: j.reason,
      message: j.message,
      ...(j.dryRun ? { dryRun: true } : {}),
      time,
    };
  });
  const all = [...(d.status.metrics ?? []), ...fresh];
  // Keep the newest historyLimit per check, oldest first.
  const kept: MetricMeasurement[] = [];
  const counts = new Map<string, number>();
  for (let i = all.length - 1; i >= 0; i--) {
    const m = all[i];
    if (!m) continue;
    const n = counts.get(m.name) ?? 0;
    if (n < analysis.historyLimit) kept.unshift(m);
    counts.set(m.name, n + 1);
  }
  d.status.metrics = kept;
}
