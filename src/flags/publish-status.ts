/**
 * decide, per flag: decide()'s status plus `status.rollout.percentage` for a
 * static rollout (the Rollout printer column reads it). Pure.
 *
 * A guarded rollout's percentage belongs to the guard (guard-rollout.ts),
 * which also reads it back when compiling: it is never touched here. The
 * guard's conditions (Ready=RolledBack, KillSwitch) are set here too
 * (guard-conditions.ts). A
 * static percentage is recorded only once the current spec is what is
 * published, so the column shows what users get, not what was asked for.
 */
import type { FeatureFlagStatus } from '../api/feature-flag-status.js';
import { decide, type FlagDecision, type FlagObserved } from './decide.js';
import { withGuardConditions } from './guard-conditions.js';
import { jsonEqual } from './json-equal.js';

interface RolloutSpec {
  strategy?: unknown;
  percentage?: unknown;
}

export function decideFlagStatus(flag: unknown, observed: FlagObserved, now: number): FlagDecision {
  const raw = (flag ?? {}) as { spec?: { rollout?: RolloutSpec }; status?: FeatureFlagStatus };
  const old = raw.status ?? {};
  const guarded = withGuardConditions(flag, decide(flag, observed, now), now);
  const d = { ...guarded, statusChanged: !jsonEqual(guarded.status, old) };
  const rollout = raw.spec?.rollout;
  if (rollout?.strategy === 'guarded') return d;
  if (observed.outcome.published?.source !== 'current') return d;

  const status: FeatureFlagStatus = { ...d.status };
  if (rollout && typeof rollout.percentage === 'number') {
    status.rollout = { ...status.rollout, percentage: rollout.percentage };
  } else if (status.rollout) {
    const { percentage: _dropped, ...rest } = status.rollout;
    if (Object.keys(rest).length > 0) status.rollout = rest;
    else delete status.rollout;
  }
  return { ...d, status, statusChanged: !jsonEqual(status, old) };
}
