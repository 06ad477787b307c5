import { describe, expect, it } from 'vitest';
import { decideFlagStatus } from '../../../src/flags/publish-status.js';
import type { FlagObserved } from '../../../src/flags/decide.js';
import { boolVariants, featureFlag } from './support.js';

const NOW = Date.parse('2026-11-28T10:00:00Z');
const observed: FlagObserved = {
  namespace: 'shop',
  configMapName: 'fledge-flags-default',
  outcome: {
    name: 'f',
    key: 'f',
    issues: [],
    compiledHash: 'h1',
    published: { hash: 'h1', source: 'current' } as never,
  },
};
const guarded = { strategy: 'guarded', metrics: [{ name: 'error-rate', thresholdRange: { max: 1 } }] };
const killSwitch = { metrics: [{ name: 'error-rate', thresholdRange: { max: 5 } }] };

describe('the guard’s conditions', () => {
  it('turns Ready False with reason RolledBack after a rollback, without a Published event', () => {
    const flag = featureFlag({
      spec: { ...boolVariants, rollout: guarded },
      status: { rollout: { phase: 'RolledBack', percentage: 0 } },
    });
    const d = decideFlagStatus(flag, observed, NOW);
    const ready = d.status.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({ status: 'False', reason: 'RolledBack' });
    expect(ready?.message).toContain('everyone is served "off"');
    expect(d.actions.filter((a) => a.reason === 'Published')).toEqual([]);
  });

  it('keeps Ready True (Published) while the rollout progresses', () => {
    const flag = featureFlag({
      spec: { ...boolVariants, rollout: guarded },
      status: { rollout: { phase: 'Progressing', percentage: 5 } },
    });
    const d = decideFlagStatus(flag, observed, NOW);
    expect(d.status.conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'True',
      reason: 'Published',
    });
    expect(d.status.rollout).toEqual({ phase: 'Progressing', percentage: 5 });
  });

  it('sets KillSwitch True (Fired) while fired, False (Armed) otherwise, and none without a kill switch', () => {
    const fired = decideFlagStatus(
      featureFlag({
        spec: { ...boolVariants, killSwitch },
        status: { killSwitch: { fired: true, message: 'boom' } },
      }),
      observed,
      NOW,
    );
    expect(fired.status.conditions?.find((c) => c.type === 'KillSwitch')).toMatchObject({
      status: 'True',
      reason: 'Fired',
      message: 'boom',
    });
    const armed = decideFlagStatus(featureFlag({ spec: { ...boolVariants, killSwitch } }), observed, NOW);
    expect(armed.status.conditions?.find((c) => c.type === 'KillSwitch')).toMatchObject({
      status: 'False',
      reason: 'Armed',
    });
    const none = decideFlagStatus(
      featureFlag({ spec: boolVariants, status: { conditions: fired.status.conditions } }),
      observed,
      NOW,
    );
    expect(none.status.conditions?.find((c) => c.type === 'KillSwitch')).toBeUndefined();
  });
});
