/**
 * Issue 8, "Done when" 1 and 2: a guarded rollout driven by the SDK's own
 * metrics, as the bed's Prometheus scrapes them from a simulated workload.
 * Healthy, it climbs 1 → 5 → 10 → 25 → 50 → 100 % and every user keeps their
 * variant as it grows; with errors injected for `on` at 25 % it rolls back to
 * 0 %, and the workload's SDK sees that (how fast is measured in bench/propagation).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeTargets } from '../../support/targets.js';
import { conditionOf, eventsWithReason, flagOf, startGuardBed, type GuardBed } from './guard-support.js';
import { eventually } from './support.js';
import type { Snapshot } from './workload-process.js';

const STEPS = [1, 5, 10, 25, 50, 100];

function guardedFlag(name: string, interval: string): object {
  return {
    apiVersion: 'fledge.dev/v1alpha1',
    kind: 'FeatureFlag',
    metadata: { name },
    spec: {
      variants: { on: true, off: false },
      defaultVariant: 'off',
      rollout: {
        strategy: 'guarded',
        steps: STEPS,
        interval,
        minSampleSize: 5,
        threshold: 2,
        metrics: [
          { name: 'error-rate', thresholdRange: { max: 5 } },
          { name: 'request-duration', thresholdRange: { max: 500 } },
        ],
      },
    },
  };
}

/** The distinct assignments the workload saw, in order (repeated configs collapse). */
function distinct(snaps: Snapshot[]): Snapshot[] {
  return snaps.filter((s, i) => i === 0 || s.users.length !== snaps[i - 1]!.users.length);
}

describeTargets('guarded flag rollout', (target) => {
  if (target.name !== 'local') {
    it.skip(`${target.name}: needs the local bed (its Prometheus scrapes a workload on this machine)`, () => {});
    return;
  }
  let bed: GuardBed | undefined;

  beforeAll(async () => {
    bed = await startGuardBed(target, 'guarded-e2e');
  }, 180_000);
  afterAll(async () => {
    await bed?.stop();
  });

  it('climbs 1 → 5 → 10 → 25 → 50 → 100 % with healthy metrics, every user keeping their variant', async () => {
    const b = bed!;
    const w = await b.workload('climb');
    await w.watch('on');
    await w.traffic({ perSecond: 400, users: 5000 });
    await b.apply(guardedFlag('climb', '3s'));

    const done = await eventually(
      async () => {
        const f = await flagOf(b, 'climb');
        return f?.status?.rollout?.phase === 'Completed' ? f : undefined;
      },
      50_000,
      'climb to complete',
      500,
    );
    const r = done.status!.rollout!;
    expect(r.percentage).toBe(100);
    expect(
      r.history?.map((h) => h.percentage),
      JSON.stringify(r),
    ).toEqual(STEPS);
    expect(r.history?.map((h) => h.reason)).toEqual(['Started', ...STEPS.slice(1).map(() => 'Advanced')]);
    const times = r.history!.map((h) => Date.parse(h.time));
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(2_900);
    expect(r.metrics?.map((m) => [m.name, m.verdict])).toEqual([
      ['error-rate', 'Pass'],
      ['request-duration', 'Pass'],
    ]);
    expect(r.metrics?.[0]?.samples).toBeGreaterThanOrEqual(5);
    expect(conditionOf(done, 'Ready')?.status).toBe('True');

    // What the workload's SDK served, config by config: the share of the pool
    // on `on` follows the steps, and each set contains the previous one.
    const seen = await eventually(
      async () => {
        const s = distinct(await w.snapshots());
        return s.at(-1)?.share === 1 ? s : undefined;
      },
      10_000,
      'the workload to serve on to everyone',
    );
    const shares = seen.filter((s) => s.share > 0).map((s) => s.share);
    expect(shares).toHaveLength(STEPS.length);
    shares.forEach((share, i) => expect(Math.abs(share - STEPS[i]! / 100)).toBeLessThan(0.025));
    for (let i = 1; i < seen.length; i++) {
      const before = new Set(seen[i - 1]!.users);
      const after = new Set(seen[i]!.users);
      const lost = [...before].filter((u) => !after.has(u));
      expect(lost, `users who lost "on" between ${seen[i - 1]!.share} and ${seen[i]!.share}`).toEqual([]);
    }
    expect((await eventsWithReason(b, 'RolloutCompleted')).length).toBe(1);
  }, 60_000);

  it('rolls back to 0 % when `on` starts failing at 25 %, and the SDK sees it', async () => {
    const b = bed!;
    const w = await b.workload('fragile');
    await w.watch('on');
    // Half the requests served `on` fail once a quarter of the users have it.
    await w.traffic({ perSecond: 400, users: 5000, errorsFrom: { share: 0.2, rate: 0.5 } });
    await b.apply(guardedFlag('fragile', '4s'));

    const back = await eventually(
      async () => {
        const f = await flagOf(b, 'fragile');
        // The guard writes the rollout state, then the same reconcile publishes and
        // sets Ready: two status writes, so wait for both.
        return f?.status?.rollout?.phase === 'RolledBack' && conditionOf(f, 'Ready')?.status === 'False'
          ? f
          : undefined;
      },
      55_000,
      'fragile to roll back with Ready=False',
      300,
    );
    const r = back.status!.rollout!;
    expect(r.percentage).toBe(0);
    expect(r.failedChecks).toBe(2);
    expect(
      r.history?.map((h) => h.percentage),
      JSON.stringify(r),
    ).toEqual([1, 5, 10, 25, 0]);
    expect(r.history?.at(-1)?.reason).toBe('RolledBack');
    const errorRate = r.metrics?.find((m) => m.name === 'error-rate');
    expect(errorRate).toMatchObject({ verdict: 'Fail' });
    expect(errorRate!.value!).toBeGreaterThan(5);
    expect(conditionOf(back, 'Ready')).toMatchObject({ status: 'False', reason: 'RolledBack' });
    const events = await eventsWithReason(b, 'RolledBack');
    expect(events.map((e) => e.message ?? e.note).join('\n')).toContain('rolled back from 25%');

    const rolledBackAt = Date.parse(r.history!.at(-1)!.time);
    const off = await eventually(
      async () => (await w.snapshots()).find((s) => s.at >= rolledBackAt - 50 && s.share === 0),
      10_000,
      'the workload to serve off to everyone',
    );
    console.error(`[e2e] rollback seen by the workload after ${off.at - rolledBackAt} ms`);
  }, 60_000);
});
