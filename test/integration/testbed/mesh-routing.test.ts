/**
 * The mesh simulator against the bed's real apiserver: it follows
 * VirtualService, Service and Deployment changes through its watches, sends
 * nothing to a side without ready pods, and routes A/B traffic by header.
 * Asserted on the simulator's own counts (the Prometheus side is in
 * mesh-prometheus.test.ts).
 */
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testbed } from '../../support/env.js';
import { MeshClient, type VirtualServiceState } from '../../support/mesh/client.js';

const env = testbed();
const ns = `mesh-rt-${Date.now().toString(36)}`;
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
  name: 'shop',
};
const jsonPatch = setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);

async function vsState(): Promise<VirtualServiceState> {
  const vs = await mesh.virtualService(ns, 'shop');
  if (!vs) throw new Error(`mesh simulator has no traffic entry for ${ns}/shop`);
  return vs;
}

async function until<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${JSON.stringify(await vsState())}`);
}

const sent = (s: VirtualServiceState, workload: string): number =>
  Object.values(s.counts.sent[`${ns}/${workload}`] ?? {}).reduce((a, b) => a + b, 0);

async function scale(name: string, replicas: number): Promise<void> {
  await apps.patchNamespacedDeployment(
    { name, namespace: ns, body: [{ op: 'replace', path: '/spec/replicas', value: replicas }] },
    jsonPatch,
  );
}

beforeAll(async () => {
  await core.createNamespace({ body: { metadata: { name: ns } } });
  for (const [name, app, replicas] of [
    ['shop-primary', 'shop-primary', 1],
    ['shop', 'shop', 0],
  ] as const) {
    await apps.createNamespacedDeployment({
      namespace: ns,
      body: {
        metadata: { name },
        spec: {
          replicas,
          selector: { matchLabels: { app } },
          template: {
            metadata: { labels: { app } },
            spec: { containers: [{ name: 'app', image: 'registry.invalid/shop:1' }] },
          },
        },
      },
    });
  }
  for (const [name, app] of [
    ['shop-primary', 'shop-primary'],
    ['shop-canary', 'shop'],
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
      metadata: { name: 'shop', namespace: ns },
      spec: {
        hosts: ['shop'],
        http: [
          {
            route: [
              { destination: { host: 'shop-primary' }, weight: 50 },
              { destination: { host: 'shop-canary.' + ns + '.svc.cluster.local' }, weight: 50 },
            ],
          },
        ],
      },
    },
  });
  await mesh.setTraffic(ns, 'shop', {
    rps: 100,
    headers: [{ share: 0.3, values: { 'x-user-type': 'insider' } }],
  });
}, 120_000);

afterAll(async () => {
  await mesh.stopTraffic(ns, 'shop').catch(() => undefined);
  await core.deleteNamespace({ name: ns }).catch(() => undefined);
});

describe('mesh simulator on the real apiserver', () => {
  it('sends nothing to a side without ready pods: 503 UH, counted as unroutable', async () => {
    const s = await until('primary ready and canary traffic failing', 60_000, async () => {
      const v = await vsState();
      return sent(v, 'shop-primary') > 50 &&
        (v.counts.unroutable[`shop-canary.${ns}.svc.cluster.local`] ?? 0) > 50
        ? v
        : undefined;
    });
    expect(s.counts.sent[`${ns}/shop`]).toBeUndefined();
    expect(s.routes[0]!.destinations[1]!.unroutable).toMatch(/no ready replicas/);
  });

  it('starts sending to the canary once kwok makes its pod ready', async () => {
    await scale('shop', 1);
    const s = await until('requests answered by the canary', 60_000, async () => {
      const v = await vsState();
      return sent(v, 'shop') > 50 ? v : undefined;
    });
    expect(s.routes[0]!.destinations[1]!.workloads).toEqual([{ workload: `${ns}/shop`, ready: 1 }]);
  });

  it('routes by header as soon as the VirtualService changes', async () => {
    await custom.patchNamespacedCustomObject(
      {
        ...vsRef,
        body: [
          {
            op: 'add',
            path: '/spec/http/0',
            value: {
              name: 'insiders',
              match: [{ headers: { 'x-user-type': { exact: 'insider' } } }],
              route: [{ destination: { host: 'shop-canary' } }],
            },
          },
          { op: 'replace', path: '/spec/http/1/route/0/weight', value: 100 },
          { op: 'replace', path: '/spec/http/1/route/1/weight', value: 0 },
        ],
      },
      jsonPatch,
    );
    await until('the simulator to see the new route', 10_000, async () =>
      (await vsState()).routes[0]?.name === 'insiders' ? true : undefined,
    );
    const before = await vsState();
    await new Promise((r) => setTimeout(r, 10_000));
    const after = await vsState();
    const canary = sent(after, 'shop') - sent(before, 'shop');
    const total = after.counts.total - before.counts.total;
    expect(total).toBeGreaterThan(500);
    // Only the 30 % of requests carrying x-user-type: insider reach the canary.
    expect(Math.abs(canary / total - 0.3)).toBeLessThan(0.06);
  });

  it('stops sending when the VirtualService is deleted', async () => {
    await custom.deleteNamespacedCustomObject(vsRef);
    await until('the simulator to lose the VirtualService', 10_000, async () =>
      (await vsState()).found ? undefined : true,
    );
    const before = (await vsState()).counts.total;
    await new Promise((r) => setTimeout(r, 2000));
    expect((await vsState()).counts.total).toBe(before);
  });
});
