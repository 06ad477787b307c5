/**
 * Settled phases (Initialized, Succeeded, Failed) and `Waiting`: notice a new
 * revision and start it, through the `confirm-rollout` gate; otherwise keep
 * the settled shape (100 % primary, target at 0 once the primary serves).
 */
import {
  enter,
  requeue,
  revisionOf,
  setCondition,
  SHORT_REQUEUE_MS,
  type Ctx,
  type Draft,
} from './context.js';
import { evaluateGate, hold, release } from './gates.js';
import { rollback } from './rollback.js';

/** A revision differs from the one last started (or promoted). */
export function isNewRevision(ctx: Ctx, d: Draft): boolean {
  return revisionOf(ctx.observed) !== d.status.lastAppliedSpec;
}

export function settled(ctx: Ctx, d: Draft): void {
  if (isNewRevision(ctx, d)) return startRollout(ctx, d, 'NewRevision', 'new revision detected');
  const { primary, target } = ctx.observed;
  if (primary.ready && target.replicas > 0) d.actions.push({ kind: 'scaleTarget', replicas: 0 });
  if (!primary.ready) requeue(d, SHORT_REQUEUE_MS);
}

export function waiting(ctx: Ctx, d: Draft): void {
  if (!isNewRevision(ctx, d)) {
    release(d);
    enter(ctx, d, 'Initialized', {
      reason: 'RevisionReverted',
      message: 'target is back at the current revision',
    });
    return;
  }
  startRollout(ctx, d, 'NewRevision', 'confirm-rollout gate opened');
}

/** Starts (or restarts) the analysis of the observed revision; `confirm-rollout` may hold it in Waiting. */
export function startRollout(ctx: Ctx, d: Draft, reason: string, message: string, skipGate = false): void {
  const gate = skipGate ? { open: true as const } : evaluateGate(ctx, d, 'confirm-rollout');
  if (!gate.open) {
    if (gate.timedOut === 'abort') return rollback(ctx, d, 'GateTimeout', gate.message);
    hold(ctx, d, gate);
    // Whatever ran before is stopped while the gate holds: back to the primary.
    d.status.canaryWeight = 0;
    if (d.status.phase !== 'Waiting') enter(ctx, d, 'Waiting', { reason: 'Waiting', message: gate.message });
    requeue(d, ctx.intervalMs);
    return;
  }
  release(d);
  const revision = revisionOf(ctx.observed);
  d.status.lastAppliedSpec = revision;
  d.status.trackedConfigs = { ...ctx.observed.trackedConfigs };
  d.status.canaryWeight = 0;
  d.status.failedChecks = 0;
  d.status.iterations = 0;
  delete d.status.stepStartedAt;
  delete d.status.lastAnalysisTime;
  delete d.status.noDataSince;
  enter(ctx, d, 'Progressing', { reason, message: `${message}, starting analysis of ${revision}` });
  setCondition(ctx, d, 'Promoted', 'Unknown', 'Progressing', `${ctx.ref}: analysing revision ${revision}`);
  d.actions.push({ kind: 'scaleTarget', replicas: 'restore' });
  requeue(d, SHORT_REQUEUE_MS);
}
