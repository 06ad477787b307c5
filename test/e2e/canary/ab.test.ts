/**
 * Scenario 9, A/B: with `analysis.match`, only requests carrying the header
 * reach the canary, for `iterations` intervals, then the revision is promoted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apply,
  bed,
  canary,
  createNamespace,
  teardown,
  deployment,
  image,
  phaseIs,
  setImage,
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
  ns = await createNamespace('canary-ab');
  fledge = startFledge(ns);
});

afterAll(async () => {
  await mesh.stopTraffic(ns, 'podinfo').catch(() => undefined);
  await teardown(ns, fledge);
});

const sent = async (): Promise<{ canary: number; primary: number }> => {
  const vs = await mesh.virtualService(ns, 'podinfo');
  const total = (codes: Record<string, number> | undefined) =>
    Object.values(codes ?? {}).reduce((a, b) => a + b, 0);
  return {
    canary: total(vs?.counts.sent[`${ns}/podinfo`]),
    primary: total(vs?.counts.sent[`${ns}/podinfo-primary`]),
  };
};

describe('an A/B rollout', () => {
  it('sends only matching requests to the canary, then promotes', async () => {
    await apply(deployment(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.0'));
    await apply(
      canary(ns, 'podinfo', {
        stepWeight: undefined,
        maxWeight: undefined,
        iterations: 4,
        match: [{ headers: { 'x-user-type': { exact: 'insider' } } }],
      }),
    );
    await until(() => phaseIs(ns, 'podinfo', 'Initialized'), 60_000, 'Initialized');
    await mesh.setTraffic(ns, 'podinfo', {
      rps: 200,
      headers: [{ share: 0.3, values: { 'x-user-type': 'insider' } }],
    });
    await setImage(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.1');
    await until(
      async () => ((await mesh.virtualService(ns, 'podinfo'))?.routes.length ?? 0) > 1,
      30_000,
      'A/B route',
    );
    expect(await vsWeights(ns, 'podinfo')).toEqual([100, 0]);
    const a = await sent();
    await sleep(6000);
    const b = await sent();
    const share = (b.canary - a.canary) / (b.canary - a.canary + b.primary - a.primary);
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.4);

    const done = await until(() => phaseIs(ns, 'podinfo', 'Succeeded', 'Failed'), 90_000, 'Succeeded');
    expect(done.status?.phase, fledge.story()).toBe('Succeeded');
    expect(await image(ns, 'podinfo-primary')).toBe('ghcr.io/stefanprodan/podinfo:6.0.1');
    expect((await mesh.virtualService(ns, 'podinfo'))?.routes.length).toBe(1);
  });
});
