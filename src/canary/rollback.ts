/**
 * Rolling back: all traffic to the primary, the target scaled to 0, phase
 * Failed with the reason on the Promoted condition. The only exception is the
 * one that matters: a primary that is not serving keeps the target (and its
 * traffic) until it is, so the only healthy copy is never removed.
 */
import { enter, setCondition, type Ctx, type Draft } from './context.js';
import { notify, release } from './gates.js';
import { route } from './routes.js';

export function rollback(ctx: Ctx, d: Draft, reason: string, message: string): void {
  d.status.canaryWeight = 0;
  d.status.iterations = 0;
  delete d.status.noDataSince;
  delete d.status.stepStartedAt;
  release(d);
  enter(ctx, d, 'Failed', { type: 'Warning', reason, message: `rolled back: ${message}` });
  route(ctx, d);
  if (ctx.observed.primary.ready) d.actions.push({ kind: 'scaleTarget', replicas: 0 });
  notify(ctx, d, 'rollback', `rolled back: ${message}`);
  setCondition(ctx, d, 'Promoted', 'False', reason, `${ctx.ref}: ${message}`);
}
