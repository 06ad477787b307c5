import { describe, expect, it } from 'vitest';
import {
  builtinQuery,
  escapeLabel,
  isBuiltinMetric,
  sampleCountQuery,
} from '../../../src/metrics/builtin.js';

const canary = { namespace: 'shop', workload: 'checkout', interval: '1m' };
const sel = 'reporter="destination",destination_workload_namespace="shop",destination_workload="checkout"';

describe('builtin queries', () => {
  it.each([
    [
      'request-success-rate',
      `(sum(rate(istio_requests_total{${sel},response_code!~"5.."}[1m])) or on() vector(0)) / sum(rate(istio_requests_total{${sel}}[1m])) * 100`,
    ],
    [
      'error-rate',
      `(sum(rate(istio_requests_total{${sel},response_code=~"5.."}[1m])) or on() vector(0)) / sum(rate(istio_requests_total{${sel}}[1m])) * 100`,
    ],
    [
      'request-duration',
      `histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${sel}}[1m])))`,
    ],
  ] as const)('%s', (metric, query) => {
    expect(builtinQuery(metric, canary)).toBe(query);
  });

  it('the primary is told apart by its workload name', () => {
    expect(builtinQuery('error-rate', { ...canary, workload: 'checkout-primary' })).toContain(
      'destination_workload="checkout-primary"',
    );
  });

  it('counts canary requests in the window', () => {
    expect(sampleCountQuery({ ...canary, interval: '90s' })).toBe(
      `round(sum(increase(istio_requests_total{${sel}}[1m30s])))`,
    );
  });

  it('writes decimal durations the way PromQL accepts', () => {
    expect(builtinQuery('error-rate', { ...canary, interval: '1.5m' })).toContain('[1m30s]');
  });

  it.each([
    ['plain', 'plain'],
    ['a"b', 'a\\"b'],
    ['a\\b', 'a\\\\b'],
  ])('escapes label value %s', (raw, escaped) => {
    expect(escapeLabel(raw)).toBe(escaped);
  });

  it.each([
    ['request-success-rate', true],
    ['error-rate', true],
    ['request-duration', true],
    ['latency', false],
    ['toString', false],
  ])('isBuiltinMetric(%s) = %s', (name, yes) => {
    expect(isBuiltinMetric(name)).toBe(yes);
  });
});
