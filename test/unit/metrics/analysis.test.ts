import { describe, expect, it } from 'vitest';
import { describeRange, judge, type MetricResult } from '../../../src/metrics/analysis.js';

const check = { name: 'error-rate', thresholdRange: { max: 1 } };
const ok = (value: number): MetricResult => ({ name: 'error-rate', status: 'ok', value });
const enough = { minRequests: 20, samples: { value: 100 } };

describe('judge', () => {
  it.each<[string, MetricResult | undefined, Parameters<typeof judge>[2], string, string]>([
    ['in range', ok(0.5), enough, 'Pass', 'InRange'],
    ['on the bound is in range', ok(1), enough, 'Pass', 'InRange'],
    ['above max', ok(2), enough, 'Fail', 'AboveMax'],
    ['NaN value', ok(Number.NaN), enough, 'NoData', 'NaN'],
    ['infinite value', ok(Number.POSITIVE_INFINITY), enough, 'NoData', 'NaN'],
    ['undefined value', { name: 'error-rate', status: 'ok' }, enough, 'NoData', 'NaN'],
    ['no series', { name: 'error-rate', status: 'NoData' }, enough, 'NoData', 'NoData'],
    ['NaN status', { name: 'error-rate', status: 'NaN' }, enough, 'NoData', 'NaN'],
    [
      'several series',
      { name: 'error-rate', status: 'MultipleSeries' },
      enough,
      'Unavailable',
      'MultipleSeries',
    ],
    [
      'Prometheus down',
      { name: 'error-rate', status: 'MetricsUnavailable' },
      enough,
      'Unavailable',
      'MetricsUnavailable',
    ],
    ['bad query', { name: 'error-rate', status: 'QueryError' }, enough, 'Unavailable', 'QueryError'],
    [
      'query does not parse',
      { name: 'error-rate', status: 'InvalidQuery' },
      enough,
      'Unavailable',
      'InvalidQuery',
    ],
    ['not measured', undefined, enough, 'Unavailable', 'NotMeasured'],
    ['too few requests', ok(0), { minRequests: 20, samples: { value: 19 } }, 'NoData', 'TooFewRequests'],
    ['zero requests', ok(0), { minRequests: 20, samples: { value: 0 } }, 'NoData', 'TooFewRequests'],
    [
      'request count unknown',
      ok(0),
      { minRequests: 20, samples: { error: 'down' } },
      'Unavailable',
      'MetricsUnavailable',
    ],
    ['minRequests 0: count not needed', ok(0), { minRequests: 0 }, 'Pass', 'InRange'],
    [
      'a failing value with too few requests is NoData, not a pass',
      ok(50),
      { minRequests: 20, samples: { value: 3 } },
      'NoData',
      'TooFewRequests',
    ],
  ])('%s → %s', (_name, result, options, verdict, reason) => {
    expect(judge(check, result, options)).toMatchObject({ verdict, reason });
  });

  it.each([
    [{ min: 99 }, 98.5, 'Fail', 'BelowMin'],
    [{ min: 99 }, 99.5, 'Pass', 'InRange'],
    [{ min: 1, max: 2 }, 3, 'Fail', 'AboveMax'],
    [{ min: 1, max: 2 }, 0, 'Fail', 'BelowMin'],
  ])('range %j, value %d → %s', (thresholdRange, value, verdict, reason) => {
    expect(
      judge({ name: 'x', thresholdRange }, { name: 'x', status: 'ok', value }, { minRequests: 0 }),
    ).toMatchObject({
      verdict,
      reason,
    });
  });

  it('the message names the check, its value and its bound', () => {
    expect(judge(check, ok(20.25), enough).message).toBe('error-rate: 20.25 is above the maximum 1');
    expect(judge(check, ok(0.5), enough)).toMatchObject({ value: 0.5, samples: 100, dryRun: false });
  });

  it('reports dryRun so the caller can skip counting it', () => {
    expect(judge({ ...check, dryRun: true }, ok(5), enough)).toMatchObject({ verdict: 'Fail', dryRun: true });
  });

  it.each([
    [{ min: 1, max: 2 }, '[1, 2]'],
    [{ min: 99 }, '>= 99'],
    [{ max: 500 }, '<= 500'],
  ])('describeRange(%j) = %s', (range, text) => {
    expect(describeRange(range)).toBe(text);
  });
});
