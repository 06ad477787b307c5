/**
 * `Progressing`: once per `analysis.interval`, judge the checks and move the
 * weight one step (or count an A/B iteration). A failure, NoData included,
 * counts against the canary; nothing but a pass ever moves traffic forward.
 */
import { parseDurationMs } from '../api/duration.js';
import { analyse } from './analyse.js';
import {
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
import { evaluateGate, failedHooks, hold, release } from './gates.js';
import { beginPromotion } from './promote.js';
import { rollback } from './rollback.js';
import { route } from './routes.js';
import { nextWeight, split, strategyOf } from './weights.js';

/** Milliseconds until the next interval is due; 0 when due now. */
export function untilDue(intervalMs: number, now: number, lastAnalysisTime: string | undefined): number {
  const last = lastAnalysisTime === undefined ? NaN : Date.parse(lastAnalysisTime);
  return Number.isNaN(last) ? 0 : Math.max(0, intervalMs - (now - last));
}

export function progress(ctx: Ctx, d: Draft): void {
  if (isNewRevision(ctx, d))
    return startRollout(ctx, d, 'NewRevision', 'new revision during analysis, restarting');
  const { target } = ctx.observed;
  if (!target.ready) return waitForCanary(ctx, d);
  if (ctx.canary.spec.skipAnalysis) return beginPromotion(ctx, d, 'analysis skipped (skipAnalysis)');
  const wait = untilDue(ctx.intervalMs, ctx.now, d.status.lastAnalysisTime);
  if (wait > 0) return requeue(d, wait);
  d.status.lastAnalysisTime = timeOf(ctx.now);
  requeue(d, ctx.intervalMs);
  if (strategyOf(ctx.canary.spec.analysis) === 'iterations') return iterate(ctx, d);
  return step(ctx, d);
}

function waitForCanary(ctx: Ctx, d: Draft): void {
  const waited = since(ctx, d.status.lastAnalysisTime ?? d.status.lastTransitionTime) ?? 0;
  if (waited > ctx.deadlineMs) {
    return rollback(
      ctx,
      d,
      'ProgressDeadlineExceeded',
      `canary not ready after ${ctx.canary.spec.progressDeadlineSeconds}s`,
    );
  }
  if (ctx.observed.target.replicas === 0) d.actions.push({ kind: 'scaleTarget', replicas: 'restore' });
  requeue(d, SHORT_REQUEUE_MS);
}

function started(d: Draft): boolean {
  return d.status.stepStartedAt !== undefined;
}

/** Before any traffic: `pre-rollout` webhooks, each "no" a failed check. */
function preRollout(ctx: Ctx, d: Draft): boolean {
  const failed = failedHooks(ctx, 'pre-rollout');
  if (failed.length === 0) return true;
  countFailure(ctx, d, 'PreRolloutFailed', failed.join('; '), false);
  return false;
}

/**
 * One interval's analysis for both strategies: a failure is counted (and may
 * roll back); a pass ends any NoData streak.
 */
function checksPassed(ctx: Ctx, d: Draft): boolean {
  const outcome = analyse(ctx, d);
  if (!outcome.pass) {
    countFailure(
      ctx,
      d,
      outcome.reason ?? 'CheckFailed',
      outcome.message ?? 'checks failed',
      outcome.noDataOnly,
    );
    return false;
  }
  delete d.status.noDataSince;
  return true;
}

function step(ctx: Ctx, d: Draft): void {
  const analysis = ctx.canary.spec.analysis;
  const weight = d.status.canaryWeight ?? 0;
  if (!started(d) || weight === 0) {
    if (!preRollout(ctx, d)) return;
  } else {
    if (!checksPassed(ctx, d)) return;
  }
  const next = nextWeight(analysis, weight);
  if (next === undefined) return beginPromotion(ctx, d, `all checks passed at ${weight}%`);
  if (analysis.doubling && started(d) && weight > 0) {
    const samples = ctx.observed.stepRequests?.value;
    if (samples === undefined || samples < analysis.doubling.minSampleSize) {
      event(
        d,
        'Normal',
        'WaitingForSamples',
        `${ctx.ref}: ${samples ?? 'unknown'} of ${analysis.doubling.minSampleSize} canary requests at ${weight}%`,
      );
      return;
    }
  }
  const gate = evaluateGate(ctx, d, 'confirm-traffic-increase');
  if (!gate.open) {
    if (gate.timedOut === 'abort') return rollback(ctx, d, 'GateTimeout', gate.message);
    hold(ctx, d, gate);
    return;
  }
  release(d);
  d.status.canaryWeight = next;
  d.status.stepStartedAt = timeOf(ctx.now);
  const { primary, canary } = split(next);
  route(ctx, d);
  event(d, 'Normal', 'Advanced', `${ctx.ref}: weight ${canary}% canary, ${primary}% primary`);
}

/** A/B and blue/green: fixed routes, `analysis.iterations` passing intervals. */
function iterate(ctx: Ctx, d: Draft): void {
  const analysis = ctx.canary.spec.analysis;
  if (!started(d)) {
    if (!preRollout(ctx, d)) return;
    d.status.stepStartedAt = timeOf(ctx.now);
    d.status.iterations = 0;
    route(ctx, d);
    const how = analysis.match
      ? 'matching requests to the canary'
      : analysis.mirror
        ? 'mirroring to the canary'
        : '';
    event(
      d,
      'Normal',
      'Advanced',
      `${ctx.ref}: starting ${analysis.iterations ?? 0} iterations${how ? `, ${how}` : ''}`,
    );
    return;
  }
  if (!checksPassed(ctx, d)) return;
  const done = (d.status.iterations ?? 0) + 1;
  d.status.iterations = done;
  if (done >= (analysis.iterations ?? 0)) return beginPromotion(ctx, d, `${done} iterations passed`);
  event(d, 'Normal', 'Advanced', `${ctx.ref}: iteration ${done} of ${analysis.iterations ?? 0} passed`);
}

/**
 * One failed interval. NoData also starts (or continues) the NoData clock;
 * either limit reached rolls back, with the reason that got there.
 */
function countFailure(ctx: Ctx, d: Draft, reason: string, message: string, noData: boolean): void {
  const analysis = ctx.canary.spec.analysis;
  const failed = (d.status.failedChecks ?? 0) + 1;
  d.status.failedChecks = failed;
  if (noData) d.status.noDataSince ??= timeOf(ctx.now);
  else delete d.status.noDataSince;
  const noDataFor = since(ctx, d.status.noDataSince);
  const noDataTimeout = parseDurationMs(analysis.noDataTimeout) ?? 0;
  if (noData && noDataFor !== undefined && noDataTimeout > 0 && noDataFor >= noDataTimeout) {
    return rollback(ctx, d, 'NoData', `no data for ${analysis.noDataTimeout}: ${message}`);
  }
  if (failed >= analysis.threshold) {
    return rollback(ctx, d, reason, `${failed} failed checks (threshold ${analysis.threshold}): ${message}`);
  }
  event(d, 'Warning', reason, `${ctx.ref}: check failed (${failed} of ${analysis.threshold}): ${message}`);
}

/** A routing error halts the rollout: no step, no promotion, until the VirtualService is right. */
export function routingHalt(ctx: Ctx, d: Draft): boolean {
  const error = ctx.observed.routing.error;
  if (error === undefined) return false;
  notReady(ctx, d, 'RoutingError', error);
  route(ctx, d);
  requeue(d, SHORT_REQUEUE_MS);
  return true;
}
