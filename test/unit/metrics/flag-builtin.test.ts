import { describe, expect, it } from 'vitest';
import {
  flagBuiltinQuery,
  flagSampleCountQuery,
  isFlagBuiltinMetric,
} from '../../../src/metrics/flag-builtin.js';

const w = { namespace: 'shop', flag: 'new-checkout', variant: 'on', interval: '1m' };

describe('builtin flag checks', () => {
  it('error-rate: % of the variant’s evaluations followed by an error; no error series is 0', () => {
    expect(flagBuiltinQuery('error-rate', w)).toBe(
      '(sum(rate(fledge_flag_errors_total{namespace="shop",flag="new-checkout",variant="on"}[1m])) or on() vector(0))' +
        ' / sum(rate(fledge_flag_evaluations_total{namespace="shop",flag="new-checkout",variant="on"}[1m])) * 100',
    );
  });

  it('evaluation-count: the variant’s evaluations in the window, also the minSampleSize guard', () => {
    const q =
      'round(sum(increase(fledge_flag_evaluations_total{namespace="shop",flag="new-checkout",variant="on"}[1m])))';
    expect(flagBuiltinQuery('evaluation-count', w)).toBe(q);
    expect(flagSampleCountQuery(w)).toBe(q);
  });

  it('request-duration: p99 in ms of the SDK request histogram', () => {
    expect(flagBuiltinQuery('request-duration', { ...w, interval: '30s' })).toBe(
      'histogram_quantile(0.99, sum by (le) (rate(fledge_flag_request_duration_seconds_bucket{namespace="shop",flag="new-checkout",variant="on"}[30s]))) * 1000',
    );
  });

  it('measures the whole flag without a variant, and escapes label values', () => {
    expect(flagSampleCountQuery({ namespace: 'shop', flag: 'a"b\\c', interval: '90s' })).toBe(
      'round(sum(increase(fledge_flag_evaluations_total{namespace="shop",flag="a\\"b\\\\c"}[1m30s])))',
    );
  });

  it('knows its names', () => {
    expect(isFlagBuiltinMetric('error-rate')).toBe(true);
    expect(isFlagBuiltinMetric('request-success-rate')).toBe(false);
  });
});
