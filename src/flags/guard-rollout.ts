/**
 * decideRollout: one reconcile of a guarded rollout (`rollout.strategy:
 * guarded`). Pure; all progress lives in `status.rollout`, so a restart
 * resumes exactly where it was.
 *
 * - First sight (no phase): publish the first step, phase Progressing.
 * - Every `interval` a round of checks runs (observe asks for it when due):
 *   - a counted check out of range (Fail) or unmeasurable (Unavailable) is a
 *     failed check; at `threshold` failed checks the flag rolls back to 0 %
 *     (runtimeOf then serves `fallbackVariant` to everyone), phase
 *     RolledBack, with an Event and the notification webhooks;
 *   - no data, NaN or fewer than `minSampleSize` evaluations of the variant
 *     hold the step: missing data never advances and never rolls back;
 *   - otherwise the next step is published; at the ceiling, Completed.
 * - RolledBack holds until re-armed (`fledge flags rearm`), which restarts
 *   from the first step.
 * - Raising the ceiling of a Completed rollout resumes it.
 */
import type { DefaultedFeatureFlagSpec } from '../api/feature-flag-defaults.js';
import type { RolloutStatus } from '../api/feature-flag-status.js';
import { parseDurationMs } from '../api/duration.js';
import { judgeRound, type CheckResults } from './guard-checks.js';
import { guardedSteps, nextStep } from './guard-steps.js';
import { isoTime, msOf, type GuardAction, type Requeue } from './guard-types.js';

export interface RolloutInput {
  spec: DefaultedFeatureFlagSpec;
  status: RolloutStatus | undefined;
  /** This round's measurements; undefined when no round ran. */
  observed?: CheckResults | undefined;
  /** The re-arm annotation is set. */
  rearm: boolean;
  now: number;
  /** `FeatureFlag ns/name`, for messages. */
  ref: string;
}

export interface RolloutDecision {
  status: RolloutStatus | undefined;
  actions: GuardAction[];
  requeueAfterMs: Requeue;
}

const HISTORY_LIMIT = 64;

/** When the next round is due (ms since epoch); undefined when none is. */
export function rolloutCheckDue(
  spec: DefaultedFeatureFlagSpec,
  status: RolloutStatus | undefined,
): number | undefined {
  const rollout = spec.rollout;
  if (rollout?.strategy !== 'guarded' || status?.phase !== 'Progressing') return undefined;
  const since = msOf(status.lastCheckTime) ?? msOf(status.stepStartedAt);
  if (since === undefined) return 0;
  return since + intervalMs(spec);
}

export function intervalMs(spec: DefaultedFeatureFlagSpec): number {
  return parseDurationMs(spec.rollout?.interval ?? '1m') ?? 60_000;
}

export function decideRollout(input: RolloutInput): RolloutDecision {
  const { spec, status: old, now, ref } = input;
  const rollout = spec.rollout;
  if (rollout?.strategy !== 'guarded') {
    // No longer guarded: the guarded state goes (a static percentage is publish-status's).
    return { status: old?.phase ? undefined : old, actions: [], requeueAfterMs: undefined };
  }
  const steps = guardedSteps(rollout);
  const ceiling = rollout.percentage;
  const time = isoTime(now);
  const actions: GuardAction[] = [];
  const every = intervalMs(spec);

  if (!old?.phase || (input.rearm && old.phase === 'RolledBack')) {
    const first = steps[0] ?? ceiling;
    const reason = old?.phase ? 'Rearmed' : 'Started';
    actions.push({
      kind: 'event',
      type: 'Normal',
      reason: 'RolloutStarted',
      message: `${ref}: guarded rollout ${old?.phase ? 're-armed' : 'started'} at ${first}% (steps ${steps.join(', ')})`,
    });
    return {
      status: {
        phase: first >= ceiling ? 'Completed' : 'Progressing',
        percentage: first,
        currentStep: 0,
        failedChecks: 0,
        stepStartedAt: time,
        history: trim([...(old?.history ?? []), { percentage: first, time, reason }]),
      },
      actions,
      requeueAfterMs: first >= ceiling ? undefined : every,
    };
  }

  const status: RolloutStatus = { ...old };
  const current = Math.min(old.percentage ?? 0, ceiling);
  if (old.phase === 'RolledBack') return { status, actions, requeueAfterMs: undefined };
  if (current !== old.percentage) status.percentage = current;
  if (old.phase === 'Completed') {
    if (current >= ceiling) return { status, actions, requeueAfterMs: undefined };
    // The ceiling was raised: climb on from here, first round one interval away.
    status.phase = 'Progressing';
    status.lastCheckTime = time;
    return { status, actions, requeueAfterMs: every };
  }

  const due = rolloutCheckDue(spec, status) ?? now;
  if (!input.observed) return { status, actions, requeueAfterMs: Math.max(0, due - now) };

  const round = judgeRound(rollout.metrics ?? [], input.observed, time);
  status.lastCheckTime = time;
  status.metrics = round.measurements;
  const samples = input.observed.samples;
  const minSamples = rollout.minSampleSize ?? 0;
  const counted = [...round.failed, ...round.unavailable];
  if (samples?.value === undefined && samples?.error !== undefined) {
    counted.push({
      name: 'sample-count',
      verdict: 'Unavailable',
      reason: 'MetricsUnavailable',
      message: `evaluation count unavailable: ${samples.error}`,
      dryRun: false,
    });
  }

  if (counted.length > 0) {
    const failedChecks = (old.failedChecks ?? 0) + 1;
    status.failedChecks = failedChecks;
    const why = counted.map((j) => j.message).join('; ');
    if (failedChecks >= (rollout.threshold ?? 1)) {
      const fallback = rollout.fallbackVariant ?? spec.defaultVariant;
      const message = `${ref}: rolled back from ${current}% after ${failedChecks} failed checks (${why}); serving "${fallback}" to everyone`;
      status.phase = 'RolledBack';
      status.percentage = 0;
      status.stepStartedAt = time;
      status.history = trim([...(old.history ?? []), { percentage: 0, time, reason: 'RolledBack' }]);
      actions.push({ kind: 'event', type: 'Warning', reason: 'RolledBack', message });
      if (rollout.webhooks?.length)
        actions.push({ kind: 'notify', webhooks: rollout.webhooks, phase: 'RolledBack', message });
      return { status, actions, requeueAfterMs: undefined };
    }
    actions.push({
      kind: 'event',
      type: 'Warning',
      reason: 'MetricCheckFailed',
      message: `${ref}: failed check ${failedChecks} of ${rollout.threshold ?? 1} at ${current}%: ${why}`,
    });
    return { status, actions, requeueAfterMs: every };
  }

  const n = samples?.value ?? 0;
  if (round.noData.length > 0 || n < minSamples) return { status, actions, requeueAfterMs: every };

  const next = nextStep(steps, current);
  if (!next) {
    status.phase = 'Completed';
    return { status, actions, requeueAfterMs: undefined };
  }
  status.percentage = next.percentage;
  status.currentStep = next.index;
  status.stepStartedAt = time;
  status.history = trim([...(old.history ?? []), { percentage: next.percentage, time, reason: 'Advanced' }]);
  const done = next.percentage >= ceiling;
  if (done) status.phase = 'Completed';
  const message = `${ref}: ${current}% → ${next.percentage}% (checks passed on ${n} evaluations)`;
  actions.push({
    kind: 'event',
    type: 'Normal',
    reason: done ? 'RolloutCompleted' : 'RolloutAdvanced',
    message,
  });
  if (done && rollout.webhooks?.length)
    actions.push({ kind: 'notify', webhooks: rollout.webhooks, phase: 'Completed', message });
  return { status, actions, requeueAfterMs: done ? undefined : every };
}

function trim<T>(list: T[]): T[] {
  return list.length > HISTORY_LIMIT ? list.slice(list.length - HISTORY_LIMIT) : list;
}
