/**
 * What a FeatureFlag's status imposes on what is published, beside its spec:
 * the percentage a guarded rollout has reached, a rolled-back rollout (the
 * fallback variant for everyone) and a fired kill switch. The guarded
 * rollout and kill switch controllers (issue 8) write that status; the
 * compiler only reads it, so a restart publishes exactly the same thing.
 */
import type { DefaultedFeatureFlag } from '../api/feature-flag-defaults.js';
import type { FlagOverride } from './compile.js';
import type { RolloutState } from './rollout.js';

export interface RuntimeState {
  rollout: RolloutState;
  override?: FlagOverride;
}

export function runtimeOf(flag: DefaultedFeatureFlag): RuntimeState {
  const { spec, status } = flag;
  const out: RuntimeState = { rollout: { percentage: status?.rollout?.percentage } };
  if (status?.killSwitch?.fired && spec.killSwitch) {
    const ks = spec.killSwitch;
    out.override =
      ks.action === 'variant' && ks.variant !== undefined
        ? { kind: 'serve', variant: ks.variant }
        : { kind: 'disable' };
  } else if (status?.rollout?.phase === 'RolledBack' && spec.rollout?.strategy === 'guarded') {
    out.override = { kind: 'serve', variant: spec.rollout.fallbackVariant ?? spec.defaultVariant };
  }
  return out;
}
