import { describe, expect, it } from 'vitest';
import { MetricSources } from '../../../src/metrics/sources.js';

const readSecret = (namespace: string, name: string): Promise<Record<string, string>> =>
  name === 'prom-auth'
    ? Promise.resolve({ token: 's3cret' })
    : Promise.reject(new Error(`Secret ${namespace}/${name} not found`));

describe('MetricSources', () => {
  it('without an address anywhere, says how to set one, and a query is MetricsUnavailable', async () => {
    const sources = new MetricSources({ readSecret });
    expect(await sources.provider({})).toEqual({ error: 'no Prometheus address (set --prometheus-url)' });
    expect(await sources.query('up', {})).toMatchObject({
      status: 'MetricsUnavailable',
      error: expect.stringContaining('--prometheus-url') as unknown,
    });
  });

  it('an unreadable Secret is an error naming secretRef, never a provider without auth', async () => {
    const sources = new MetricSources({ defaultAddress: 'http://127.0.0.1:9', readSecret });
    const p = await sources.provider({ namespace: 'shop', secretRef: { name: 'missing' } });
    expect(p).toEqual({ error: 'secretRef missing: Secret shop/missing not found' });
    const q = await sources.query('up', { namespace: 'shop', secretRef: { name: 'missing' } });
    expect(q.status).toBe('MetricsUnavailable');
  });

  it('a template address wins over the default, and one provider serves each address and auth', async () => {
    const sources = new MetricSources({ defaultAddress: 'http://127.0.0.1:9', readSecret });
    const a = await sources.provider({
      address: 'http://127.0.0.2:9',
      namespace: 'shop',
      secretRef: { name: 'prom-auth' },
    });
    const b = await sources.provider({
      address: 'http://127.0.0.2:9',
      namespace: 'shop',
      secretRef: { name: 'prom-auth' },
    });
    const c = await sources.provider({});
    if ('error' in a || 'error' in b || 'error' in c) throw new Error('expected providers');
    expect(a.address).toBe('http://127.0.0.2:9');
    expect(a.provider).toBe(b.provider);
    expect(c.address).toBe('http://127.0.0.1:9');
    expect(c.provider).not.toBe(a.provider);
  });
});
