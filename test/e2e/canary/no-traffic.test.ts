/**
 * Scenario 5, no traffic: a canary at 0 rps is NoData, never a pass; the
 * weight never moves past the first step, and after `noDataTimeout` the
 * rollout fails with NoData.
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
  ns = await createNamespace('canary-notraffic');
  fledge = startFledge(ns);
});

afterAll(async () => {
  await mesh.stopTraffic(ns, 'podinfo').catch(() => undefined);
  await mesh.stopTraffic(ns, 'dropping').catch(() => undefined);
  await teardown(ns, fledge);
});

describe('a service without traffic', () => {
  it('is never promoted: NoData in status, rolled back after noDataTimeout', async () => {
    await apply(deployment(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.0'));
    await apply(canary(ns, 'podinfo', { threshold: 100, noDataTimeout: '15s' }));
    await until(() => phaseIs(ns, 'podinfo', 'Initialized'), 60_000, 'Initialized');
    await mesh.setTraffic(ns, 'podinfo', { rps: 0 });

    await setImage(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.1');
    let maxWeight = 0;
    const done = await until(
      async () => {
        maxWeight = Math.max(maxWeight, (await vsWeights(ns, 'podinfo'))?.[1] ?? 0);
        return phaseIs(ns, 'podinfo', 'Failed', 'Succeeded');
      },
      90_000,
      'Failed',
    );
    expect(done.status?.phase, fledge.story()).toBe('Failed');
    expect(maxWeight).toBeLessThanOrEqual(10);
    expect(condition(done, 'Promoted')?.reason).toBe('NoData');
    expect((done.status?.metrics ?? []).some((m) => m.verdict === 'NoData')).toBe(true);
    expect((done.status?.metrics ?? []).some((m) => m.verdict === 'Pass')).toBe(false);
    expect(await vsWeights(ns, 'podinfo')).toEqual([100, 0]);
    expect(await image(ns, 'podinfo-primary')).toBe('ghcr.io/stefanprodan/podinfo:6.0.0');
  });
  it('does not advance when traffic drops to zero mid-analysis', async () => {
    await apply(deployment(ns, 'dropping', 'ghcr.io/stefanprodan/podinfo:6.0.0'));
    await apply(canary(ns, 'dropping', { threshold: 100, noDataTimeout: '15s' }));
    await until(() => phaseIs(ns, 'dropping', 'Initialized'), 60_000, 'Initialized');
    await mesh.setTraffic(ns, 'dropping', { rps: 100 });
    await setImage(ns, 'dropping', 'ghcr.io/stefanprodan/podinfo:6.0.1');
    await until(async () => ((await vsWeights(ns, 'dropping'))?.[1] ?? 0) >= 20, 40_000, 'weight 20');
    await mesh.setTraffic(ns, 'dropping', { rps: 0 });
    const atDrop = (await vsWeights(ns, 'dropping'))?.[1] ?? 0;
    let maxWeight = atDrop;
    const done = await until(
      async () => {
        maxWeight = Math.max(maxWeight, (await vsWeights(ns, 'dropping'))?.[1] ?? 0);
        return phaseIs(ns, 'dropping', 'Failed', 'Succeeded');
      },
      90_000,
      'Failed',
    );
    expect(done.status?.phase, fledge.story()).toBe('Failed');
    expect(condition(done, 'Promoted')?.reason).toBe('NoData');
    // The interval already under way when traffic stopped may still count; nothing after it.
    expect(maxWeight).toBeLessThanOrEqual(atDrop + 10);
    expect(await image(ns, 'dropping-primary')).toBe('ghcr.io/stefanprodan/podinfo:6.0.0');
  });
});
