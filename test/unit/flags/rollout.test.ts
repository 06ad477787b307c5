import { describe, expect, it } from 'vitest';
import {
  withFeatureFlagDefaults,
  type DefaultedFeatureFlagSpec,
} from '../../../src/api/feature-flag-defaults.js';
import type { FeatureFlag } from '../../../src/api/feature-flag.js';
import { compileFeatureFlag } from '../../../src/flags/compile.js';
import { assembleFlagSet } from '../../../src/flags/flag-set.js';
import { compileDistribution, compileRollout } from '../../../src/flags/rollout.js';
import { featureFlag, flagdCore, sdkEval } from './support.js';

function spec(s: Record<string, unknown>): DefaultedFeatureFlagSpec {
  return withFeatureFlagDefaults(featureFlag({ spec: s }) as unknown as FeatureFlag).spec;
}

const two = { variants: { on: true, off: false }, defaultVariant: 'off' };

describe('compileRollout', () => {
  it.each([
    [
      '10 % → the rolled-out bucket first, total 100',
      { ...two, rollout: { percentage: 10 } },
      {},
      {
        fractional: [
          ['on', 10],
          ['off', 90],
        ],
      },
    ],
    [
      '0 %',
      { ...two, rollout: { percentage: 0 } },
      {},
      {
        fractional: [
          ['on', 0],
          ['off', 100],
        ],
      },
    ],
    [
      '100 %',
      { ...two, rollout: { percentage: 100 } },
      {},
      {
        fractional: [
          ['on', 100],
          ['off', 0],
        ],
      },
    ],
    [
      'explicit variant among three',
      {
        variants: { a: 'a', b: 'b', c: 'c' },
        defaultVariant: 'a',
        rollout: { percentage: 30, variant: 'c' },
      },
      {},
      {
        fractional: [
          ['c', 30],
          ['a', 70],
        ],
      },
    ],
    [
      'guarded: the percentage reached, from status',
      {
        ...two,
        rollout: {
          strategy: 'guarded',
          percentage: 50,
          metrics: [{ name: 'm', templateRef: { name: 't' }, thresholdRange: { max: 1 } }],
        },
      },
      { percentage: 25 },
      {
        fractional: [
          ['on', 25],
          ['off', 75],
        ],
      },
    ],
    [
      'guarded: never above the ceiling',
      {
        ...two,
        rollout: {
          strategy: 'guarded',
          percentage: 50,
          metrics: [{ name: 'm', templateRef: { name: 't' }, thresholdRange: { max: 1 } }],
        },
      },
      { percentage: 80 },
      {
        fractional: [
          ['on', 50],
          ['off', 50],
        ],
      },
    ],
    [
      'guarded: nothing before the first step',
      {
        ...two,
        rollout: {
          strategy: 'guarded',
          metrics: [{ name: 'm', templateRef: { name: 't' }, thresholdRange: { max: 1 } }],
        },
      },
      {},
      {
        fractional: [
          ['on', 0],
          ['off', 100],
        ],
      },
    ],
  ])('%s', (_n, s, state, expected) => {
    const issues: unknown[] = [];
    expect(compileRollout(spec(s), state, issues as never)).toEqual(expected);
    expect(issues).toEqual([]);
  });

  it('refuses a percentage over 100 with its path', () => {
    const s = { ...spec({ ...two, rollout: { percentage: 10 } }) };
    s.rollout = { ...s.rollout!, percentage: 101 };
    const issues: { path: string }[] = [];
    expect(compileRollout(s, {}, issues as never)).toBeUndefined();
    expect(issues.map((i) => i.path)).toEqual(['spec.rollout.percentage']);
  });
});

describe('compileDistribution', () => {
  const three = { variants: { a: 'A', b: 'B', c: 'C' }, defaultVariant: 'a' };
  it.each([
    [
      'weights in order',
      [
        { variant: 'a', weight: 50 },
        { variant: 'b', weight: 25 },
        { variant: 'c', weight: 25 },
      ],
      {
        fractional: [
          ['a', 50],
          ['b', 25],
          ['c', 25],
        ],
      },
    ],
    [
      'one entry is padded with a zero-weight default (flagd wants two buckets)',
      [{ variant: 'b', weight: 1 }],
      {
        fractional: [
          ['b', 1],
          ['a', 0],
        ],
      },
    ],
  ])('%s', (_n, distribution, expected) => {
    const issues: unknown[] = [];
    expect(compileDistribution(spec({ ...three, distribution }), issues as never)).toEqual(expected);
    expect(issues).toEqual([]);
  });

  it('refuses weights summing to 0', () => {
    const s = spec({ ...three, distribution: [{ variant: 'a', weight: 1 }] });
    s.distribution = [
      { variant: 'a', weight: 0 },
      { variant: 'b', weight: 0 },
    ];
    const issues: { path: string; message: string }[] = [];
    compileDistribution(s, issues);
    expect(issues).toEqual([
      { path: 'spec.distribution', message: 'the weights sum to 0: nobody would get a variant' },
    ]);
  });
});

/** flags.json with one flag `f` rolled out to p %. */
function rolledOut(p: number): string {
  const r = compileFeatureFlag(featureFlag({ name: 'f', spec: { ...two, rollout: { percentage: p } } }));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const set = assembleFlagSet([{ key: 'f', compiled: r.compiled }]);
  if (!set.ok) throw new Error(set.message);
  return set.text;
}

describe('percentage rollout buckets', () => {
  const users = Array.from({ length: 4000 }, (_, i) => `user-${i}`);
  const steps = [1, 5, 10, 25, 50, 75, 100];
  const onAt = new Map(
    steps.map((p) => {
      const text = rolledOut(p);
      return [p, new Set(users.filter((u) => sdkEval(text, 'f', { targetingKey: u }).value === true))];
    }),
  );

  it('are monotone: a user who has the variant keeps it as the percentage grows', () => {
    for (let i = 1; i < steps.length; i++) {
      const before = onAt.get(steps[i - 1]!)!;
      const after = onAt.get(steps[i]!)!;
      for (const u of before)
        expect(after.has(u), `${u} lost the variant going ${steps[i - 1]} → ${steps[i]} %`).toBe(true);
    }
  });

  it('give about p % of users the variant', () => {
    for (const p of steps) expect(Math.abs((onAt.get(p)!.size / users.length) * 100 - p)).toBeLessThan(2.5);
  });

  it("put each user where flagd-core (flagd's reference evaluator) puts them", () => {
    for (const p of [10, 25]) {
      const text = rolledOut(p);
      const core = flagdCore(text);
      for (const u of users.slice(0, 1000)) {
        const ours = sdkEval(text, 'f', { targetingKey: u });
        const theirs = core.resolveBooleanEvaluation('f', false, { targetingKey: u });
        expect([ours.value, ours.variant, ours.reason]).toEqual([
          theirs.value,
          theirs.variant,
          theirs.reason,
        ]);
      }
    }
  });
});

describe('distribution split', () => {
  it('splits 10,000 users 50/25/25 within ±2 points, as flagd-core does', () => {
    const r = compileFeatureFlag(
      featureFlag({
        name: 'exp',
        spec: {
          type: 'experiment',
          variants: { control: 'c', a: 'a', b: 'b' },
          defaultVariant: 'control',
          distribution: [
            { variant: 'control', weight: 50 },
            { variant: 'a', weight: 25 },
            { variant: 'b', weight: 25 },
          ],
        },
      }),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const set = assembleFlagSet([{ key: 'exp', compiled: r.compiled }]);
    if (!set.ok) throw new Error(set.message);
    const core = flagdCore(set.text);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) {
      const ctx = { targetingKey: `visitor-${i}` };
      const ours = sdkEval(set.text, 'exp', ctx, 'x');
      expect(ours.variant).toBe(core.resolveStringEvaluation('exp', 'x', ctx).variant);
      counts[String(ours.variant)] = (counts[String(ours.variant)] ?? 0) + 1;
    }
    expect(Math.abs((counts.control ?? 0) / 100 - 50)).toBeLessThan(2);
    expect(Math.abs((counts.a ?? 0) / 100 - 25)).toBeLessThan(2);
    expect(Math.abs((counts.b ?? 0) / 100 - 25)).toBeLessThan(2);
  }, 60_000);
});
