import { describe, expect, it } from 'vitest';
import { authFromSecretData, PrometheusProviderCache } from '../../../src/metrics/prometheus.js';
import { describeResult } from '../../../src/metrics/provider.js';

describe('authFromSecretData', () => {
  it.each([
    [undefined, undefined],
    [{}, undefined],
    [{ token: 'abc\n' }, { token: 'abc' }],
    [
      { username: 'u', password: 'p' },
      { username: 'u', password: 'p' },
    ],
    [{ username: 'u' }, undefined],
    [{ token: 't', username: 'u', password: 'p' }, { token: 't' }],
  ])('%j → %j', (data, want) => {
    expect(authFromSecretData(data)).toEqual(want);
  });
});

describe('PrometheusProviderCache', () => {
  it('shares a provider per address and auth', () => {
    const cache = new PrometheusProviderCache();
    const a = cache.get({ address: 'http://prom:9090/' });
    expect(cache.get({ address: 'http://prom:9090' })).toBe(a);
    expect(cache.get({ address: 'http://prom:9090', auth: { token: 'x' } })).not.toBe(a);
    expect(cache.get({ address: 'http://prom:9090', auth: { token: 'y' } })).not.toBe(
      cache.get({ address: 'http://prom:9090', auth: { token: 'x' } }),
    );
    expect(cache.get({ address: 'http://prom:9090', insecureSkipVerify: true })).not.toBe(a);
    expect(cache.size).toBe(4);
    expect(a.address).toBe('http://prom:9090');
  });
});

describe('describeResult', () => {
  it.each([
    [{ status: 'ok', value: 3 } as const, 'value 3'],
    [{ status: 'NoData' } as const, 'no data'],
    [{ status: 'MultipleSeries', count: 2 } as const, '2 series, expected one'],
    [{ status: 'QueryError', error: 'bad_data: x' } as const, 'bad_data: x'],
  ])('%j', (r, text) => {
    expect(describeResult(r)).toBe(text);
  });
});
