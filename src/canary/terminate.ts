/**
 * Deletion. With `revertOnDeletion` the target gets its replicas back and all
 * traffic before the finalizer goes (owned objects follow by garbage
 * collection); a target that cannot become ready within the deadline does not
 * block deletion forever.
 */
import { enter, requeue, since, SHORT_REQUEUE_MS, type Ctx, type Draft } from './context.js';

export function terminate(ctx: Ctx, d: Draft): void {
  if (d.status.phase !== 'Terminating') {
    enter(ctx, d, 'Terminating', { reason: 'Terminating', message: 'Canary deleted' });
  }
  const { target, routing } = ctx.observed;
  if (!ctx.canary.spec.revertOnDeletion || !target.exists) {
    d.actions.push({ kind: 'finalize' });
    return;
  }
  if (!target.ready && (since(ctx, d.status.lastTransitionTime) ?? 0) <= ctx.deadlineMs) {
    if (target.replicas === 0) d.actions.push({ kind: 'scaleTarget', replicas: 'restore' });
    requeue(d, SHORT_REQUEUE_MS);
    return;
  }
  if (target.ready && routing.exists && routing.canary !== 100) {
    d.actions.push({ kind: 'setRoutes', primary: 0, canary: 100 });
  }
  d.actions.push({ kind: 'finalize' });
}
