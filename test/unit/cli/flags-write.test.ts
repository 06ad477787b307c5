import { describe, expect, it } from 'vitest';
import { exampleFeatureFlag } from '../../../src/api/examples.js';
import { UsageError } from '../../../src/cli/errors.js';
import { mergePatch, newIssues, parsePercent, planChange } from '../../../src/cli/flags-write.js';
import type { FeatureFlagObject } from '../../../src/cli/kinds.js';

const flag = (spec: object = {}, extra: object = {}): FeatureFlagObject => {
  const ff = exampleFeatureFlag('shop');
  return {
    ...ff,
    metadata: { ...ff.metadata, resourceVersion: '42' },
    spec: { ...ff.spec, ...spec },
    ...extra,
  };
};
const NOW = '2026-01-01T00:00:00.000Z';

describe('parsePercent', () => {
  it.each([
    ['0', 0],
    ['25', 25],
    ['25%', 25],
    ['100', 100],
  ])('%s → %i', (text, n) => {
    expect(parsePercent(text)).toBe(n);
  });
  it.each(['101', '-1', '2.5', 'ten', '', undefined])('%s is a usage error', (text) => {
    expect(() => parsePercent(text)).toThrow(UsageError);
  });
});

describe('planChange', () => {
  it.each([
    [
      'disable an enabled flag',
      flag({ state: 'ENABLED' }),
      { kind: 'state', state: 'DISABLED' },
      { metadata: { resourceVersion: '42' }, spec: { state: 'DISABLED' } },
      'state ENABLED → DISABLED',
    ],
    [
      'enable a flag without state (ENABLED by default) still writes it',
      flag({ state: undefined }),
      { kind: 'state', state: 'ENABLED' },
      { metadata: { resourceVersion: '42' }, spec: { state: 'ENABLED' } },
      'state ENABLED → ENABLED',
    ],
    [
      'enable an enabled flag: nothing',
      flag({ state: 'ENABLED' }),
      { kind: 'state', state: 'ENABLED' },
      undefined,
      'state is already ENABLED',
    ],
    [
      'rollout',
      flag({ rollout: { percentage: 10 } }),
      { kind: 'rollout', percentage: 25 },
      { metadata: { resourceVersion: '42' }, spec: { rollout: { percentage: 25 } } },
      'rollout 10% → 25%',
    ],
    [
      'rollout on a flag without one',
      flag({ rollout: undefined }),
      { kind: 'rollout', percentage: 5 },
      { metadata: { resourceVersion: '42' }, spec: { rollout: { percentage: 5 } } },
      'rollout none → 5%',
    ],
    [
      'same rollout: nothing',
      flag({ rollout: { percentage: 10 } }),
      { kind: 'rollout', percentage: 10 },
      undefined,
      'rollout is already 10%',
    ],
    [
      'rearm',
      flag({}, { status: { killSwitch: { fired: true } } }),
      { kind: 'rearm' },
      { metadata: { resourceVersion: '42', annotations: { 'fledge.dev/rearm': NOW } } },
      'kill switch re-armed (fledge.dev/rearm)',
    ],
  ] as const)('%s', (_n, ff, change, patch, summary) => {
    const plan = planChange(ff, change, NOW);
    expect(plan.patch).toEqual(patch);
    expect(plan.summary).toBe(summary);
  });

  it('notes that a guarded rollout percentage is a ceiling', () => {
    const plan = planChange(
      flag({ rollout: { strategy: 'guarded', percentage: 50 } }),
      { kind: 'rollout', percentage: 80 },
      NOW,
    );
    expect(plan.notes[0]).toMatch(/ceiling/);
  });

  it('notes that rearming with nothing fired or rolled back does nothing', () => {
    expect(planChange(flag(), { kind: 'rearm' }, NOW).notes[0]).toMatch(/no effect/);
  });

  it('rearms a fired kill switch or a rolled-back guarded rollout without a note', () => {
    const fired = flag({}, { status: { killSwitch: { fired: true } } });
    const rolledBack = flag({}, { status: { rollout: { phase: 'RolledBack', percentage: 0 } } });
    expect(planChange(fired, { kind: 'rearm' }, NOW).notes).toEqual([]);
    expect(planChange(rolledBack, { kind: 'rearm' }, NOW).notes).toEqual([]);
  });
});

describe('mergePatch', () => {
  it('follows RFC 7386', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1] }, { b: { c: null, x: 1 }, e: [2], f: 'n' })).toEqual(
      {
        a: 1,
        b: { d: 3, x: 1 },
        e: [2],
        f: 'n',
      },
    );
  });
  it('does not touch its input', () => {
    const target = { spec: { state: 'ENABLED' } };
    mergePatch(target, { spec: { state: 'DISABLED' } });
    expect(target.spec.state).toBe('ENABLED');
  });
});

describe('newIssues', () => {
  it('reports what the change breaks', () => {
    const before = flag({ rules: undefined, rollout: undefined, targeting: { if: [true, 'on', 'off'] } });
    const after = mergePatch(before, { spec: { rollout: { percentage: 20 } } });
    expect(newIssues(before, after).length).toBeGreaterThan(0);
  });
  it('ignores problems the flag already had', () => {
    const before = flag({ owner: 42 });
    const after = mergePatch(before, { spec: { state: 'DISABLED' } });
    expect(newIssues(before, after)).toEqual([]);
  });
  it('is empty for a valid change', () => {
    const before = flag();
    expect(newIssues(before, mergePatch(before, { spec: { rollout: { percentage: 30 } } }))).toEqual([]);
  });
});
