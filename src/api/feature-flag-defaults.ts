/**
 * Every default of a FeatureFlag, in one place; pure and idempotent.
 */
import type { FeatureFlag, FeatureFlagSpec, FlagType } from './feature-flag.js';
import type { KillSwitch, Rollout } from './flag-rollout.js';

export const FEATURE_FLAG_DEFAULTS = {
  flagSet: 'default',
  type: 'release',
  state: 'ENABLED',
  rolloutStrategy: 'static',
  guardedCeiling: 100,
  guardedSteps: [1, 5, 10, 25, 50, 100],
  guardedInterval: '1m',
  guardedMinSampleSize: 100,
  guardedThreshold: 2,
  doublingInitial: 1,
  killSwitchAction: 'disable',
  killSwitchInterval: '30s',
  killSwitchThreshold: 1,
} as const;

type WithRequired<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Exclude<T[P], undefined> };

export type DefaultedRollout = WithRequired<Rollout, 'strategy' | 'percentage'>;
export type DefaultedKillSwitch = WithRequired<KillSwitch, 'action' | 'interval' | 'threshold'>;
export type DefaultedFeatureFlagSpec = Omit<
  WithRequired<FeatureFlagSpec, 'key' | 'flagSet' | 'type' | 'state'>,
  'rollout' | 'killSwitch'
> & { type: FlagType; rollout?: DefaultedRollout; killSwitch?: DefaultedKillSwitch };
export type DefaultedFeatureFlag = Omit<FeatureFlag, 'spec'> & { spec: DefaultedFeatureFlagSpec };

export function withFeatureFlagDefaults(flag: FeatureFlag): DefaultedFeatureFlag {
  const d = FEATURE_FLAG_DEFAULTS;
  const { rollout, killSwitch, ...spec } = flag.spec;
  const out: DefaultedFeatureFlagSpec = {
    ...spec,
    key: spec.key ?? flag.metadata.name,
    flagSet: spec.flagSet ?? d.flagSet,
    type: spec.type ?? d.type,
    state: spec.state ?? d.state,
  };
  if (rollout) out.rollout = rolloutDefaults(rollout, flag.spec);
  if (killSwitch) {
    out.killSwitch = {
      ...killSwitch,
      action: killSwitch.action ?? d.killSwitchAction,
      interval: killSwitch.interval ?? d.killSwitchInterval,
      threshold: killSwitch.threshold ?? d.killSwitchThreshold,
    };
  }
  return { ...flag, spec: out };
}

function rolloutDefaults(rollout: Rollout, spec: FeatureFlagSpec): DefaultedRollout {
  const d = FEATURE_FLAG_DEFAULTS;
  const out: DefaultedRollout = {
    ...rollout,
    strategy: rollout.strategy ?? d.rolloutStrategy,
    // A static rollout without percentage is invalid; 0 keeps defaulting total.
    percentage: rollout.percentage ?? (rollout.strategy === 'guarded' ? d.guardedCeiling : 0),
  };
  // With two variants the rolled-out one is obviously the one that is not the default.
  const names = Object.keys(spec.variants);
  if (out.variant === undefined && names.length === 2) {
    const other = names.find((n) => n !== spec.defaultVariant);
    if (other !== undefined) out.variant = other;
  }
  if (out.strategy === 'guarded') {
    if (out.doubling) out.doubling = { initial: out.doubling.initial ?? d.doublingInitial };
    else if (out.steps === undefined) out.steps = [...d.guardedSteps];
    out.interval ??= d.guardedInterval;
    out.minSampleSize ??= d.guardedMinSampleSize;
    out.threshold ??= d.guardedThreshold;
    out.fallbackVariant ??= spec.defaultVariant;
  }
  return out;
}
