/**
 * `spec.autoscalerRef` (issue #4): the primary gets `<hpa>-primary`, a copy
 * of the user's HPA scaling `<target>-primary`, owned by the Canary and kept
 * in sync when the user's HPA changes. A missing HPA is reported on the
 * field. The bed has no metrics-server: the HPAs never scale on load here,
 * so the objects are what is checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, kubectlRun } from '../../support/kubectl.js';
import {
  apply,
  bed,
  canary,
  condition,
  createNamespace,
  deployment,
  getCanary,
  phaseIs,
  startFledge,
  teardown,
  until,
  type Fledge,
} from './support.js';

bed();
let ns: string;
let fledge: Fledge;

beforeAll(async () => {
  ns = await createNamespace('canary-hpa');
  fledge = startFledge(ns);
});

afterAll(async () => {
  await teardown(ns, fledge);
});

const hpa = (name: string, maxReplicas: number) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name, namespace: ns },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
    minReplicas: 1,
    maxReplicas,
    metrics: [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ],
  },
});

interface HpaView {
  metadata: { labels?: Record<string, string>; ownerReferences?: { kind: string; name: string }[] };
  spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number };
}

async function getHpa(name: string): Promise<HpaView | undefined> {
  const res = await kubectlRun(['-n', ns, 'get', 'hpa', name, '-o', 'json']);
  return res.code === 0 ? (JSON.parse(res.stdout) as HpaView) : undefined;
}

describe('a Canary with an autoscalerRef', () => {
  it('gives the primary its own copy of the HPA and keeps it in sync', async () => {
    await apply(deployment(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.0'));
    await apply(hpa('podinfo', 3));
    await apply(canary(ns, 'podinfo', {}, { autoscalerRef: { name: 'podinfo' } }));
    await until(() => phaseIs(ns, 'podinfo', 'Initialized'), 60_000, 'Initialized');

    const copy = await getHpa('podinfo-primary');
    expect(copy?.spec.scaleTargetRef, fledge.story()).toMatchObject({
      kind: 'Deployment',
      name: 'podinfo-primary',
    });
    expect(copy?.spec).toMatchObject({ minReplicas: 1, maxReplicas: 3 });
    expect(copy?.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'Canary', name: 'podinfo' }),
    ]);
    expect(copy?.metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'fledge',
      'fledge.dev/canary': 'podinfo',
    });
    // The user's HPA still scales the target, untouched.
    expect((await getHpa('podinfo'))?.spec.scaleTargetRef.name).toBe('podinfo');

    await kubectl(['-n', ns, 'patch', 'hpa', 'podinfo', '--type=merge', '-p', '{"spec":{"maxReplicas":5}}']);
    await until(
      async () => (await getHpa('podinfo-primary'))?.spec.maxReplicas === 5,
      15_000,
      'the primary HPA to follow the change',
    );
    // In sync means left alone: HPA status writes wake the Canary, but no rewrite loop follows.
    const bootstraps = fledge
      .logs()
      .split('\n')
      .filter(
        (l) => l.includes('"msg":"decided"') && l.includes('"name":"podinfo"') && l.includes('bootstrap'),
      );
    expect(bootstraps.length, 'initialisation and the sync each bootstrap').toBeGreaterThanOrEqual(2);
    expect(bootstraps.length).toBeLessThanOrEqual(4);
  });

  it('names spec.autoscalerRef.name when the HPA does not exist, and recovers once it does', async () => {
    await apply(deployment(ns, 'cart', 'ghcr.io/stefanprodan/podinfo:6.0.0'));
    await apply(canary(ns, 'cart', {}, { autoscalerRef: { name: 'cart' } }));
    const ready = await until(
      async () => condition(await getCanary(ns, 'cart'), 'Ready'),
      30_000,
      'a Ready condition',
    );
    expect(ready).toMatchObject({ status: 'False', reason: 'HorizontalPodAutoscalerNotFound' });
    expect(ready.message).toContain('spec.autoscalerRef.name: HorizontalPodAutoscaler "cart" not found');
    expect(await getHpa('cart-primary')).toBeUndefined();

    await apply(hpa('cart', 2));
    await until(() => phaseIs(ns, 'cart', 'Initialized'), 30_000, 'cart Initialized once the HPA exists');
    expect((await getHpa('cart-primary'))?.spec.scaleTargetRef.name).toBe('cart-primary');
  });
});
