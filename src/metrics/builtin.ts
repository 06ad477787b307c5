/**
 * Builtin checks computed from Istio's standard metrics, as the destination
 * sidecar reports them. The canary is the target Deployment itself; the
 * primary is `<target>-primary`, so `destination_workload` tells them apart.
 */
import type { CanaryBuiltinMetric } from '../api/canary-analysis.js';
import { promDuration } from './analysis-template.js';

export interface WorkloadWindow {
  namespace: string;
  /** `destination_workload`: the target for the canary, `<target>-primary` for the primary. */
  workload: string;
  /** Window, a duration such as `1m`. */
  interval: string;
}

export const BUILTIN_UNITS: Record<CanaryBuiltinMetric, string> = {
  'request-success-rate': '%',
  'error-rate': '%',
  'request-duration': 'ms',
};

export function isBuiltinMetric(name: string): name is CanaryBuiltinMetric {
  return Object.hasOwn(BUILTIN_UNITS, name);
}

/** The PromQL of a builtin check; every query returns one series (or none without traffic). */
export function builtinQuery(metric: CanaryBuiltinMetric, w: WorkloadWindow): string {
  const range = promDuration(w.interval);
  switch (metric) {
    case 'request-success-rate':
      return ratio(requests(w, 'response_code!~"5.."'), requests(w), range);
    case 'error-rate':
      return ratio(requests(w, 'response_code=~"5.."'), requests(w), range);
    case 'request-duration':
      return (
        `histogram_quantile(0.99, sum by (le) (rate(` +
        `istio_request_duration_milliseconds_bucket{${selector(w)}}[${range}])))`
      );
  }
}

/**
 * Canary requests served in the window: the `minRequests` and
 * `minSampleSize` guards. `round` because `increase` extrapolates.
 */
export function sampleCountQuery(w: WorkloadWindow): string {
  return `round(sum(increase(${requests(w)}[${promDuration(w.interval)}])))`;
}

/**
 * A numerator without series (no 5xx yet, or nothing but 5xx) means 0, not
 * "no data"; an empty denominator (no traffic) still yields no data.
 */
function ratio(numerator: string, denominator: string, range: string): string {
  return `(sum(rate(${numerator}[${range}])) or on() vector(0)) / sum(rate(${denominator}[${range}])) * 100`;
}

function requests(w: WorkloadWindow, extra?: string): string {
  return `istio_requests_total{${selector(w)}${extra ? `,${extra}` : ''}}`;
}

function selector(w: WorkloadWindow): string {
  return [
    'reporter="destination"',
    `destination_workload_namespace="${escapeLabel(w.namespace)}"`,
    `destination_workload="${escapeLabel(w.workload)}"`,
  ].join(',');
}

/** PromQL string literal escaping; names are DNS labels, but never trust that here. */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
