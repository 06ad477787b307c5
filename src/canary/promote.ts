/**
 * From the last passing step to a new primary: the `confirm-promotion` gate
 * (WaitingPromotion), then `Promoting`: copy the template and tracked configs
 * to the primary and wait for it to roll out (then, with
 * `stepWeightPromotion`, move traffic back to it in steps). Traffic keeps its
 * split while the primary rolls; if the primary stops serving, traffic goes to
 * the side that serves (routes.ts), and the deadline only reports, never scales.
 */
import {
  enter,
  event,
  notReady,
  requeue,
  since,
  SHORT_REQUEUE_MS,
  timeOf,
  type Ctx,
  type Draft,
} from './context.js';
import { isNewRevision, startRollout } from './detect.js';
import { evaluateGate, hold, release } from './gates.js';
import { rollback } from './rollback.js';
import { route } from './routes.js';
import { split, strategyOf } from './weights.js';

/** The analysis is over; promote unless a `confirm-promotion` gate holds. */
export function beginPromotion(ctx: Ctx, d: Draft, why: string, skipGates = false): void {
  const gate = skipGates ? { open: true as const } : evaluateGate(ctx, d, 'confirm-promotion');
  if (!gate.open) {
    if (gate.timedOut === 'abort') return rollback(ctx, d, 'GateTimeout', gate.message);
    hold(ctx, d, gate);
    if (d.status.phase !== 'WaitingPromotion') {
      enter(ctx, d, 'WaitingPromotion', { reason: 'WaitingPromotion', message: `${why}; ${gate.message}` });
    }
    requeue(d, ctx.intervalMs);
    return;
  }
  release(d);
  enter(ctx, d, 'Promoting', { reason: 'Promoting', message: `${why}; copying revision to the primary` });
  copyToPrimary(ctx, d);
}

export function waitingPromotion(ctx: Ctx, d: Draft): void {
  if (isNewRevision(ctx, d))
    return startRollout(ctx, d, 'NewRevision', 'new revision while waiting for promotion');
  beginPromotion(ctx, d, 'confirm-promotion gate opened');
}

function copyToPrimary(ctx: Ctx, d: Draft): void {
  if (Object.keys(ctx.observed.trackedConfigs).length > 0) d.actions.push({ kind: 'copyTrackedConfigs' });
  d.actions.push({ kind: 'promoteTemplate', revision: d.status.lastAppliedSpec ?? '' });
  requeue(d, SHORT_REQUEUE_MS);
}

export function promoting(ctx: Ctx, d: Draft): void {
  if (isNewRevision(ctx, d))
    return startRollout(ctx, d, 'NewRevision', 'new revision during promotion, restarting');
  const { primary } = ctx.observed;
  if (primary.revision !== d.status.lastAppliedSpec) return copyToPrimary(ctx, d);
  if (primary.ready) {
    if (stepBack(ctx, d)) return;
    d.status.canaryWeight = 0;
    enter(ctx, d, 'Finalising', {
      reason: 'Finalising',
      message: 'primary rolled out; routing all traffic to it',
    });
    d.actions.push({ kind: 'setRoutes', ...split(0) });
    requeue(d, SHORT_REQUEUE_MS);
    return;
  }
  waitForPrimary(ctx, d);
}

/**
 * `analysis.stepWeightPromotion`: once the primary runs the new revision,
 * give it its traffic back in steps, one per interval, as Flagger does, so
 * the new primary's pods warm up under growing load. The last step (to 0 %
 * canary) is Finalising's. No checks run here: the revision already passed.
 */
function stepBack(ctx: Ctx, d: Draft): boolean {
  const analysis = ctx.canary.spec.analysis;
  const step = analysis.stepWeightPromotion;
  const weight = d.status.canaryWeight ?? 0;
  if (step === undefined || weight <= 0 || strategyOf(analysis) === 'iterations') return false;
  const elapsed = since(ctx, d.status.stepStartedAt);
  if (elapsed !== undefined && elapsed < ctx.intervalMs) {
    requeue(d, ctx.intervalMs - elapsed);
    return true;
  }
  const next = Math.max(0, weight - step);
  if (next === 0) return false;
  d.status.canaryWeight = next;
  d.status.stepStartedAt = timeOf(ctx.now);
  route(ctx, d);
  const { primary, canary } = split(next);
  event(d, 'Normal', 'PromotionStep', `${ctx.ref}: promoting: weight ${canary}% canary, ${primary}% primary`);
  requeue(d, ctx.intervalMs);
  return true;
}

/** Past the deadline the Canary says so and keeps waiting; it never removes the side that serves. */
export function waitForPrimary(ctx: Ctx, d: Draft): void {
  if ((since(ctx, d.status.lastTransitionTime) ?? 0) > ctx.deadlineMs) {
    notReady(
      ctx,
      d,
      'ProgressDeadlineExceeded',
      `primary not ready after ${ctx.canary.spec.progressDeadlineSeconds}s during ${d.status.phase ?? 'promotion'}`,
    );
  }
  requeue(d, SHORT_REQUEUE_MS);
}
