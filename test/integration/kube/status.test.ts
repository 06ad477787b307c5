import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient } from '../../../src/kube/client.js';
import { setCondition, type Condition } from '../../../src/kube/conditions.js';
import type { KubeObject } from '../../../src/kube/resource-client.js';
import type { ResourceKind } from '../../../src/kube/resource-kind.js';
import { updateStatus } from '../../../src/kube/status.js';
import { createMetrics } from '../../../src/observability/metrics.js';
import { bedClient, createNamespace, deleteNamespace, eventually } from './bed.js';

/** A throwaway CRD with a status subresource: the same code path Canary and FeatureFlag take. */
const crdKind: ResourceKind = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  plural: 'customresourcedefinitions',
  kind: 'CustomResourceDefinition',
  namespaced: false,
};
const counterKind: ResourceKind = {
  group: 'runtime-test.fledge.dev',
  version: 'v1',
  plural: 'counters',
  kind: 'Counter',
  namespaced: true,
};

interface Counter extends KubeObject {
  spec?: Record<string, unknown>;
  status?: { counts?: Record<string, number>; conditions?: Condition[]; observedGeneration?: number };
}

let client: KubeClient;
let ns: string;

beforeAll(async () => {
  client = bedClient();
  const crds = client.resources<
    KubeObject & { status?: { conditions?: { type: string; status: string }[] } }
  >(crdKind);
  await crds
    .create({
      metadata: { name: 'counters.runtime-test.fledge.dev' },
      spec: {
        group: counterKind.group,
        scope: 'Namespaced',
        names: { plural: 'counters', singular: 'counter', kind: 'Counter', listKind: 'CounterList' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            subresources: { status: {} },
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                },
              },
            },
          },
        ],
      },
    } as KubeObject)
    .catch((err: unknown) => {
      if ((err as { status?: number }).status !== 409) throw err;
    });
  await eventually(
    async () =>
      (await crds.get(undefined, 'counters.runtime-test.fledge.dev')).status?.conditions?.some(
        (c) => c.type === 'Established' && c.status === 'True',
      ),
    30_000,
    'the test CRD to be established',
  );
  ns = await createNamespace(client, 'status');
});

afterAll(async () => {
  await deleteNamespace(client, ns);
  client.close();
});

describe('updateStatus against the real apiserver', () => {
  it('concurrent writers both land every change; conflicts are retried from fresh state and counted', async () => {
    const counters = client.resources<Counter>(counterKind);
    const created = await eventually(
      () => counters.create({ metadata: { name: 'c1', namespace: ns }, spec: { x: 1 } }),
      15_000,
      'the CRD to serve',
    );
    const metrics = createMetrics();
    const onConflict = (): void => metrics.statusConflicts.inc({ kind: 'Counter' });
    const perWriter = 10;
    const writer = async (id: string): Promise<number> => {
      // Each writer keeps its own (soon stale) copy, like a reconciler reading its cache.
      let current: Counter = created;
      let conflicts = 0;
      for (let i = 0; i < perWriter; i++) {
        const r = await updateStatus(
          counters,
          ns,
          'c1',
          (status) => ({ ...status, counts: { ...status?.counts, [id]: (status?.counts?.[id] ?? 0) + 1 } }),
          { current, maxAttempts: 50, onConflict },
        );
        current = r.object;
        conflicts += r.conflicts;
      }
      return conflicts;
    };
    const conflicts = await Promise.all([writer('a'), writer('b'), writer('c')]);
    const final = await counters.get(ns, 'c1');
    expect(final.status?.counts).toEqual({ a: perWriter, b: perWriter, c: perWriter });
    const total = conflicts.reduce((x, y) => x + y, 0);
    expect(total).toBeGreaterThan(0);
    expect((await metrics.statusConflicts.get()).values[0]?.value).toBe(total);
    expect(final.spec).toEqual({ x: 1 }); // the status subresource never touched spec
  });

  it('skips the write when status would not change, and a Ready condition keeps its transition time', async () => {
    const counters = client.resources<Counter>(counterKind);
    await counters.create({ metadata: { name: 'c2', namespace: ns }, spec: {} });
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const mutate =
      (now: number, ready: boolean) =>
      (status: Counter['status'], obj: Counter): NonNullable<Counter['status']> => ({
        ...status,
        observedGeneration: obj.metadata?.generation,
        conditions: setCondition(
          status?.conditions,
          {
            type: 'Ready',
            status: ready ? 'True' : 'False',
            reason: ready ? 'Ok' : 'Waiting',
            message: 'm',
            observedGeneration: obj.metadata?.generation,
          },
          now,
        ),
      });
    const first = await updateStatus(counters, ns, 'c2', mutate(t0, true));
    expect(first.written).toBe(true);
    const again = await updateStatus(counters, ns, 'c2', mutate(t0 + 60_000, true));
    expect(again.written).toBe(false);
    expect(again.object.status?.conditions?.[0]?.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
    const flipped = await updateStatus(counters, ns, 'c2', mutate(t0 + 120_000, false));
    expect(flipped.object.status?.conditions?.[0]).toMatchObject({
      status: 'False',
      lastTransitionTime: '2026-01-01T00:02:00Z',
      observedGeneration: 1,
    });
    expect(flipped.object.status?.observedGeneration).toBe(1);
  });
});
