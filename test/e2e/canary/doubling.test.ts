/**
 * Scenario 8, a doubling rollout: 5 → 10 → 20 → 40, each step taken only
 * once the canary served `minSampleSize` requests in the current one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apply,
  bed,
  canary,
  createNamespace,
  teardown,
  deployment,
  events,
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
  ns = await createNamespace('canary-doubling');
  fledge = startFledge(ns);
});

afterAll(async () => {
  await mesh.stopTraffic(ns, 'podinfo').catch(() => undefined);
  await teardown(ns, fledge);
});

describe('a doubling rollout', () => {
  it('doubles the weight only after enough canary requests', async () => {
    await apply(deployment(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.0'));
    await apply(
      canary(ns, 'podinfo', {
        stepWeight: undefined,
        maxWeight: 40,
        doubling: { initialWeight: 5, minSampleSize: 150 },
      }),
    );
    await until(() => phaseIs(ns, 'podinfo', 'Initialized'), 60_000, 'Initialized');
    await mesh.setTraffic(ns, 'podinfo', { rps: 300 });

    await setImage(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.1');
    const seen: number[] = [];
    const done = await until(
      async () => {
        const w = await vsWeights(ns, 'podinfo');
        if (w && w[1] > 0 && seen.at(-1) !== w[1]) seen.push(w[1]);
        return phaseIs(ns, 'podinfo', 'Succeeded', 'Failed');
      },
      110_000,
      'Succeeded',
    );
    expect(done.status?.phase, fledge.story()).toBe('Succeeded');
    expect(seen).toEqual([5, 10, 20, 40]);
    // At 5 % of 300 rps one 5 s interval holds ~75 requests: the first step had to wait.
    expect((await events(ns)).some((e) => e.startsWith('WaitingForSamples'))).toBe(true);
  });
});
