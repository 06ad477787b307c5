/**
 * Scenario 4, Prometheus stopped mid-analysis: nothing can be measured, so
 * nothing is promoted; the failed checks say MetricsUnavailable and the
 * rollout is rolled back at the threshold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { components } from '../../support/testbed.js';
import {
  apply,
  bed,
  canary,
  condition,
  createNamespace,
  teardown,
  deployment,
  getCanary,
  image,
  phaseIs,
  setImage,
  startFledge,
  until,
  vsWeights,
  type Fledge,
} from './support.js';

const { mesh } = bed();
let ns: string;
let fledge: Fledge;

beforeAll(async () => {
  ns = await createNamespace('canary-outage');
  fledge = startFledge(ns);
});

afterAll(async () => {
  await components.prometheus.start();
  await mesh.stopTraffic(ns, 'podinfo').catch(() => undefined);
  await teardown(ns, fledge);
});

describe('a Prometheus outage mid-analysis', () => {
  it('never promotes, and rolls back with MetricsUnavailable', async () => {
    await apply(deployment(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.0'));
    await apply(canary(ns, 'podinfo', { threshold: 3 }));
    await until(() => phaseIs(ns, 'podinfo', 'Initialized'), 60_000, 'Initialized');
    await mesh.setTraffic(ns, 'podinfo', { rps: 100 });

    await setImage(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.1');
    await until(async () => ((await vsWeights(ns, 'podinfo'))?.[1] ?? 0) >= 10, 30_000, 'first step');
    await components.prometheus.stop();
    try {
      const done = await until(() => phaseIs(ns, 'podinfo', 'Failed', 'Succeeded'), 90_000, 'Failed');
      expect(done.status?.phase, fledge.story()).toBe('Failed');
      expect(condition(done, 'Promoted')?.reason).toBe('MetricsUnavailable');
      const unavailable = (done.status?.metrics ?? []).filter((m) => m.verdict === 'Unavailable');
      expect(unavailable.length).toBeGreaterThan(0);
      expect(unavailable.every((m) => m.reason === 'MetricsUnavailable')).toBe(true);
      expect(await vsWeights(ns, 'podinfo')).toEqual([100, 0]);
      expect(await image(ns, 'podinfo-primary')).toBe('ghcr.io/stefanprodan/podinfo:6.0.0');
    } finally {
      await components.prometheus.start();
    }
    expect((await getCanary(ns, 'podinfo')).status?.phase).toBe('Failed');
  });
});
