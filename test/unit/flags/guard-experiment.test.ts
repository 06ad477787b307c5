import { describe, expect, it } from 'vitest';
import {
  decideExperiment,
  experimentArms,
  experimentDue,
  experimentInput,
  EXPERIMENT_INTERVAL_MS,
} from '../../../src/flags/guard-experiment.js';
import { decideGuard } from '../../../src/flags/guard.js';
import type { Series } from '../../../src/metrics/flag-experiment.js';
import { flag, T0 } from './guard-support.js';

const ref = 'FeatureFlag shop/checkout';
const experiment = {
  type: 'experiment',
  variants: { control: 'blue', green: 'green' },
  defaultVariant: 'control',
  distribution: [
    { variant: 'control', weight: 50 },
    { variant: 'green', weight: 50 },
  ],
};
const exposures = (control: number, green: number): Series[] => [
  { labels: { variant: 'control' }, value: control },
  { labels: { variant: 'green' }, value: green },
];
const purchases = (control: number, green: number): Series[] => [
  { labels: { variant: 'control', event: 'purchase' }, value: control },
  { labels: { variant: 'green', event: 'purchase' }, value: green },
];

describe('experiment results', () => {
  it('takes the arms and weights from the distribution, the default variant as control', () => {
    expect(experimentArms(flag(experiment))).toEqual({
      control: 'control',
      arms: [
        { variant: 'control', weight: 50 },
        { variant: 'green', weight: 50 },
      ],
    });
  });

  it('takes a percentage rollout as a two-arm split', () => {
    const f = flag({ type: 'experiment', rollout: { percentage: 20 } });
    expect(experimentArms(f)).toEqual({
      control: 'off',
      arms: [
        { variant: 'off', weight: 80 },
        { variant: 'on', weight: 20 },
      ],
    });
  });

  it('sums series of several pods per variant and event', () => {
    const input = experimentInput(flag(experiment), {
      exposures: [...exposures(100, 90), { labels: { variant: 'green' }, value: 10 }],
      conversions: [...purchases(10, 12), { labels: { variant: 'green', event: 'signup' }, value: 3 }],
    });
    expect(input.variants).toEqual([
      { variant: 'control', exposures: 100, conversions: { purchase: 10 }, weight: 50 },
      { variant: 'green', exposures: 100, conversions: { purchase: 12, signup: 3 }, weight: 50 },
    ]);
  });

  it('reports a real 20 % lift on 10 000 users an arm as significant', () => {
    const d = decideExperiment(
      flag(experiment),
      { exposures: exposures(10_000, 10_000), conversions: purchases(1_000, 1_200) },
      T0,
      ref,
    );
    const green = d.status?.variants.find((v) => v.variant === 'green')?.events?.[0];
    expect(green).toMatchObject({ event: 'purchase', conversions: 1200, rate: 0.12, significant: true });
    expect(green?.lift).toBeCloseTo(0.2, 10);
    expect(green?.pValue).toBeLessThan(0.001);
    expect(d.status?.method).toContain('z-test');
    expect(d.status?.sampleRatioMismatch?.mismatch).toBe(false);
    expect(d.actions).toEqual([]);
  });

  it('reports nothing significant when the arms convert alike', () => {
    const d = decideExperiment(
      flag(experiment),
      { exposures: exposures(10_000, 10_000), conversions: purchases(1_000, 1_010) },
      T0,
      ref,
    );
    expect(d.status?.variants[1]?.events?.[0]?.significant).toBe(false);
  });

  it('flags a sample ratio mismatch once, with a warning event', () => {
    const observed = { exposures: exposures(10_000, 9_000), conversions: purchases(1_000, 900) };
    const d = decideExperiment(flag(experiment), observed, T0, ref);
    expect(d.status?.sampleRatioMismatch?.mismatch).toBe(true);
    expect(d.actions).toEqual([expect.objectContaining({ type: 'Warning', reason: 'SampleRatioMismatch' })]);
    const again = decideExperiment(flag(experiment, { experiment: d.status }), observed, T0 + 20_000, ref);
    expect(again.actions).toEqual([]);
  });

  it('keeps the last results when the counts cannot be read', () => {
    const last = { computedAt: '2026-11-28T09:00:00Z', method: 'm', variants: [] };
    const d = decideExperiment(flag(experiment, { experiment: last }), { error: 'down' }, T0, ref);
    expect(d.status).toBe(last);
  });

  it('is due every interval and asks decideGuard for that requeue', () => {
    const f = flag(experiment, {
      experiment: { computedAt: new Date(T0).toISOString(), method: 'm', variants: [] },
    });
    expect(experimentDue(f, T0 + 1000)).toBe(false);
    expect(experimentDue(f, T0 + EXPERIMENT_INTERVAL_MS)).toBe(true);
    expect(experimentDue(flag({}), T0)).toBe(false);
    expect(decideGuard(f, { rearm: false }, T0).requeueAfterMs).toBe(EXPERIMENT_INTERVAL_MS);
  });
});
