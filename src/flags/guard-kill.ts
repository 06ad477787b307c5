/**
 * decideKillSwitch: one reconcile of a flag's kill switch. Pure; the state
 * lives in `status.killSwitch`.
 *
 * - Every `interval` (default 30s) its checks run, independent of any
 *   rollout. A counted check out of range (Fail) is a breach; `threshold`
 *   consecutive breaches (default 1) fire it: `fired: true`, and runtimeOf
 *   then publishes the flag DISABLED (or serving the safe variant), with an
 *   Event and the notification webhooks.
 * - No data or an unanswered query neither fires it nor resets the count: a
 *   Prometheus outage must not switch features off, and a gap must not hide
 *   a streak.
 * - Fired, it holds until a person re-arms it (annotation `fledge.dev/rearm`,
 *   `fledge flags rearm`): it never turns itself back on, so it never flaps.
 *   After a re-arm the first round runs one interval later, on fresh data.
 */
import type { DefaultedFeatureFlagSpec } from '../api/feature-flag-defaults.js';
import type { KillSwitchStatus } from '../api/feature-flag-status.js';
import { parseDurationMs } from '../api/duration.js';
import { judgeRound, type CheckResults } from './guard-checks.js';
import { isoTime, msOf, type GuardAction, type Requeue } from './guard-types.js';

export interface KillSwitchInput {
  spec: DefaultedFeatureFlagSpec;
  status: KillSwitchStatus | undefined;
  observed?: CheckResults | undefined;
  rearm: boolean;
  now: number;
  ref: string;
}

export interface KillSwitchDecision {
  status: KillSwitchStatus | undefined;
  actions: GuardAction[];
  requeueAfterMs: Requeue;
}

export function killSwitchIntervalMs(spec: DefaultedFeatureFlagSpec): number {
  return parseDurationMs(spec.killSwitch?.interval ?? '30s') ?? 30_000;
}

/** When the next round is due (ms since epoch; 0 = now); undefined when none is. */
export function killSwitchCheckDue(
  spec: DefaultedFeatureFlagSpec,
  status: KillSwitchStatus | undefined,
): number | undefined {
  if (!spec.killSwitch || status?.fired) return undefined;
  const last = msOf(status?.lastCheckTime);
  return last === undefined ? 0 : last + killSwitchIntervalMs(spec);
}

export function decideKillSwitch(input: KillSwitchInput): KillSwitchDecision {
  const { spec, status: old, now, ref } = input;
  const ks = spec.killSwitch;
  if (!ks) return { status: undefined, actions: [], requeueAfterMs: undefined };
  const every = killSwitchIntervalMs(spec);
  const time = isoTime(now);
  const actions: GuardAction[] = [];

  if (old?.fired) {
    if (!input.rearm) return { status: old, actions, requeueAfterMs: undefined };
    actions.push({
      kind: 'event',
      type: 'Normal',
      reason: 'KillSwitchRearmed',
      message: `${ref}: kill switch re-armed; the flag is published from its spec again`,
    });
    return {
      status: {
        fired: false,
        failedChecks: 0,
        lastCheckTime: time,
        ...(old.metrics ? { metrics: old.metrics } : {}),
      },
      actions,
      requeueAfterMs: every,
    };
  }

  const status: KillSwitchStatus = { ...old, fired: false };
  const due = killSwitchCheckDue(spec, status) ?? now;
  if (!input.observed) return { status, actions, requeueAfterMs: Math.max(0, due - now) };

  const round = judgeRound(ks.metrics, input.observed, time);
  status.lastCheckTime = time;
  status.metrics = round.measurements;
  if (round.failed.length === 0) {
    // A clean round ends a streak; a round without data leaves it as it was.
    if (round.unavailable.length === 0 && round.noData.length === 0) status.failedChecks = 0;
    return { status, actions, requeueAfterMs: every };
  }
  const failedChecks = (old?.failedChecks ?? 0) + 1;
  status.failedChecks = failedChecks;
  const why = round.failed.map((j) => j.message).join('; ');
  if (failedChecks < ks.threshold) return { status, actions, requeueAfterMs: every };

  const what = ks.action === 'variant' ? `serving "${ks.variant ?? ''}" to everyone` : 'flag DISABLED';
  const message = `${ref}: kill switch fired (${why}); ${what} until re-armed (fledge flags rearm)`;
  status.fired = true;
  status.firedAt = time;
  status.reason = 'MetricCheckFailed';
  status.message = message;
  actions.push({ kind: 'event', type: 'Warning', reason: 'KillSwitchFired', message });
  if (ks.webhooks?.length)
    actions.push({ kind: 'notify', webhooks: ks.webhooks, phase: 'KillSwitchFired', message });
  return { status, actions, requeueAfterMs: undefined };
}
