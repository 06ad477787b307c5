import { describe, expect, it } from 'vitest';
import { decideGuard, guardDue, isGuarded } from '../../../src/flags/guard.js';
import { compileValidFlag } from '../../../src/flags/compile.js';
import { flag, guardedRollout, ok, results, T0 } from './guard-support.js';

const ks = { killSwitch: { metrics: [{ name: 'error-rate', thresholdRange: { max: 5 } }], interval: '10s' } };

describe('decideGuard', () => {
  it('leaves flags without a guard alone', () => {
    const f = flag({ rollout: { percentage: 10 } });
    expect(isGuarded(f)).toBe(false);
  });

  it('says which rounds are due', () => {
    const f = flag({ ...guardedRollout(), ...ks });
    expect(guardDue(f, T0)).toEqual({ rollout: false, killSwitch: true, experiment: false });
  });

  it('starts the rollout, checks the kill switch and asks for the earlier requeue', () => {
    const f = flag({ ...guardedRollout(), ...ks });
    const d = decideGuard(f, { killSwitch: results([ok('error-rate', 0)]), rearm: false }, T0);
    expect(d.statusChanged).toBe(true);
    expect(d.status.rollout?.percentage).toBe(1);
    expect(d.status.killSwitch?.fired).toBe(false);
    expect(d.requeueAfterMs).toBe(10_000);
    expect(d.clearRearm).toBe(false);
  });

  it('reports no change when nothing is due', () => {
    const f = flag(guardedRollout(), {
      rollout: { phase: 'Progressing', percentage: 5, stepStartedAt: new Date(T0).toISOString() },
    });
    const d = decideGuard(f, { rearm: false }, T0 + 1000);
    expect(d.statusChanged).toBe(false);
    expect(d.actions).toEqual([]);
  });

  it('clears a handled re-arm annotation even when nothing had fired', () => {
    const d = decideGuard(flag(ks, { killSwitch: { fired: false } }), { rearm: true }, T0);
    expect(d.clearRearm).toBe(true);
  });

  it('fires the kill switch and the compile then publishes the flag DISABLED', () => {
    const f = flag({ ...ks, rollout: { percentage: 50 } });
    const d = decideGuard(f, { killSwitch: results([ok('error-rate', 40)]), rearm: false }, T0);
    expect(d.status.killSwitch?.fired).toBe(true);
    const compiled = compileValidFlag({ ...f, status: d.status });
    expect(compiled.ok && compiled.compiled.flag.state).toBe('DISABLED');
  });

  it('publishes the guarded percentage, and the fallback for everyone after a rollback', () => {
    const f = flag(guardedRollout());
    const started = decideGuard(f, { rearm: false }, T0);
    const c1 = compileValidFlag({ ...f, status: started.status });
    expect(c1.ok && c1.compiled.flag.targeting).toEqual({
      fractional: [
        ['on', 1],
        ['off', 99],
      ],
    });
    const rolledBack = {
      ...started.status,
      rollout: { ...started.status.rollout, phase: 'RolledBack' as const, percentage: 0 },
    };
    const c2 = compileValidFlag({ ...f, status: rolledBack });
    expect(c2.ok && c2.compiled.flag.defaultVariant).toBe('off');
    expect(c2.ok && JSON.stringify(c2.compiled.flag)).not.toContain('"on",');
  });
});
