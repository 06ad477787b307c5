/**
 * First sight of a Canary: create the primary (a copy of the target), the
 * Services, VirtualService and DestinationRules; once the primary serves,
 * route 100 % to it and scale the target to 0. The target's current revision
 * is the one the primary runs, so no analysis is needed for it.
 */
import {
  enter,
  notReady,
  requeue,
  revisionOf,
  setCondition,
  since,
  SHORT_REQUEUE_MS,
  type Ctx,
  type Draft,
} from './context.js';
import { split } from './weights.js';

export function initialize(ctx: Ctx, d: Draft): void {
  const { observed } = ctx;
  const revision = revisionOf(observed);
  if (d.status.phase !== 'Initializing') {
    enter(ctx, d, 'Initializing', {
      reason: 'Initializing',
      message: 'creating primary, services and routes',
    });
  }
  if (!observed.bootstrapped) {
    // bootstrap is idempotent: it creates what is missing and repairs what drifted.
    d.actions.push({ kind: 'bootstrap', revision });
    requeue(d, SHORT_REQUEUE_MS);
    return;
  }
  if (observed.primary.revision !== revision) {
    // The target changed before the primary was ready: the primary simply follows it.
    d.actions.push({ kind: 'promoteTemplate', revision });
    requeue(d, SHORT_REQUEUE_MS);
    return;
  }
  if (!observed.primary.ready) {
    const waited = since(ctx, d.status.lastTransitionTime) ?? 0;
    if (waited > ctx.deadlineMs) {
      notReady(
        ctx,
        d,
        'ProgressDeadlineExceeded',
        `primary not ready after ${ctx.canary.spec.progressDeadlineSeconds}s`,
      );
    }
    requeue(d, SHORT_REQUEUE_MS);
    return;
  }
  d.status.lastAppliedSpec = revision;
  d.status.lastPromotedSpec = revision;
  d.status.trackedConfigs = { ...observed.trackedConfigs };
  d.status.canaryWeight = 0;
  d.status.failedChecks = 0;
  d.status.iterations = 0;
  d.actions.push({ kind: 'setRoutes', ...split(0) });
  d.actions.push({ kind: 'scaleTarget', replicas: 0 });
  enter(ctx, d, 'Initialized', { reason: 'Initialized', message: `primary serves revision ${revision}` });
  setCondition(ctx, d, 'Promoted', 'True', 'Initialized', `${ctx.ref}: primary runs revision ${revision}`);
}
