/** Builders for the guard's unit tests: defaulted flag specs and check results. */
import {
  withFeatureFlagDefaults,
  type DefaultedFeatureFlag,
} from '../../../src/api/feature-flag-defaults.js';
import type { FeatureFlag } from '../../../src/api/feature-flag.js';
import type { MetricResult } from '../../../src/metrics/analysis.js';
import type { CheckResults } from '../../../src/flags/guard-checks.js';

export const T0 = Date.parse('2026-11-28T10:00:00Z');

export function flag(spec: Record<string, unknown>, status?: Record<string, unknown>): DefaultedFeatureFlag {
  const ff = {
    apiVersion: 'fledge.dev/v1alpha1',
    kind: 'FeatureFlag',
    metadata: { name: 'checkout', namespace: 'shop' },
    spec: { variants: { on: true, off: false }, defaultVariant: 'off', ...spec },
    ...(status ? { status } : {}),
  } as unknown as FeatureFlag;
  return withFeatureFlagDefaults(ff);
}

export const guardedRollout = (extra: Record<string, unknown> = {}) => ({
  rollout: {
    strategy: 'guarded',
    steps: [1, 5, 10, 25, 50, 100],
    interval: '1m',
    minSampleSize: 100,
    threshold: 2,
    metrics: [{ name: 'error-rate', thresholdRange: { max: 1 } }],
    ...extra,
  },
});

export const ok = (name: string, value: number): MetricResult => ({ name, status: 'ok', value });

export function results(metrics: MetricResult[], samples?: number | { error: string }): CheckResults {
  if (samples === undefined) return { metrics };
  return { metrics, samples: typeof samples === 'number' ? { value: samples } : samples };
}
