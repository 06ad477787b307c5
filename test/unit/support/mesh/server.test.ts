import type { Server } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshClient, MeshClientError } from '../../../support/mesh/client.js';
import { MeshMetrics } from '../../../support/mesh/metrics.js';
import { createRng } from '../../../support/mesh/prng.js';
import { createMeshServer, listen } from '../../../support/mesh/server.js';
import { Simulator } from '../../../support/mesh/simulator.js';
import { canaryCluster } from './fixtures.js';

// The control API over real HTTP on 127.0.0.1, driven by the typed client;
// the simulator ticks by hand, so nothing depends on timing.
let server: Server;
let base: string;
let sim: Simulator;
const metrics = new MeshMetrics();
const client = (): MeshClient => new MeshClient(base);

beforeAll(async () => {
  sim = new Simulator(canaryCluster('shop', 'checkout', 90), metrics, createRng(1));
  server = createMeshServer({
    simulator: sim,
    registry: metrics.registry,
    log: pino({ level: 'silent' }),
    synced: () => true,
  });
  base = `http://127.0.0.1:${await listen(server, 0)}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function rejection(p: Promise<unknown>): Promise<MeshClientError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MeshClientError);
  return err as MeshClientError;
}

describe('control API', () => {
  it('sets traffic and workloads, and reports them in /v1/state', async () => {
    await client().reset();
    expect(await client().setTraffic('shop', 'checkout', { rps: 20 })).toMatchObject({
      found: true,
      traffic: { rps: 20 },
    });
    expect(await client().setWorkload('shop', 'checkout', { errorRate: 0.2 })).toMatchObject({
      errorRate: 0.2,
      latencyMs: { p50: 10, p99: 50 },
    });
    for (let i = 0; i < 10; i++) sim.tick(100);
    const state = await client().state();
    expect(state.totalRps).toBe(20);
    expect(state.workloads).toEqual([
      { namespace: 'shop', name: 'checkout', errorRate: 0.2, latencyMs: { p50: 10, p99: 50 } },
    ]);
    const vs = state.virtualServices[0]!;
    expect(vs.counts.total).toBe(20);
    expect(
      vs.routes[0]!.destinations.map((d) => [d.host, d.weight, d.workloads.map((w) => w.workload)]),
    ).toEqual([
      ['checkout-primary', 90, ['shop/checkout-primary']],
      ['checkout-canary', 10, ['shop/checkout']],
    ]);
  });

  it('serves the Istio metrics', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('istio_requests_total{reporter="destination"');
    expect(text).toContain('istio_request_duration_milliseconds_bucket{le="0.5"');
  });

  it('warns when the VirtualService does not exist', async () => {
    expect(await client().setTraffic('shop', 'nope', { rps: 1 })).toMatchObject({ found: false });
    await client().stopTraffic('shop', 'nope');
  });

  it.each([
    ['rps above the cap', { rps: 5000 }, 'rps', /at most 2000/],
    ['a misspelt field', { rsp: 5 }, '(body)', /rsp/],
  ])('refuses %s with 400 naming the field', async (_name, body, path, message) => {
    const err = await rejection(client().setTraffic('shop', 'checkout', body as { rps: number }));
    expect(err.status).toBe(400);
    const issues = (err.body as { issues: Array<{ path: string; message: string }> }).issues;
    expect(issues.find((i) => i.path === path)?.message).toMatch(message);
  });

  it('refuses a bad workload with 400 naming the field', async () => {
    const err = await rejection(client().setWorkload('shop', 'x', { latencyMs: { p50: 50, p99: 10 } }));
    expect(err.status).toBe(400);
    expect(JSON.stringify(err.body)).toContain('latencyMs.p99');
  });

  it.each([
    ['invalid JSON', 'PUT', '/v1/traffic/shop/checkout', '{', 400],
    ['an unknown path', 'GET', '/v2/state', undefined, 404],
    ['a wrong method', 'POST', '/v1/traffic/shop/checkout', '{}', 405],
    ['deleting traffic that is not set', 'DELETE', '/v1/traffic/shop/none', undefined, 404],
  ])('answers %s with an error status', async (_name, method, path, body, status) => {
    const res = await fetch(`${base}${path}`, { method, ...(body !== undefined && { body }) });
    expect(res.status).toBe(status);
    expect(await res.json()).toHaveProperty('error');
  });
});
