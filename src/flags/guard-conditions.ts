/**
 * The conditions the guard's state sets on a published flag. Pure.
 *
 * - A rolled-back guarded rollout turns `Ready` False with reason
 *   RolledBack (the spec is published, but users get the fallback), and the
 *   `Published` event publishing would emit is dropped: the RolledBack event
 *   already said what happened.
 * - `KillSwitch`: True (Fired) while fired, False (Armed) otherwise; absent
 *   without `spec.killSwitch`.
 */
import type { FeatureFlagStatus } from '../api/feature-flag-status.js';
import { setCondition, type Condition } from '../kube/conditions.js';
import type { FlagDecision } from './decide.js';

interface GuardSpec {
  rollout?: { strategy?: unknown; fallbackVariant?: unknown };
  defaultVariant?: unknown;
  killSwitch?: unknown;
}

export const KILL_SWITCH_CONDITION = 'KillSwitch';

export function withGuardConditions(flag: unknown, d: FlagDecision, now: number): FlagDecision {
  const spec = ((flag ?? {}) as { spec?: GuardSpec }).spec ?? {};
  const status: FeatureFlagStatus = { ...d.status };
  let conditions = (status.conditions ?? []) as Condition[];
  let actions = d.actions;
  const ready = conditions.find((c) => c.type === 'Ready');

  if (
    spec.rollout?.strategy === 'guarded' &&
    status.rollout?.phase === 'RolledBack' &&
    ready?.status === 'True'
  ) {
    const name = spec.rollout.fallbackVariant ?? spec.defaultVariant;
    const fallback = typeof name === 'string' ? name : '';
    conditions = setCondition(
      conditions,
      {
        ...ready,
        status: 'False',
        reason: 'RolledBack',
        message: `guarded rollout rolled back: everyone is served "${fallback}"; re-arm with fledge flags rearm`,
      },
      now,
    );
    actions = actions.filter((a) => !(a.type === 'Normal' && a.reason === ready.reason));
  }

  if (spec.killSwitch !== undefined) {
    const ks = status.killSwitch;
    conditions = setCondition(
      conditions,
      ks?.fired
        ? {
            type: KILL_SWITCH_CONDITION,
            status: 'True',
            reason: 'Fired',
            message: ks.message ?? 'kill switch fired',
          }
        : { type: KILL_SWITCH_CONDITION, status: 'False', reason: 'Armed', message: 'kill switch armed' },
      now,
    );
  } else {
    conditions = conditions.filter((c) => c.type !== KILL_SWITCH_CONDITION);
  }
  status.conditions = conditions;
  return { ...d, status, actions };
}
