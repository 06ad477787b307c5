/**
 * Scenario 6, the operator SIGKILLed at a random point of a rollout and
 * started again converges: the rollout finishes, no weight is left behind,
 * the primary runs the new revision once.
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
  replicas,
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
  ns = await createNamespace('canary-crash');
  fledge = startFledge(ns);
});

afterAll(async () => {
  await mesh.stopTraffic(ns, 'podinfo').catch(() => undefined);
  await teardown(ns, fledge);
});

describe('SIGKILL mid-rollout', () => {
  it('converges after a restart', async () => {
    await apply(deployment(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.0'));
    await apply(canary(ns, 'podinfo', { maxWeight: 30 }));
    await until(() => phaseIs(ns, 'podinfo', 'Initialized'), 60_000, 'Initialized');
    await mesh.setTraffic(ns, 'podinfo', { rps: 100 });

    await setImage(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.1');
    const delay = 2000 + Math.floor(Math.random() * 14_000);
    await sleep(delay);
    const at = (await phaseIs(ns, 'podinfo', 'Progressing', 'Promoting', 'Finalising', 'Succeeded'))?.status;
    await fledge.kill();
    await sleep(2000);
    fledge = startFledge(ns);
    const done = await until(() => phaseIs(ns, 'podinfo', 'Succeeded', 'Failed'), 90_000, 'Succeeded');
    expect(done.status?.phase, `killed after ${delay} ms at ${JSON.stringify(at)}\n${fledge.story()}`).toBe(
      'Succeeded',
    );
    expect(await vsWeights(ns, 'podinfo')).toEqual([100, 0]);
    expect(await image(ns, 'podinfo-primary')).toBe('ghcr.io/stefanprodan/podinfo:6.0.1');
    await until(async () => (await replicas(ns, 'podinfo')) === 0, 10_000, 'target at 0');
  });
});
