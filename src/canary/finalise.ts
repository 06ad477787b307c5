/**
 * `Finalising`: all traffic to the new primary, read back, and only then the
 * target scaled to 0. A primary that stops serving here keeps the target.
 */
import { enter, requeue, setCondition, SHORT_REQUEUE_MS, type Ctx, type Draft } from './context.js';
import { notify } from './gates.js';
import { waitForPrimary } from './promote.js';
import { route } from './routes.js';

export function finalise(ctx: Ctx, d: Draft): void {
  const { primary, routing } = ctx.observed;
  if (!primary.ready) return waitForPrimary(ctx, d);
  const onPrimary =
    routing.exists && routing.error === undefined && routing.primary === 100 && !routing.match;
  if (!onPrimary) {
    route(ctx, d);
    requeue(d, SHORT_REQUEUE_MS);
    return;
  }
  // Routes were read back at 100 % primary: only now is the target safe to remove.
  d.actions.push({ kind: 'scaleTarget', replicas: 0 });
  d.status.lastPromotedSpec = d.status.lastAppliedSpec;
  d.status.canaryWeight = 0;
  enter(ctx, d, 'Succeeded', {
    reason: 'Succeeded',
    message: `revision ${d.status.lastAppliedSpec ?? ''} promoted`,
  });
  setCondition(
    ctx,
    d,
    'Promoted',
    'True',
    'Succeeded',
    `${ctx.ref}: revision ${d.status.lastAppliedSpec ?? ''} promoted`,
  );
  notify(ctx, d, 'post-rollout', `revision ${d.status.lastAppliedSpec ?? ''} promoted`);
}
