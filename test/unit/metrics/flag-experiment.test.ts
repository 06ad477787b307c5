import { describe, expect, it } from 'vitest';
import { conversionsQuery, exposuresQuery, parseVectorBody } from '../../../src/metrics/flag-experiment.js';

const w = { namespace: 'shop', flag: 'checkout-button', sinceMs: 3_600_500 };

describe('experiment counters', () => {
  it('reads totals since the start, summed over pods, per variant (and event)', () => {
    expect(exposuresQuery(w)).toBe(
      'sum by (variant) (last_over_time(fledge_flag_exposures_total{namespace="shop",flag="checkout-button"}[1h]))',
    );
    expect(conversionsQuery(w)).toBe(
      'sum by (variant, event) (last_over_time(fledge_flag_conversions_total{namespace="shop",flag="checkout-button"}[1h]))',
    );
    expect(exposuresQuery({ ...w, sinceMs: 10 })).toContain('[1s]');
  });

  it('parses an instant vector', () => {
    const body = {
      status: 'success',
      data: {
        resultType: 'vector',
        result: [
          { metric: { variant: 'control' }, value: [1, '120'] },
          { metric: { variant: 'green' }, value: [1, 'NaN'] },
        ],
      },
    };
    expect(parseVectorBody(body)).toEqual({
      status: 'ok',
      series: [{ labels: { variant: 'control' }, value: 120 }],
    });
  });

  it('reports an error body or a non-vector', () => {
    expect(parseVectorBody({ status: 'error', error: 'bad' })).toEqual({ status: 'error', error: 'bad' });
    expect(
      parseVectorBody({ status: 'success', data: { resultType: 'scalar', result: [1, '1'] } }),
    ).toMatchObject({
      status: 'error',
    });
  });
});
