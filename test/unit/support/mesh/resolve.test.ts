import { describe, expect, it } from 'vitest';
import { createRng } from '../../../support/mesh/prng.js';
import { parseHost, pickEndpoint, resolveDestination, workloadInfo } from '../../../support/mesh/resolve.js';
import { deployment, FakeCluster, service } from './fixtures.js';

describe('parseHost', () => {
  it.each([
    ['checkout', { name: 'checkout', namespace: 'shop' }],
    ['checkout.other', { name: 'checkout', namespace: 'other' }],
    ['checkout.other.svc', { name: 'checkout', namespace: 'other' }],
    ['checkout.other.svc.cluster.local', { name: 'checkout', namespace: 'other' }],
    ['example.com.io', undefined],
    ['checkout.other.svc.example.org', undefined],
    ['', undefined],
  ])('%s', (host, expected) => {
    expect(parseHost(host, 'shop')).toEqual(expected);
  });
});

describe('resolveDestination', () => {
  const cluster = (): FakeCluster =>
    new FakeCluster()
      .addService(service('shop', 'checkout', { app: 'checkout' }))
      .addService(service('shop', 'bare'))
      .addService(service('shop', 'orphan', { app: 'nothing' }))
      .addService(service('shop', 'down', { app: 'down' }))
      .addDeployment(deployment('shop', 'checkout', { app: 'checkout', version: 'v1', tier: 'web' }, 2))
      .addDeployment(deployment('shop', 'down', { app: 'down' }, 0))
      .addDeployment(deployment('other', 'checkout', { app: 'checkout' }, 1));

  it('follows Service selector to the Deployment in the same namespace', () => {
    const r = resolveDestination(cluster(), { host: 'checkout' }, 'shop');
    expect(r).toMatchObject({ ok: true, service: { name: 'checkout', namespace: 'shop' } });
    expect(r.ok && r.endpoints.map((e) => [e.workload.namespace, e.workload.name, e.ready])).toEqual([
      ['shop', 'checkout', 2],
    ]);
  });

  it('resolves a qualified host from another namespace', () => {
    const r = resolveDestination(cluster(), { host: 'checkout.shop.svc.cluster.local' }, 'elsewhere');
    expect(r.ok).toBe(true);
  });

  it.each([
    ['missing Service', 'nope', /Service shop\/nope not found/],
    ['Service without selector', 'bare', /no selector/],
    ['no Deployment selected', 'orphan', /no Deployment matches/],
    ['no ready replicas', 'down', /no ready replicas/],
    ['external host', 'api.example.com', /not a cluster Service/],
  ])('%s is unroutable', (_name, host, reason) => {
    const r = resolveDestination(cluster(), { host }, 'shop');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });

  it('narrows by a DestinationRule subset', () => {
    const c = cluster().addDeployment(
      deployment('shop', 'checkout-v2', { app: 'checkout', version: 'v2' }, 1),
    );
    c.dr.push({
      namespace: 'shop',
      name: 'checkout',
      host: 'checkout',
      subsets: [{ name: 'v2', labels: { version: 'v2' } }],
    });
    const r = resolveDestination(c, { host: 'checkout', subset: 'v2' }, 'shop');
    expect(r.ok && r.endpoints.map((e) => e.workload.name)).toEqual(['checkout-v2']);
    const unknown = resolveDestination(c, { host: 'checkout', subset: 'v3' }, 'shop');
    expect(!unknown.ok && unknown.reason).toMatch(/subset v3/);
  });
});

describe('pickEndpoint', () => {
  it('spreads over workloads in proportion to ready replicas', () => {
    const a = workloadInfo(deployment('ns', 'a', { app: 'x' }, 3));
    const b = workloadInfo(deployment('ns', 'b', { app: 'x' }, 1));
    const rng = createRng(2);
    let na = 0;
    const n = 40_000;
    for (let i = 0; i < n; i++)
      if (
        pickEndpoint(
          [
            { workload: a, ready: 3 },
            { workload: b, ready: 1 },
          ],
          rng,
        ) === a
      )
        na++;
    expect(Math.abs(na / n - 0.75)).toBeLessThan(0.01);
  });
});

describe('workloadInfo', () => {
  it('reads app, version and canonical names from the pod template labels', () => {
    expect(
      workloadInfo(deployment('shop', 'checkout-primary', { app: 'checkout-primary', version: 'v1' }, 1)),
    ).toEqual({
      name: 'checkout-primary',
      namespace: 'shop',
      app: 'checkout-primary',
      version: 'v1',
      canonicalService: 'checkout-primary',
      canonicalRevision: 'v1',
      serviceAccount: 'default',
    });
    expect(workloadInfo(deployment('shop', 'x', {}, 1))).toMatchObject({
      app: 'unknown',
      version: 'unknown',
    });
  });
});
