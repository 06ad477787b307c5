/**
 * decideGuard: the run-time state of one flag (guarded rollout + kill
 * switch) from its spec, its status and this reconcile's measurements. Pure;
 * the controller measures what `guardDue` says is due, calls this, writes
 * the status when it changed, and only then publishes the set, whose
 * compile reads that status (runtimeOf).
 */
import type { DefaultedFeatureFlag } from '../api/feature-flag-defaults.js';
import type { FeatureFlagStatus } from '../api/feature-flag-status.js';
import type { CheckResults } from './guard-checks.js';
import {
  decideExperiment,
  EXPERIMENT_INTERVAL_MS,
  experimentDue,
  isExperiment,
  type ExperimentObserved,
} from './guard-experiment.js';
import { decideKillSwitch, killSwitchCheckDue } from './guard-kill.js';
import { decideRollout, rolloutCheckDue } from './guard-rollout.js';
import { minRequeue, type GuardAction, type Requeue } from './guard-types.js';
import { jsonEqual } from './json-equal.js';

export interface GuardObserved {
  rollout?: CheckResults | undefined;
  killSwitch?: CheckResults | undefined;
  experiment?: ExperimentObserved | undefined;
  /** The `fledge.dev/rearm` annotation is set. */
  rearm: boolean;
}

export interface GuardDecision {
  status: FeatureFlagStatus;
  statusChanged: boolean;
  actions: GuardAction[];
  requeueAfterMs: Requeue;
  /** The re-arm annotation was handled and is to be removed. */
  clearRearm: boolean;
}

/** Whether the flag has anything for the guard to do or undo. */
export function isGuarded(flag: DefaultedFeatureFlag): boolean {
  const s = flag.status;
  return (
    flag.spec.rollout?.strategy === 'guarded' ||
    flag.spec.killSwitch !== undefined ||
    isExperiment(flag) ||
    s?.rollout?.phase !== undefined ||
    s?.killSwitch !== undefined
  );
}

/** Which rounds are due at `now`. */
export function guardDue(
  flag: DefaultedFeatureFlag,
  now: number,
): { rollout: boolean; killSwitch: boolean; experiment: boolean } {
  const r = rolloutCheckDue(flag.spec, flag.status?.rollout);
  const k = killSwitchCheckDue(flag.spec, flag.status?.killSwitch);
  return {
    rollout: r !== undefined && r <= now,
    killSwitch: k !== undefined && k <= now,
    experiment: experimentDue(flag, now),
  };
}

export function decideGuard(flag: DefaultedFeatureFlag, observed: GuardObserved, now: number): GuardDecision {
  const old = flag.status ?? {};
  const ref = `FeatureFlag ${flag.metadata.namespace ?? 'default'}/${flag.metadata.name}`;
  const r = decideRollout({
    spec: flag.spec,
    status: old.rollout,
    observed: observed.rollout,
    rearm: observed.rearm,
    now,
    ref,
  });
  const k = decideKillSwitch({
    spec: flag.spec,
    status: old.killSwitch,
    observed: observed.killSwitch,
    rearm: observed.rearm,
    now,
    ref,
  });
  const e = decideExperiment(flag, observed.experiment, now, ref);
  const status: FeatureFlagStatus = { ...old };
  if (e.status) status.experiment = e.status;
  if (r.status) status.rollout = r.status;
  else delete status.rollout;
  if (k.status) status.killSwitch = k.status;
  else delete status.killSwitch;
  return {
    status,
    statusChanged: !jsonEqual(status, old),
    actions: [...k.actions, ...r.actions, ...e.actions],
    requeueAfterMs: minRequeue(
      minRequeue(r.requeueAfterMs, k.requeueAfterMs),
      isExperiment(flag) ? EXPERIMENT_INTERVAL_MS : undefined,
    ),
    clearRearm: observed.rearm,
  };
}
