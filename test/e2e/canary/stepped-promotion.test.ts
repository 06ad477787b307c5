/**
 * `analysis.stepWeightPromotion`: after the analysis passed at maxWeight and
 * the primary runs the new revision, traffic goes back to it in steps
 * (50 → 30 → 10 → 0 % canary), one per interval, before Finalising.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apply,
  bed,
  canary,
  createNamespace,
  deployment,
  getCanary,
  image,
  phaseIs,
  replicas,
  setImage,
  startFledge,
  teardown,
  until,
  vsWeights,
  type Fledge,
} from './support.js';

const { mesh } = bed();
let ns: string;
let fledge: Fledge;

beforeAll(async () => {
  ns = await createNamespace('canary-stepped');
  fledge = startFledge(ns);
});

afterAll(async () => {
  await mesh.stopTraffic(ns, 'podinfo').catch(() => undefined);
  await teardown(ns, fledge);
});

describe('stepped promotion', () => {
  it('moves traffic back to the new primary in steps of stepWeightPromotion', async () => {
    await apply(deployment(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.0'));
    await apply(canary(ns, 'podinfo', { stepWeight: 25, maxWeight: 50, stepWeightPromotion: 20 }));
    await until(() => phaseIs(ns, 'podinfo', 'Initialized'), 60_000, 'Initialized');
    await mesh.setTraffic(ns, 'podinfo', { rps: 100 });

    await setImage(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.1');
    const promoting: number[] = [];
    const seen: number[] = [];
    let primaryImageWhileStepping: string | undefined;
    await until(
      async () => {
        const c = await getCanary(ns, 'podinfo');
        const w = await vsWeights(ns, 'podinfo');
        if (w && w[1] > 0 && seen.at(-1) !== w[1]) seen.push(w[1]);
        if (c.status?.phase === 'Promoting' && w && promoting.at(-1) !== w[1]) {
          promoting.push(w[1]);
          if (w[1] > 0 && w[1] < 50) primaryImageWhileStepping = await image(ns, 'podinfo-primary');
        }
        return ['Succeeded', 'Failed'].includes(c.status?.phase ?? '') ? c : undefined;
      },
      110_000,
      'Succeeded',
    );
    const c = await getCanary(ns, 'podinfo');
    expect(c.status?.phase, fledge.story()).toBe('Succeeded');
    // Up in analysis steps, back down in promotion steps (the routes go to 0 %
    // a moment before the status says Finalising).
    expect(seen, fledge.story()).toEqual([25, 50, 30, 10]);
    expect(
      promoting.filter((w) => w > 0 && w < 50),
      fledge.story(),
    ).toEqual([30, 10]);
    expect(primaryImageWhileStepping).toBe('ghcr.io/stefanprodan/podinfo:6.0.1');
    expect(await vsWeights(ns, 'podinfo')).toEqual([100, 0]);
    expect(await replicas(ns, 'podinfo')).toBe(0);
    expect(fledge.logs()).toMatch(/"reason":"PromotionStep"/);
  });
});
