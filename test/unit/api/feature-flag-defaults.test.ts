import { describe, expect, it } from 'vitest';
import { exampleExperimentFlag, exampleFeatureFlag, exampleGuardedFlag } from '../../../src/api/examples.js';
import { withFeatureFlagDefaults } from '../../../src/api/feature-flag-defaults.js';
import type { FeatureFlag } from '../../../src/api/feature-flag.js';
import { validateFeatureFlag } from '../../../src/api/validate.js';

describe('withFeatureFlagDefaults', () => {
  it('fills key, flag set, type and state, and the rolled-out variant of a two-variant flag', () => {
    const flag = exampleFeatureFlag();
    delete flag.spec.flagSet;
    delete flag.spec.type;
    delete flag.spec.state;
    const out = withFeatureFlagDefaults(flag).spec;
    expect(out).toMatchObject({ key: 'new-checkout', flagSet: 'default', type: 'release', state: 'ENABLED' });
    expect(out.rollout).toEqual({ percentage: 10, strategy: 'static', variant: 'on' });
  });

  it('does not guess the rolled-out variant among three', () => {
    const flag = exampleFeatureFlag();
    flag.spec.variants = { a: 'a', b: 'b', c: 'c' };
    flag.spec.defaultVariant = 'a';
    expect(withFeatureFlagDefaults(flag).spec.rollout).not.toHaveProperty('variant');
  });

  it('fills a guarded rollout and a kill switch', () => {
    const flag: FeatureFlag = exampleGuardedFlag();
    flag.spec.rollout = { strategy: 'guarded', metrics: flag.spec.rollout!.metrics! };
    const out = withFeatureFlagDefaults(flag).spec;
    expect(out.rollout).toMatchObject({
      strategy: 'guarded',
      percentage: 100,
      steps: [1, 5, 10, 25, 50, 100],
      interval: '1m',
      minSampleSize: 100,
      threshold: 2,
      fallbackVariant: 'off',
      variant: 'on',
    });
    expect(out.killSwitch).toMatchObject({ action: 'disable', interval: '30s', threshold: 1 });
  });

  it('uses doubling from 1 instead of steps when asked', () => {
    const flag = exampleGuardedFlag();
    delete flag.spec.rollout!.steps;
    flag.spec.rollout!.doubling = {};
    const out = withFeatureFlagDefaults(flag).spec.rollout!;
    expect(out.doubling).toEqual({ initial: 1 });
    expect(out).not.toHaveProperty('steps');
  });

  it('keeps explicit keys', () => {
    const flag = exampleFeatureFlag();
    flag.spec.key = 'newCheckout';
    expect(withFeatureFlagDefaults(flag).spec.key).toBe('newCheckout');
  });

  it('is pure, idempotent, and keeps a valid flag valid', () => {
    for (const flag of [exampleFeatureFlag(), exampleExperimentFlag(), exampleGuardedFlag()]) {
      const before = structuredClone(flag);
      const once = withFeatureFlagDefaults(flag);
      expect(flag).toEqual(before);
      expect(withFeatureFlagDefaults(once)).toEqual(once);
      const result = validateFeatureFlag(once);
      expect(result.ok ? [] : result.error.issues).toEqual([]);
    }
  });
});
