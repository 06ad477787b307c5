import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../src/api/errors.js';
import { MAX_TOTAL_RPS, parseTraffic, parseWorkload } from '../../../support/mesh/config.js';
import type { Outcome, Recorder } from '../../../support/mesh/metrics.js';
import { createRng } from '../../../support/mesh/prng.js';
import { IDLE_SERIES_MS, Simulator } from '../../../support/mesh/simulator.js';
import { MeshMetrics } from '../../../support/mesh/metrics.js';
import { canaryCluster, deployment, FakeCluster, service, virtualService } from './fixtures.js';

class Capture implements Recorder {
  records: Array<{ outcome: Outcome; latency: number }> = [];
  record(outcome: Outcome, latency: number): void {
    this.records.push({ outcome, latency });
  }
  count(pred: (o: Outcome) => boolean): number {
    return this.records.filter((r) => pred(r.outcome)).length;
  }
}

function setup(cluster: FakeCluster, seed = 1): { sim: Simulator; rec: Capture } {
  const rec = new Capture();
  return { sim: new Simulator(cluster, rec, createRng(seed)), rec };
}

/** Runs `seconds` of 100 ms ticks. */
function run(sim: Simulator, seconds: number): void {
  for (let i = 0; i < seconds * 10; i++) sim.tick(100);
}

const vsState = (sim: Simulator) => sim.state().virtualServices[0]!;

describe('Simulator', () => {
  it('sends the configured rps, split by the route weights', () => {
    const { sim } = setup(canaryCluster('shop', 'checkout', 80));
    sim.setTraffic('shop', 'checkout', parseTraffic({ rps: 100 }));
    run(sim, 100);
    const { counts } = vsState(sim);
    expect(counts.total).toBe(10_000);
    const primary = counts.sent['shop/checkout-primary']?.['200'] ?? 0;
    const canary = counts.sent['shop/checkout']?.['200'] ?? 0;
    expect(primary + canary).toBe(10_000);
    expect(Math.abs(canary / 10_000 - 0.2)).toBeLessThan(0.015);
  });

  it('fails a workload at its error rate, and reports both sides like Istio', () => {
    const { sim, rec } = setup(canaryCluster('shop', 'checkout', 0));
    sim.setWorkload('shop', 'checkout', parseWorkload({ errorRate: 0.2 }));
    sim.setTraffic('shop', 'checkout', parseTraffic({ rps: 100 }));
    run(sim, 50);
    const sent = vsState(sim).counts.sent['shop/checkout']!;
    expect(Math.abs(sent['500']! / 5000 - 0.2)).toBeLessThan(0.02);
    const dest = (code: number) => (o: Outcome) =>
      o.reporter === 'destination' && o.workload?.name === 'checkout' && o.code === code;
    expect(rec.count(dest(500))).toBe(sent['500']);
    expect(rec.count(dest(200))).toBe(sent['200']);
    // Source series mirror the destination ones: an unfiltered sum double counts, as in Istio.
    expect(rec.count((o) => o.reporter === 'source')).toBe(5000);
  });

  it('samples the workload latency', () => {
    const { sim, rec } = setup(canaryCluster('shop', 'checkout', 100));
    sim.setWorkload('shop', 'checkout-primary', parseWorkload({ latencyMs: { p50: 20, p99: 400 } }));
    sim.setTraffic('shop', 'checkout', parseTraffic({ rps: 1000 }));
    run(sim, 20);
    const xs = rec.records
      .filter((r) => r.outcome.reporter === 'destination')
      .map((r) => r.latency)
      .sort((a, b) => a - b);
    expect(Math.abs(xs[Math.floor(xs.length * 0.5)]! / 20 - 1)).toBeLessThan(0.05);
    expect(Math.abs(xs[Math.floor(xs.length * 0.99)]! / 400 - 1)).toBeLessThan(0.1);
  });

  it('never lets a request reach a side without ready replicas: 503 UH, source only', () => {
    const { sim, rec } = setup(canaryCluster('shop', 'checkout', 50, 0));
    sim.setTraffic('shop', 'checkout', parseTraffic({ rps: 100 }));
    run(sim, 10);
    const { counts, routes } = vsState(sim);
    expect(counts.sent['shop/checkout']).toBeUndefined();
    expect(counts.unroutable['checkout-canary']).toBeGreaterThan(400);
    expect(counts.unroutable['checkout-canary']! + counts.sent['shop/checkout-primary']!['200']!).toBe(1000);
    expect(rec.count((o) => o.reporter === 'destination' && o.workload?.name === 'checkout')).toBe(0);
    expect(rec.count((o) => o.reporter === 'source' && o.code === 503 && o.flags === 'UH')).toBe(
      counts.unroutable['checkout-canary'],
    );
    expect(routes[0]!.destinations[1]).toMatchObject({ host: 'checkout-canary', weight: 50, workloads: [] });
    expect(routes[0]!.destinations[1]!.unroutable).toMatch(/no ready replicas/);
  });

  it('follows changes in the cluster between ticks (weights, readiness)', () => {
    const cluster = canaryCluster('shop', 'checkout', 100);
    const { sim } = setup(cluster);
    sim.setTraffic('shop', 'checkout', parseTraffic({ rps: 100 }));
    run(sim, 10);
    expect(vsState(sim).counts.sent['shop/checkout']).toBeUndefined();
    cluster.addVs(canaryCluster('shop', 'checkout', 0).virtualService('shop', 'checkout')!);
    run(sim, 10);
    expect(vsState(sim).counts.sent['shop/checkout']!['200']).toBe(1000);
  });

  it('routes A/B traffic by header and cookie match', () => {
    const cluster = canaryCluster('shop', 'checkout', 100).addVs(
      virtualService('shop', 'checkout', [
        {
          match: [{ headers: { 'x-user-type': { exact: 'insider' } } }],
          route: [{ destination: { host: 'checkout-canary' } }],
        },
        {
          match: [{ headers: { cookie: { regex: '^(.*?;)?(canary=always)(;.*)?$' } } }],
          route: [{ destination: { host: 'checkout-canary' } }],
        },
        { route: [{ destination: { host: 'checkout-primary' } }] },
      ]),
    );
    const { sim } = setup(cluster);
    sim.setTraffic(
      'shop',
      'checkout',
      parseTraffic({
        rps: 200,
        headers: [{ share: 0.3, values: { 'x-user-type': 'insider' } }],
        cookies: [{ share: 0.1, values: { canary: 'always' } }],
      }),
    );
    run(sim, 50);
    const canary = vsState(sim).counts.sent['shop/checkout']!['200']!;
    // 0.3 by header, plus 0.1 of the other 0.7 by cookie.
    expect(Math.abs(canary / 10_000 - 0.37)).toBeLessThan(0.015);
  });

  it('records mirrored copies for the mirror workload, destination side only', () => {
    const cluster = canaryCluster('shop', 'checkout', 100).addVs(
      virtualService('shop', 'checkout', [
        {
          route: [{ destination: { host: 'checkout-primary' } }],
          mirror: { host: 'checkout-canary' },
          mirrorPercentage: { value: 50 },
        },
      ]),
    );
    const { sim, rec } = setup(cluster);
    sim.setTraffic('shop', 'checkout', parseTraffic({ rps: 100 }));
    run(sim, 20);
    const { counts } = vsState(sim);
    expect(counts.sent['shop/checkout']).toBeUndefined();
    const mirrored = counts.mirrored['shop/checkout']!['200']!;
    expect(Math.abs(mirrored / 2000 - 0.5)).toBeLessThan(0.05);
    expect(rec.count((o) => o.workload?.name === 'checkout' && o.reporter === 'destination')).toBe(mirrored);
    expect(rec.count((o) => o.workload?.name === 'checkout' && o.reporter === 'source')).toBe(0);
  });

  it('counts 404 NR when no route matches', () => {
    const cluster = canaryCluster('shop', 'checkout', 100).addVs(
      virtualService('shop', 'checkout', [
        { match: [{ uri: { prefix: '/api' } }], route: [{ destination: { host: 'checkout-primary' } }] },
      ]),
    );
    const { sim, rec } = setup(cluster);
    sim.setTraffic('shop', 'checkout', parseTraffic({ rps: 10, paths: [{ share: 0.5, path: '/api/x' }] }));
    run(sim, 100);
    const { counts } = vsState(sim);
    expect(counts.noRoute + counts.sent['shop/checkout-primary']!['200']!).toBe(1000);
    expect(rec.count((o) => o.code === 404 && o.flags === 'NR')).toBe(counts.noRoute);
  });

  it('waits for a VirtualService that does not exist yet', () => {
    const cluster = new FakeCluster()
      .addService(service('ns', 'a', { app: 'a' }))
      .addDeployment(deployment('ns', 'a', { app: 'a' }, 1));
    const { sim } = setup(cluster);
    expect(sim.setTraffic('ns', 'a', parseTraffic({ rps: 10 }))).toEqual({ found: false });
    run(sim, 1);
    expect(vsState(sim)).toMatchObject({ found: false, counts: { total: 0 } });
    cluster.addVs(virtualService('ns', 'a', [{ route: [{ destination: { host: 'a' } }] }]));
    run(sim, 1);
    expect(vsState(sim)).toMatchObject({ found: true, counts: { total: 10 } });
  });

  it('stops at rps 0 and forgets everything on reset', () => {
    const { sim } = setup(canaryCluster('shop', 'checkout', 100));
    sim.setTraffic('shop', 'checkout', parseTraffic({ rps: 10 }));
    run(sim, 1);
    sim.setTraffic('shop', 'checkout', parseTraffic({ rps: 0 }));
    run(sim, 1);
    expect(vsState(sim).counts.total).toBe(10);
    sim.setWorkload('shop', 'checkout', parseWorkload({ errorRate: 1 }));
    sim.reset();
    expect(sim.state()).toMatchObject({ virtualServices: [], workloads: [], totalRps: 0 });
  });

  it('caps the total rps across VirtualServices', () => {
    const { sim } = setup(new FakeCluster());
    sim.setTraffic('a', 'one', parseTraffic({ rps: 2000 }));
    sim.setTraffic('a', 'two', parseTraffic({ rps: MAX_TOTAL_RPS - 2000 }));
    expect(() => sim.setTraffic('a', 'three', parseTraffic({ rps: 1 }))).toThrow(ValidationError);
    // Lowering one that is already counted is always allowed.
    expect(() => sim.setTraffic('a', 'two', parseTraffic({ rps: 1 }))).not.toThrow();
  });

  it('drops the series of a namespace once its traffic has been off for a while', async () => {
    const cluster = canaryCluster('a', 'checkout', 100);
    for (const [k, v] of canaryCluster('b', 'checkout', 100).svc) cluster.svc.set(k, v);
    cluster.deploy.push(...canaryCluster('b', 'checkout', 100).deploy);
    cluster.addVs(canaryCluster('b', 'checkout', 100).virtualService('b', 'checkout')!);
    const metrics = new MeshMetrics();
    const sim = new Simulator(cluster, metrics, createRng(1));
    sim.setTraffic('a', 'checkout', parseTraffic({ rps: 10 }));
    sim.setTraffic('b', 'checkout', parseTraffic({ rps: 10 }));
    run(sim, 1);
    sim.deleteTraffic('a', 'checkout');
    run(sim, IDLE_SERIES_MS / 1000 - 20);
    expect(metrics.sourceNamespaces().sort()).toEqual(['a', 'b']);
    run(sim, 30);
    expect(metrics.sourceNamespaces()).toEqual(['b']);
    expect(await metrics.registry.metrics()).not.toContain('source_workload_namespace="a"');
  });
});
