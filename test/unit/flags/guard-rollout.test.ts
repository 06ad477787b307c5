import { describe, expect, it } from 'vitest';
import type { RolloutStatus } from '../../../src/api/feature-flag-status.js';
import { decideRollout, rolloutCheckDue } from '../../../src/flags/guard-rollout.js';
import { flag, guardedRollout, ok, results, T0 } from './guard-support.js';

const MIN = 60_000;
const ref = 'FeatureFlag shop/checkout';
const at = (ms: number) => new Date(ms).toISOString();

function progressing(percentage: number, extra: Partial<RolloutStatus> = {}): RolloutStatus {
  return {
    phase: 'Progressing',
    percentage,
    currentStep: [1, 5, 10, 25, 50, 100].indexOf(percentage),
    failedChecks: 0,
    stepStartedAt: at(T0),
    history: [{ percentage, time: at(T0), reason: 'Started' }],
    ...extra,
  };
}

const decideAt = (
  status: RolloutStatus | undefined,
  observed: ReturnType<typeof results> | undefined,
  opts: { now?: number; rearm?: boolean; spec?: Record<string, unknown> } = {},
) =>
  decideRollout({
    spec: flag(opts.spec ?? guardedRollout()).spec,
    status,
    observed,
    rearm: opts.rearm ?? false,
    now: opts.now ?? T0 + MIN,
    ref,
  });

describe('decideRollout', () => {
  it('starts at the first step on first sight, with an event', () => {
    const d = decideAt(undefined, undefined, { now: T0 });
    expect(d.status).toEqual({
      phase: 'Progressing',
      percentage: 1,
      currentStep: 0,
      failedChecks: 0,
      stepStartedAt: at(T0),
      history: [{ percentage: 1, time: at(T0), reason: 'Started' }],
    });
    expect(d.actions).toEqual([expect.objectContaining({ kind: 'event', reason: 'RolloutStarted' })]);
    expect(d.requeueAfterMs).toBe(MIN);
  });

  it('waits for the interval before the first round', () => {
    const d = decideAt(progressing(1), undefined, { now: T0 + 20_000 });
    expect(d.status).toEqual(progressing(1));
    expect(d.actions).toEqual([]);
    expect(d.requeueAfterMs).toBe(40_000);
  });

  it('advances one step when every check passes on enough evaluations', () => {
    const d = decideAt(progressing(5), results([ok('error-rate', 0.2)], 150));
    expect(d.status).toMatchObject({
      phase: 'Progressing',
      percentage: 10,
      currentStep: 2,
      stepStartedAt: at(T0 + MIN),
      lastCheckTime: at(T0 + MIN),
    });
    expect(d.status?.history?.at(-1)).toEqual({ percentage: 10, time: at(T0 + MIN), reason: 'Advanced' });
    expect(d.status?.metrics).toEqual([
      expect.objectContaining({ name: 'error-rate', value: 0.2, verdict: 'Pass', samples: 150 }),
    ]);
    expect(d.actions).toEqual([
      expect.objectContaining({ reason: 'RolloutAdvanced', message: expect.stringContaining('5% → 10%') }),
    ]);
    expect(d.requeueAfterMs).toBe(MIN);
  });

  it('completes at the ceiling', () => {
    const d = decideAt(progressing(50), results([ok('error-rate', 0)], 1000));
    expect(d.status).toMatchObject({ phase: 'Completed', percentage: 100 });
    expect(d.actions).toEqual([expect.objectContaining({ reason: 'RolloutCompleted' })]);
    expect(d.requeueAfterMs).toBeUndefined();
  });

  it.each([
    ['fewer evaluations than minSampleSize', results([ok('error-rate', 0)], 99)],
    ['no data', results([{ name: 'error-rate', status: 'NoData' }], 500)],
    ['NaN', results([{ name: 'error-rate', status: 'NaN' }], 500)],
    ['no evaluation series at all (0)', results([ok('error-rate', 0)], 0)],
  ])('holds the step on %s, without counting a failure', (_why, observed) => {
    const d = decideAt(progressing(10), observed);
    expect(d.status).toMatchObject({ phase: 'Progressing', percentage: 10, failedChecks: 0 });
    expect(d.status?.history).toHaveLength(1);
    expect(d.actions).toEqual([]);
  });

  it('counts a failed check and holds below the threshold', () => {
    const d = decideAt(progressing(25), results([ok('error-rate', 7)], 500));
    expect(d.status).toMatchObject({ phase: 'Progressing', percentage: 25, failedChecks: 1 });
    expect(d.actions).toEqual([expect.objectContaining({ type: 'Warning', reason: 'MetricCheckFailed' })]);
    expect(d.status?.metrics?.[0]).toMatchObject({ verdict: 'Fail', reason: 'AboveMax', value: 7 });
  });

  it('counts an unanswered query as a failed check', () => {
    const d = decideAt(
      progressing(25),
      results([{ name: 'error-rate', status: 'MetricsUnavailable', error: 'connection refused' }], 500),
    );
    expect(d.status?.failedChecks).toBe(1);
  });

  it('counts an unavailable evaluation count as a failed check', () => {
    const d = decideAt(progressing(25), results([ok('error-rate', 0)], { error: 'timeout' }));
    expect(d.status?.failedChecks).toBe(1);
    expect(d.status?.percentage).toBe(25);
  });

  it('ignores a dryRun check that fails', () => {
    const spec = guardedRollout({
      metrics: [
        { name: 'error-rate', thresholdRange: { max: 1 } },
        { name: 'request-duration', thresholdRange: { max: 100 }, dryRun: true },
      ],
    });
    const d = decideAt(progressing(5), results([ok('error-rate', 0), ok('request-duration', 900)], 500), {
      spec,
    });
    expect(d.status?.percentage).toBe(10);
  });

  it('rolls back to 0 % at the threshold, with an event and the notification', () => {
    const webhooks = [{ name: 'slack', url: 'https://hooks.example.com/x' }];
    const spec = guardedRollout({ webhooks });
    const d = decideAt(progressing(25, { failedChecks: 1 }), results([ok('error-rate', 30)], 500), { spec });
    expect(d.status).toMatchObject({ phase: 'RolledBack', percentage: 0, failedChecks: 2 });
    expect(d.status?.history?.at(-1)).toEqual({ percentage: 0, time: at(T0 + MIN), reason: 'RolledBack' });
    expect(d.actions).toEqual([
      expect.objectContaining({
        kind: 'event',
        type: 'Warning',
        reason: 'RolledBack',
        message: expect.stringContaining('rolled back from 25%'),
      }),
      expect.objectContaining({ kind: 'notify', webhooks, phase: 'RolledBack' }),
    ]);
    expect(d.requeueAfterMs).toBeUndefined();
  });

  it('holds a rollback until re-armed, then restarts from the first step', () => {
    const rolledBack = progressing(25, { phase: 'RolledBack', percentage: 0, failedChecks: 2 });
    const held = decideAt(rolledBack, undefined, { now: T0 + 10 * MIN });
    expect(held.status).toEqual(rolledBack);
    expect(held.requeueAfterMs).toBeUndefined();
    const rearmed = decideAt(rolledBack, undefined, { now: T0 + 10 * MIN, rearm: true });
    expect(rearmed.status).toMatchObject({
      phase: 'Progressing',
      percentage: 1,
      failedChecks: 0,
      currentStep: 0,
    });
    expect(rearmed.status?.history?.at(-1)).toMatchObject({ percentage: 1, reason: 'Rearmed' });
  });

  it('resumes a completed rollout whose ceiling was raised', () => {
    const spec = guardedRollout({ percentage: 100 });
    const completed = progressing(50, { phase: 'Completed' });
    const d = decideAt(completed, undefined, { spec });
    expect(d.status).toMatchObject({ phase: 'Progressing', percentage: 50 });
    expect(d.requeueAfterMs).toBe(MIN);
  });

  it('clamps the percentage to a lowered ceiling', () => {
    const spec = guardedRollout({ percentage: 10 });
    const d = decideAt(progressing(25), undefined, { spec, now: T0 + 1000 });
    expect(d.status?.percentage).toBe(10);
  });

  it('resumes from status after a restart: the same input gives the same decision', () => {
    const status = progressing(10, { lastCheckTime: at(T0 + MIN) });
    const a = decideAt(status, results([ok('error-rate', 0)], 200), { now: T0 + 2 * MIN });
    const b = decideAt(structuredClone(status), results([ok('error-rate', 0)], 200), { now: T0 + 2 * MIN });
    expect(a).toEqual(b);
    expect(a.status?.percentage).toBe(25);
  });

  it('drops the guarded state when the rollout is no longer guarded', () => {
    const d = decideAt(progressing(10), undefined, { spec: { rollout: { percentage: 30 } } });
    expect(d.status).toBeUndefined();
  });
});

describe('rolloutCheckDue', () => {
  const spec = flag(guardedRollout()).spec;
  it('is one interval after the last round, or after the step started', () => {
    expect(rolloutCheckDue(spec, progressing(5))).toBe(T0 + MIN);
    expect(rolloutCheckDue(spec, progressing(5, { lastCheckTime: at(T0 + 90_000) }))).toBe(T0 + 150_000);
  });
  it('is never while completed or rolled back', () => {
    expect(rolloutCheckDue(spec, progressing(100, { phase: 'Completed' }))).toBeUndefined();
    expect(rolloutCheckDue(spec, progressing(0, { phase: 'RolledBack' }))).toBeUndefined();
  });
});
