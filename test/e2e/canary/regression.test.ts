/**
 * Scenario 2, an error-rate regression: the canary answers 20 % errors, the
 * checks fail `threshold` times, the rollout is rolled back to 100/0 and the
 * primary keeps the old image.
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
  ns = await createNamespace('canary-regress');
  fledge = startFledge(ns);
});

afterAll(async () => {
  await mesh.stopTraffic(ns, 'podinfo').catch(() => undefined);
  await teardown(ns, fledge);
});

describe('an error-rate regression', () => {
  it('fails after threshold checks and routes everything back to the untouched primary', async () => {
    await apply(deployment(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.0'));
    await apply(canary(ns, 'podinfo'));
    await until(() => phaseIs(ns, 'podinfo', 'Initialized'), 60_000, 'Initialized');
    await mesh.setTraffic(ns, 'podinfo', { rps: 100 });
    // The canary is the target Deployment itself (destination_workload="podinfo").
    await mesh.setWorkload(ns, 'podinfo', { errorRate: 0.2 });

    await setImage(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.1');
    let maxWeight = 0;
    const failed = await until(
      async () => {
        const w = await vsWeights(ns, 'podinfo');
        maxWeight = Math.max(maxWeight, w?.[1] ?? 0);
        return phaseIs(ns, 'podinfo', 'Failed', 'Succeeded');
      },
      90_000,
      'Failed',
    );
    expect(failed.status?.phase, fledge.story()).toBe('Failed');
    expect(failed.status?.failedChecks).toBe(2);
    expect(maxWeight).toBe(10);
    expect(await vsWeights(ns, 'podinfo')).toEqual([100, 0]);
    expect(await image(ns, 'podinfo-primary')).toBe('ghcr.io/stefanprodan/podinfo:6.0.0');
    await until(async () => (await replicas(ns, 'podinfo')) === 0, 10_000, 'target at 0');
    const promoted = condition(failed, 'Promoted');
    expect(promoted?.status).toBe('False');
    expect(promoted?.reason).toBe('MetricCheckFailed');
    // The failure names the metric, its value and its bound.
    expect(promoted?.message).toMatch(/error-rate: [\d.]+ is above the maximum 1/);
    const last = failed.status?.metrics?.filter((m) => m.name === 'error-rate').at(-1);
    expect(last?.verdict).toBe('Fail');
    expect(last?.value).toBeGreaterThan(5);
  });
});
