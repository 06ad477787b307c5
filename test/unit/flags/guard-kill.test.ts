import { describe, expect, it } from 'vitest';
import type { KillSwitchStatus } from '../../../src/api/feature-flag-status.js';
import { decideKillSwitch, killSwitchCheckDue } from '../../../src/flags/guard-kill.js';
import { flag, ok, results, T0 } from './guard-support.js';

const ref = 'FeatureFlag shop/checkout';
const at = (ms: number) => new Date(ms).toISOString();
const killSwitch = (extra: Record<string, unknown> = {}) => ({
  killSwitch: { metrics: [{ name: 'error-rate', thresholdRange: { max: 5 } }], interval: '10s', ...extra },
});

const decideAt = (
  status: KillSwitchStatus | undefined,
  observed: ReturnType<typeof results> | undefined,
  opts: { now?: number; rearm?: boolean; spec?: Record<string, unknown> } = {},
) =>
  decideKillSwitch({
    spec: flag(opts.spec ?? killSwitch()).spec,
    status,
    observed,
    rearm: opts.rearm ?? false,
    now: opts.now ?? T0,
    ref,
  });

describe('decideKillSwitch', () => {
  it('stays armed while the checks pass, checking every interval', () => {
    const d = decideAt(undefined, results([ok('error-rate', 0.5)]));
    expect(d.status).toMatchObject({ fired: false, failedChecks: 0, lastCheckTime: at(T0) });
    expect(d.status?.metrics?.[0]).toMatchObject({ verdict: 'Pass', value: 0.5 });
    expect(d.actions).toEqual([]);
    expect(d.requeueAfterMs).toBe(10_000);
  });

  it('fires on a breach (threshold 1 by default), with an event and the notification', () => {
    const webhooks = [{ name: 'pager', url: 'https://hooks.example.com/p' }];
    const d = decideAt({ fired: false }, results([ok('error-rate', 12)]), { spec: killSwitch({ webhooks }) });
    expect(d.status).toMatchObject({
      fired: true,
      firedAt: at(T0),
      failedChecks: 1,
      reason: 'MetricCheckFailed',
    });
    expect(d.status?.message).toContain('flag DISABLED until re-armed');
    expect(d.actions).toEqual([
      expect.objectContaining({ kind: 'event', type: 'Warning', reason: 'KillSwitchFired' }),
      expect.objectContaining({ kind: 'notify', webhooks, phase: 'KillSwitchFired' }),
    ]);
    expect(d.requeueAfterMs).toBeUndefined();
  });

  it('names the safe variant for action: variant', () => {
    const d = decideAt(undefined, results([ok('error-rate', 12)]), {
      spec: killSwitch({ action: 'variant', variant: 'off' }),
    });
    expect(d.status?.message).toContain('serving "off" to everyone');
  });

  it('needs `threshold` consecutive breaches; a clean round resets the streak', () => {
    const spec = killSwitch({ threshold: 2 });
    const one = decideAt(undefined, results([ok('error-rate', 12)]), { spec });
    expect(one.status).toMatchObject({ fired: false, failedChecks: 1 });
    const clean = decideAt(one.status, results([ok('error-rate', 1)]), { spec, now: T0 + 10_000 });
    expect(clean.status).toMatchObject({ fired: false, failedChecks: 0 });
    const two = decideAt(one.status, results([ok('error-rate', 12)]), { spec, now: T0 + 10_000 });
    expect(two.status).toMatchObject({ fired: true, failedChecks: 2 });
  });

  it.each([
    ['no data', { name: 'error-rate', status: 'NoData' as const }],
    ['an unanswered query', { name: 'error-rate', status: 'MetricsUnavailable' as const, error: 'down' }],
  ])('neither fires nor resets the streak on %s', (_why, result) => {
    const spec = killSwitch({ threshold: 2 });
    const d = decideAt({ fired: false, failedChecks: 1 }, results([result]), { spec });
    expect(d.status).toMatchObject({ fired: false, failedChecks: 1 });
    expect(d.actions).toEqual([]);
  });

  it('stays fired, whatever the metrics say, until re-armed (never flaps)', () => {
    const fired: KillSwitchStatus = {
      fired: true,
      firedAt: at(T0),
      failedChecks: 1,
      reason: 'MetricCheckFailed',
    };
    const later = decideAt(fired, results([ok('error-rate', 0)]), { now: T0 + 3_600_000 });
    expect(later.status).toEqual(fired);
    expect(later.actions).toEqual([]);
    expect(killSwitchCheckDue(flag(killSwitch()).spec, fired)).toBeUndefined();
  });

  it('re-arms on the annotation and checks again one interval later', () => {
    const fired: KillSwitchStatus = { fired: true, firedAt: at(T0), failedChecks: 1 };
    const d = decideAt(fired, undefined, { rearm: true, now: T0 + 60_000 });
    expect(d.status).toEqual({ fired: false, failedChecks: 0, lastCheckTime: at(T0 + 60_000) });
    expect(d.actions).toEqual([expect.objectContaining({ reason: 'KillSwitchRearmed' })]);
    expect(killSwitchCheckDue(flag(killSwitch()).spec, d.status)).toBe(T0 + 70_000);
  });

  it('waits for the interval between rounds', () => {
    const d = decideAt({ fired: false, lastCheckTime: at(T0) }, undefined, { now: T0 + 4_000 });
    expect(d.requeueAfterMs).toBe(6_000);
  });

  it('has no state without spec.killSwitch', () => {
    const d = decideAt({ fired: true }, undefined, { spec: {} });
    expect(d.status).toBeUndefined();
  });
});
