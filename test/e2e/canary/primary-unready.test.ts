/**
 * Scenario 11, the primary cannot roll out during promotion: the new
 * revision carries an anti-affinity that lets only one of its primary pods
 * run on the bed's single node, so the primary's rollout stalls. The Canary
 * waits and says so (ProgressDeadlineExceeded), never sends requests to a
 * side that is not ready, and does not scale the canary away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apply,
  bed,
  canary,
  condition,
  createNamespace,
  teardown,
  deployment,
  getCanary,
  phaseIs,
  replicas,
  sleep,
  startFledge,
  until,
  vsWeights,
  type Fledge,
} from './support.js';

const { mesh } = bed();
let ns: string;
let fledge: Fledge;

beforeAll(async () => {
  ns = await createNamespace('canary-unready');
  fledge = startFledge(ns);
});

afterAll(async () => {
  await mesh.stopTraffic(ns, 'podinfo').catch(() => undefined);
  await teardown(ns, fledge);
});

const unroutable = async (): Promise<number> =>
  Object.values((await mesh.virtualService(ns, 'podinfo'))?.counts.unroutable ?? {}).reduce(
    (a, b) => a + b,
    0,
  );

describe('a primary that cannot roll out during promotion', () => {
  it('waits without sending traffic to an unready side or removing the canary', async () => {
    await apply(deployment(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.0'));
    await apply(canary(ns, 'podinfo', { maxWeight: 20 }, { progressDeadlineSeconds: 10 }));
    await until(() => phaseIs(ns, 'podinfo', 'Initialized'), 60_000, 'Initialized');
    await mesh.setTraffic(ns, 'podinfo', { rps: 100 });

    // Pods of the new revision labelled v2 repel primary pods of v2: at most one primary pod fits.
    const next = deployment(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.1') as {
      spec: { template: { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> } };
    };
    next.spec.template.metadata.labels['version'] = 'v2';
    next.spec.template.spec['affinity'] = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          {
            topologyKey: 'kubernetes.io/hostname',
            labelSelector: { matchLabels: { app: 'podinfo-primary', version: 'v2' } },
          },
        ],
      },
    };
    await apply(next);
    await until(() => phaseIs(ns, 'podinfo', 'Promoting'), 60_000, 'Promoting');
    const before = await unroutable();
    await sleep(15_000);
    const held = await getCanary(ns, 'podinfo');
    expect(held.status?.phase, fledge.story()).toBe('Promoting');
    expect(condition(held, 'Ready')?.reason).toBe('ProgressDeadlineExceeded');
    expect(await replicas(ns, 'podinfo')).toBe(2);
    expect(await unroutable()).toBe(before);

    const w = await vsWeights(ns, 'podinfo');
    expect(w?.[1]).toBeGreaterThan(0);
  });
});
