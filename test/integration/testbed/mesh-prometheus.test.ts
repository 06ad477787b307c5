/**
 * The mesh simulator seen through the REAL Prometheus of the test bed, with
 * the PromQL Fledge's builtin checks use: success rate, p99 latency, and the
 * traffic split following a VirtualService weight change.
 */
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Deployment,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testbed } from '../../support/env.js';
import { MeshClient } from '../../support/mesh/client.js';

const env = testbed();
const ns = `mesh-it-${Date.now().toString(36)}`;
const kc = new KubeConfig();
kc.loadFromFile(env.KUBECONFIG);
const core = kc.makeApiClient(CoreV1Api);
const apps = kc.makeApiClient(AppsV1Api);
const custom = kc.makeApiClient(CustomObjectsApi);
const mesh = new MeshClient(env.MESH_URL);
const vsRef = {
  group: 'networking.istio.io',
  version: 'v1',
  namespace: ns,
  plural: 'virtualservices',
  name: 'checkout',
};

const RPS = 200;
// p99 95 ms sits just under the upper bound of Istio's (50, 100] bucket, and
// the lognormal (p50 50) puts 99.4 % of requests at or below 100 ms. Prometheus
// interpolates linearly inside that bucket, which lands near 99.6 ms (+5 %);
// a p99 in the middle of a wide bucket (say 180 in (100, 250]) would read
// ~240 ms, because the tail is far from uniform there.
const PRIMARY_LATENCY = { p50: 50, p99: 95 };

function deployment(name: string, labels: Record<string, string>): V1Deployment {
  return {
    metadata: { name, namespace: ns },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: labels['app']! } },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'app', image: 'registry.invalid/checkout:1' }] },
      },
    },
  };
}

function routes(primary: number, canary: number): unknown {
  return [
    {
      route: [
        { destination: { host: 'checkout-primary' }, weight: primary },
        { destination: { host: 'checkout-canary' }, weight: canary },
      ],
    },
  ];
}

async function query(promql: string): Promise<number | undefined> {
  const url = new URL('/api/v1/query', env.PROMETHEUS_URL);
  url.searchParams.set('query', promql);
  const body = (await (await fetch(url)).json()) as {
    status: string;
    data?: { result: Array<{ value: [number, string] }> };
  };
  expect(body.status).toBe('success');
  const v = body.data?.result[0]?.value[1];
  return v === undefined ? undefined : Number(v);
}

async function until<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await fn();
    if (last !== undefined) return last;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
}

const dest = (workload: string, extra = ''): string =>
  `reporter="destination",destination_workload_namespace="${ns}",destination_workload="${workload}"${extra}`;

beforeAll(async () => {
  await core.createNamespace({ body: { metadata: { name: ns } } });
  await apps.createNamespacedDeployment({
    namespace: ns,
    body: deployment('checkout-primary', { app: 'checkout-primary', version: 'v1' }),
  });
  await apps.createNamespacedDeployment({
    namespace: ns,
    body: deployment('checkout', { app: 'checkout', version: 'v2' }),
  });
  for (const [name, app] of [
    ['checkout-primary', 'checkout-primary'],
    ['checkout-canary', 'checkout'],
  ] as const) {
    await core.createNamespacedService({
      namespace: ns,
      body: { metadata: { name }, spec: { selector: { app }, ports: [{ name: 'http', port: 80 }] } },
    });
  }
  await custom.createNamespacedCustomObject({
    ...vsRef,
    body: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'checkout', namespace: ns },
      spec: { hosts: ['checkout'], http: routes(50, 50) },
    },
  });
  // kwok makes the pods Ready; the simulator sees it through its watches.
  await until('both sides ready in the simulator', 60_000, async () => {
    await mesh.setTraffic(ns, 'checkout', { rps: 0 });
    const vs = await mesh.virtualService(ns, 'checkout');
    const ready = vs?.routes[0]?.destinations.every((d) => (d.workloads[0]?.ready ?? 0) > 0);
    return ready ? true : undefined;
  });
  await mesh.setWorkload(ns, 'checkout', { errorRate: 0.2 });
  await mesh.setWorkload(ns, 'checkout-primary', { latencyMs: PRIMARY_LATENCY });
  await mesh.setTraffic(ns, 'checkout', { rps: RPS });
  // A [30s] window is only meaningful once it is full of traffic.
  await until('30 s of canary traffic in Prometheus', 90_000, async () => {
    const n = await query(`sum(increase(istio_requests_total{${dest('checkout')}}[30s]))`);
    return n !== undefined && n > 0.85 * (RPS / 2) * 30 ? n : undefined;
  });
}, 180_000);

afterAll(async () => {
  await mesh.stopTraffic(ns, 'checkout').catch(() => undefined);
  await core.deleteNamespace({ name: ns }).catch(() => undefined);
});

describe('mesh simulator → Prometheus', () => {
  it('gives an 80 % success rate for a workload at errorRate 0.2', async () => {
    const rate = await query(
      `sum(rate(istio_requests_total{${dest('checkout', ',response_code!~"5.*"')}}[30s]))` +
        ` / sum(rate(istio_requests_total{${dest('checkout')}}[30s])) * 100`,
    );
    expect(rate).toBeDefined();
    expect(Math.abs(rate! - 80)).toBeLessThanOrEqual(3);
    // The primary is healthy: the same query reads 100.
    const primary = await query(
      `sum(rate(istio_requests_total{${dest('checkout-primary', ',response_code!~"5.*"')}}[30s]))` +
        ` / sum(rate(istio_requests_total{${dest('checkout-primary')}}[30s])) * 100`,
    );
    expect(primary).toBe(100);
  });

  it('reflects the configured p99 latency within 15 %', async () => {
    const p99 = await query(
      `histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket{${dest('checkout-primary')}}[30s])) by (le))`,
    );
    expect(p99).toBeDefined();
    expect(Math.abs(p99! / PRIMARY_LATENCY.p99 - 1)).toBeLessThanOrEqual(0.15);
  });

  it('follows a VirtualService weight change within a few scrapes', async () => {
    const canaryShare =
      `sum(rate(istio_requests_total{${dest('checkout')}}[5s]))` +
      ` / sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="${ns}"}[5s]))`;
    const before = await query(canaryShare);
    expect(Math.abs(before! - 0.5)).toBeLessThan(0.08);

    await custom.patchNamespacedCustomObject(
      { ...vsRef, body: [{ op: 'replace', path: '/spec/http', value: routes(90, 10) }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    const patchedAt = Date.now();
    await until('the simulator to see 90/10', 10_000, async () => {
      const vs = await mesh.virtualService(ns, 'checkout');
      return vs?.routes[0]?.destinations[1]?.weight === 10 ? true : undefined;
    });
    const share = await until('Prometheus to show a 10 % canary share', 30_000, async () => {
      const s = await query(canaryShare);
      return s !== undefined && Math.abs(s - 0.1) < 0.04 ? s : undefined;
    });
    const seconds = (Date.now() - patchedAt) / 1000;
    // 1 s scrapes and a 5 s rate window: the old split is gone after ~6 scrapes.
    expect(seconds).toBeLessThan(15);
    expect(Math.abs(share - 0.1)).toBeLessThan(0.04);
  });
});
