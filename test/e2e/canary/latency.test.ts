/**
 * Scenario 3, a latency regression: the canary's p99 is above the
 * request-duration bound, so the rollout fails and rolls back.
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
  ns = await createNamespace('canary-latency');
  fledge = startFledge(ns);
});

afterAll(async () => {
  await mesh.stopTraffic(ns, 'podinfo').catch(() => undefined);
  await teardown(ns, fledge);
});

describe('a latency regression', () => {
  it('fails when the canary p99 is above the bound', async () => {
    await apply(deployment(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.0'));
    await apply(
      canary(ns, 'podinfo', {
        metrics: [{ name: 'request-duration', thresholdRange: { max: 500 }, interval: '15s' }],
      }),
    );
    await until(() => phaseIs(ns, 'podinfo', 'Initialized'), 60_000, 'Initialized');
    await mesh.setTraffic(ns, 'podinfo', { rps: 100 });
    await mesh.setWorkload(ns, 'podinfo', { latencyMs: { p50: 400, p99: 1500 } });

    await setImage(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.1');
    const done = await until(() => phaseIs(ns, 'podinfo', 'Failed', 'Succeeded'), 90_000, 'Failed');
    expect(done.status?.phase, fledge.story()).toBe('Failed');
    expect(condition(done, 'Promoted')?.reason).toBe('MetricCheckFailed');
    expect(condition(done, 'Promoted')?.message).toMatch(/request-duration: [\d.]+ is above the maximum 500/);
    expect(await vsWeights(ns, 'podinfo')).toEqual([100, 0]);
    expect(await image(ns, 'podinfo-primary')).toBe('ghcr.io/stefanprodan/podinfo:6.0.0');
  });
});
