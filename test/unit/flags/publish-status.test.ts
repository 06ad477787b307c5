import { describe, expect, it } from 'vitest';
import type { FlagObserved } from '../../../src/flags/decide.js';
import type { FlagOutcome } from '../../../src/flags/decide-set.js';
import { decideFlagStatus } from '../../../src/flags/publish-status.js';
import { boolVariants, featureFlag } from './support.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const H = 'a'.repeat(64);

const observed = (outcome: Partial<FlagOutcome>): FlagObserved => ({
  namespace: 'shop',
  configMapName: 'fledge-flags-default',
  outcome: { name: 'f', key: 'f', issues: [], ...outcome },
});
const current = observed({ published: { source: 'current', hash: H } });
const lastGood = observed({
  issues: [{ path: 'spec.defaultVariant', message: 'not a variant' }],
  published: { source: 'lastGood', hash: H },
});

const flag = (rollout: Record<string, unknown> | undefined, status?: Record<string, unknown>) =>
  featureFlag({
    name: 'f',
    spec: { ...boolVariants, ...(rollout ? { rollout } : {}) },
    metadata: { generation: 2 },
    ...(status ? { status } : {}),
  });

describe('decideFlagStatus: status.rollout.percentage for the Rollout column', () => {
  it.each<[string, ReturnType<typeof flag>, FlagObserved, unknown]>([
    ['static rollout published → its percentage', flag({ percentage: 10 }), current, { percentage: 10 }],
    [
      'static rollout raised → new percentage, other fields kept',
      flag({ percentage: 50 }, { rollout: { percentage: 10, phase: 'Completed' } }),
      current,
      { percentage: 50, phase: 'Completed' },
    ],
    [
      'invalid spec (last good serving) → what is served stays',
      flag({ percentage: 50 }, { rollout: { percentage: 10 } }),
      lastGood,
      { percentage: 10 },
    ],
    [
      'guarded rollout → left to the guarded-rollout controller',
      flag({ strategy: 'guarded', percentage: 100 }, { rollout: { percentage: 5, phase: 'Progressing' } }),
      current,
      { percentage: 5, phase: 'Progressing' },
    ],
    ['no rollout, none recorded → none', flag(undefined), current, undefined],
    [
      'rollout removed → percentage dropped',
      flag(undefined, { rollout: { percentage: 10 } }),
      current,
      undefined,
    ],
    [
      'rollout removed → other rollout fields kept',
      flag(undefined, { rollout: { percentage: 10, phase: 'RolledBack' } }),
      current,
      { phase: 'RolledBack' },
    ],
  ])('%s', (_name, f, obs, expected) => {
    expect(decideFlagStatus(f, obs, NOW).status.rollout).toEqual(expected);
  });

  it('counts a percentage-only change as a status change', () => {
    const base = decideFlagStatus(flag({ percentage: 10 }), current, NOW).status;
    const again = decideFlagStatus(flag({ percentage: 10 }, base), current, NOW);
    expect(again.statusChanged).toBe(false);
    const raised = decideFlagStatus(flag({ percentage: 20 }, base), current, NOW);
    expect(raised.statusChanged).toBe(true);
    expect(raised.status.rollout).toEqual({ percentage: 20 });
  });

  it('keeps what decide() says about readiness and publication', () => {
    const d = decideFlagStatus(flag({ percentage: 10 }), current, NOW);
    expect(d.status).toMatchObject({
      observedGeneration: 2,
      compiledHash: H,
      publishedTo: { configMap: 'fledge-flags-default', namespace: 'shop', key: 'flags.json' },
    });
    expect(d.status.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });
});
