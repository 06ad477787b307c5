/**
 * The threshold judge: a measured value against `thresholdRange`. Anything
 * that is not a real number inside the range is not a pass: an outage, an
 * empty result, NaN or too little traffic can never promote a release.
 */
import type { MetricVerdict, ThresholdRange } from '../api/metric-check.js';

export type MetricStatus =
  'ok' | 'NoData' | 'MetricsUnavailable' | 'MultipleSeries' | 'NaN' | 'InvalidQuery' | 'QueryError';

/** One check's query result over its window, as the provider returned it. */
export interface MetricResult {
  name: string;
  status: MetricStatus;
  value?: number | undefined;
  renderedQuery?: string | undefined;
  error?: string | undefined;
}

/** Requests the value is based on; undefined value when the count query failed. */
export interface SampleCount {
  value?: number | undefined;
  error?: string | undefined;
}

export interface JudgedCheck {
  name: string;
  thresholdRange: ThresholdRange;
  dryRun?: boolean | undefined;
}

export interface Judgement {
  name: string;
  verdict: MetricVerdict;
  /** CamelCase: InRange, BelowMin, AboveMax, NoData, NaN, TooFewRequests, MultipleSeries, MetricsUnavailable, InvalidQuery, QueryError, NotMeasured. */
  reason: string;
  message: string;
  value?: number | undefined;
  samples?: number | undefined;
  dryRun: boolean;
}

export interface JudgeOptions {
  /** Fewer requests than this in the window is NoData; 0 disables the guard. */
  minRequests: number;
  samples?: SampleCount | undefined;
}

export function judge(
  check: JudgedCheck,
  result: MetricResult | undefined,
  options: JudgeOptions,
): Judgement {
  const base = { name: check.name, dryRun: check.dryRun ?? false, samples: options.samples?.value };
  const out = (verdict: MetricVerdict, reason: string, message: string, value?: number): Judgement => ({
    ...base,
    verdict,
    reason,
    message: `${check.name}: ${message}`,
    ...(value !== undefined ? { value } : {}),
  });
  if (!result) return out('Unavailable', 'NotMeasured', 'not measured');
  const detail = result.error ? `: ${result.error}` : '';
  switch (result.status) {
    case 'MetricsUnavailable':
      return out('Unavailable', 'MetricsUnavailable', `metrics unavailable${detail}`);
    case 'QueryError':
      return out('Unavailable', 'QueryError', `query failed${detail}`);
    case 'InvalidQuery':
      // Normally caught before analysis (Ready=False); here it still is no pass.
      return out('Unavailable', 'InvalidQuery', `query does not parse${detail}`);
    case 'MultipleSeries':
      return out('Unavailable', 'MultipleSeries', 'query returned several series, expected one');
    case 'NoData':
      return out('NoData', 'NoData', 'query returned no data');
    case 'NaN':
      return out('NoData', 'NaN', 'query returned NaN');
    case 'ok':
      break;
  }
  const value = result.value;
  if (value === undefined || !Number.isFinite(value))
    return out('NoData', 'NaN', `value is ${String(value)}`);
  if (options.minRequests > 0) {
    const samples = options.samples?.value;
    if (samples === undefined) {
      const why = options.samples?.error ? `: ${options.samples.error}` : '';
      return out('Unavailable', 'MetricsUnavailable', `canary request count unavailable${why}`, value);
    }
    if (samples < options.minRequests) {
      return out(
        'NoData',
        'TooFewRequests',
        `${samples} canary requests, fewer than ${options.minRequests}`,
        value,
      );
    }
  }
  const { min, max } = check.thresholdRange;
  if (min !== undefined && value < min)
    return out('Fail', 'BelowMin', `${fmt(value)} is below the minimum ${min}`, value);
  if (max !== undefined && value > max)
    return out('Fail', 'AboveMax', `${fmt(value)} is above the maximum ${max}`, value);
  return out('Pass', 'InRange', `${fmt(value)} is within ${describeRange(check.thresholdRange)}`, value);
}

export function describeRange(range: ThresholdRange): string {
  if (range.min !== undefined && range.max !== undefined) return `[${range.min}, ${range.max}]`;
  if (range.min !== undefined) return `>= ${range.min}`;
  return `<= ${String(range.max)}`;
}

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(3).replace(/\.?0+$/, '');
}
