/**
 * Builtin checks of guarded flag rollouts and kill switches, computed from
 * the counters Fledge's SDK exports (src/sdk/tracking.ts) as Prometheus
 * scrapes them from the workload. The scrape must attach the pod's namespace
 * as the `namespace` label (PodMonitor/ServiceMonitor and the usual
 * kubernetes_sd relabelling do), so two namespaces with the same flag key are
 * never mixed up.
 *
 * `variant` narrows a query to the users served that variant (the variant a
 * guarded rollout raises); without it the whole flag is measured (a kill
 * switch guards the flag, whatever variant misbehaves).
 */
import type { FlagBuiltinMetric } from '../api/flag-rollout.js';
import { FLAG_BUILTIN_METRICS } from '../api/flag-rollout.js';
import { promDuration } from './analysis-template.js';
import { escapeLabel } from './builtin.js';

export interface FlagWindow {
  namespace: string;
  /** The flag key, as the SDK labels it. */
  flag: string;
  variant?: string | undefined;
  /** Window, a duration such as `1m`. */
  interval: string;
}

export const FLAG_BUILTIN_UNITS: Record<FlagBuiltinMetric, string> = {
  'error-rate': '%',
  'evaluation-count': 'evaluations',
  'request-duration': 'ms',
};

export function isFlagBuiltinMetric(name: string): name is FlagBuiltinMetric {
  return (FLAG_BUILTIN_METRICS as readonly string[]).includes(name);
}

/** The PromQL of a builtin flag check; one series, or none without evaluations. */
export function flagBuiltinQuery(metric: FlagBuiltinMetric, w: FlagWindow): string {
  const range = promDuration(w.interval);
  const sel = flagSelector(w);
  switch (metric) {
    case 'error-rate':
      // No error series yet means 0 errors; no evaluations still means no data.
      return (
        `(sum(rate(fledge_flag_errors_total{${sel}}[${range}])) or on() vector(0))` +
        ` / sum(rate(fledge_flag_evaluations_total{${sel}}[${range}])) * 100`
      );
    case 'evaluation-count':
      return flagSampleCountQuery(w);
    case 'request-duration':
      return (
        `histogram_quantile(0.99, sum by (le) (rate(` +
        `fledge_flag_request_duration_seconds_bucket{${sel}}[${range}]))) * 1000`
      );
  }
}

/** Evaluations in the window: the `minSampleSize` guard. `round` because `increase` extrapolates. */
export function flagSampleCountQuery(w: FlagWindow): string {
  return `round(sum(increase(fledge_flag_evaluations_total{${flagSelector(w)}}[${promDuration(w.interval)}])))`;
}

function flagSelector(w: FlagWindow): string {
  const parts = [`namespace="${escapeLabel(w.namespace)}"`, `flag="${escapeLabel(w.flag)}"`];
  if (w.variant !== undefined) parts.push(`variant="${escapeLabel(w.variant)}"`);
  return parts.join(',');
}
