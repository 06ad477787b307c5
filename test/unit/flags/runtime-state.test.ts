import { describe, expect, it } from 'vitest';
import { withFeatureFlagDefaults } from '../../../src/api/feature-flag-defaults.js';
import type { FeatureFlag } from '../../../src/api/feature-flag.js';
import { runtimeOf } from '../../../src/flags/runtime-state.js';
import { boolVariants, featureFlag } from './support.js';

const metrics = [{ name: 'm', templateRef: { name: 't' }, thresholdRange: { max: 1 } }];
const of = (spec: Record<string, unknown>, status?: Record<string, unknown>) =>
  runtimeOf(
    withFeatureFlagDefaults(
      featureFlag({
        spec: { ...boolVariants, ...spec },
        ...(status ? { status } : {}),
      }) as unknown as FeatureFlag,
    ),
  );

describe('runtimeOf', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown> | undefined, unknown]>([
    ['nothing in status', {}, undefined, { rollout: { percentage: undefined } }],
    [
      'guarded percentage',
      { rollout: { strategy: 'guarded', metrics } },
      { rollout: { percentage: 10 } },
      { rollout: { percentage: 10 } },
    ],
    [
      'rolled back → fallback variant',
      { rollout: { strategy: 'guarded', metrics, fallbackVariant: 'off' } },
      { rollout: { phase: 'RolledBack', percentage: 10 } },
      { rollout: { percentage: 10 }, override: { kind: 'serve', variant: 'off' } },
    ],
    [
      'kill switch fired → disable',
      { killSwitch: { metrics } },
      { killSwitch: { fired: true } },
      { rollout: { percentage: undefined }, override: { kind: 'disable' } },
    ],
    [
      'kill switch fired → variant',
      { killSwitch: { metrics, action: 'variant', variant: 'off' } },
      { killSwitch: { fired: true } },
      { rollout: { percentage: undefined }, override: { kind: 'serve', variant: 'off' } },
    ],
    [
      'kill switch not fired',
      { killSwitch: { metrics } },
      { killSwitch: { fired: false } },
      { rollout: { percentage: undefined } },
    ],
  ])('%s', (_n, spec, status, expected) => {
    expect(of(spec, status)).toEqual(expected);
  });
});
