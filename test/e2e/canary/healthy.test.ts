/**
 * Scenario 1, a healthy release: weights 0 → 10 → … → 50 in the
 * VirtualService, promotion, the primary runs the new image, the target is
 * at 0 replicas, Succeeded, and `kubectl wait --for=condition=Promoted` returns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlRun } from '../../support/kubectl.js';
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
  replicas,
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
  ns = await createNamespace('canary-healthy');
  fledge = startFledge(ns);
});

afterAll(async () => {
  await mesh.stopTraffic(ns, 'podinfo').catch(() => undefined);
  await teardown(ns, fledge);
});

describe('a healthy release', () => {
  it('steps 10 → 50, promotes, and reports Promoted', async () => {
    await apply(deployment(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.0'));
    await apply(canary(ns, 'podinfo'));
    await until(() => phaseIs(ns, 'podinfo', 'Initialized'), 60_000, 'Initialized');
    expect(await vsWeights(ns, 'podinfo')).toEqual([100, 0]);
    expect(await replicas(ns, 'podinfo')).toBe(0);
    await mesh.setTraffic(ns, 'podinfo', { rps: 100 });

    await setImage(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.1');
    const seen: number[] = [];
    await until(
      async () => {
        const w = await vsWeights(ns, 'podinfo');
        if (w && w[1] > 0 && seen.at(-1) !== w[1]) seen.push(w[1]);
        return phaseIs(ns, 'podinfo', 'Succeeded', 'Failed');
      },
      110_000,
      'Succeeded',
    );
    const c = await getCanary(ns, 'podinfo');
    expect(c.status?.phase, fledge.story()).toBe('Succeeded');
    expect(seen).toEqual([10, 20, 30, 40, 50]);
    expect(await vsWeights(ns, 'podinfo')).toEqual([100, 0]);
    expect(await image(ns, 'podinfo-primary')).toBe('ghcr.io/stefanprodan/podinfo:6.0.1');
    expect(await replicas(ns, 'podinfo')).toBe(0);
    expect(condition(c, 'Promoted')?.status).toBe('True');
    expect(c.status?.metrics?.some((m) => m.name === 'error-rate' && m.verdict === 'Pass')).toBe(true);
    const metrics = await fledge.metrics();
    const labels = `namespace="${ns}",name="podinfo"`;
    expect(metrics).toContain(`fledge_canary_phase{${labels},phase="Succeeded"} 1`);
    expect(metrics).toContain(`fledge_canary_weight{${labels}} 0`);
    expect(metrics).toContain(`fledge_analysis_verdict{${labels},check="error-rate",verdict="Pass"} 1`);
    expect(metrics).toMatch(
      new RegExp(`fledge_analysis_value\\{${labels},check="request-success-rate"\\} 100`),
    );
    const wait = await kubectlRun([
      '-n',
      ns,
      'wait',
      '--for=condition=Promoted',
      'canary/podinfo',
      '--timeout=10s',
    ]);
    expect(wait.code, wait.stderr).toBe(0);
  });
});
