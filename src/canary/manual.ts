/**
 * Manual control through annotations (set by people or `fledge promote|abort|
 * pause|resume|retry`). Each is handled once and cleared; what it did is an
 * Event. A pause lives in the `Paused` condition, so it survives restarts.
 */
import { event, getCondition, removeCondition, setCondition, type Ctx, type Draft } from './context.js';
import { startRollout } from './detect.js';
import { beginPromotion } from './promote.js';
import { rollback } from './rollback.js';
import { ANNOTATIONS, type ManualCommand } from './types.js';

const ANALYSING = new Set(['Waiting', 'Progressing', 'WaitingPromotion']);

export type ManualOutcome = 'continue' | 'handled' | 'paused';

/** Handles the manual annotations present; `handled` means the phase step must not run this time. */
export function manual(ctx: Ctx, d: Draft): ManualOutcome {
  const annotations = ctx.canary.metadata.annotations ?? {};
  const present = (Object.keys(ANNOTATIONS) as ManualCommand[]).filter((c) => ANNOTATIONS[c] in annotations);
  for (const c of present) d.actions.push({ kind: 'clearAnnotation', annotation: ANNOTATIONS[c] });
  const has = (c: ManualCommand) => present.includes(c);
  const phase = d.status.phase ?? 'Initializing';

  if (has('abort')) {
    if (ANALYSING.has(phase)) {
      rollback(ctx, d, 'Aborted', `aborted by ${ANNOTATIONS.abort}`);
      return 'handled';
    }
    ignored(ctx, d, 'abort', phase);
  }
  if (has('promote')) {
    if (ANALYSING.has(phase)) {
      removeCondition(d, 'Paused');
      if (phase === 'Waiting')
        startRollout(ctx, d, 'NewRevision', `promoted by ${ANNOTATIONS.promote}`, true);
      beginPromotion(ctx, d, `promoted by ${ANNOTATIONS.promote}`, true);
      return 'handled';
    }
    ignored(ctx, d, 'promote', phase);
  }
  if (has('retry')) {
    if (phase === 'Failed') {
      d.status.retriedRevision = d.status.lastAppliedSpec;
      // Forget the failed revision so detection starts it again.
      delete d.status.lastAppliedSpec;
      startRollout(ctx, d, 'Retry', `retry requested by ${ANNOTATIONS.retry}`);
      return 'handled';
    }
    ignored(ctx, d, 'retry', phase);
  }
  if (has('resume') && getCondition(d, 'Paused')) {
    removeCondition(d, 'Paused');
    event(d, 'Normal', 'Resumed', `${ctx.ref}: resumed by ${ANNOTATIONS.resume}`);
  }
  if (has('pause') && !getCondition(d, 'Paused')) {
    setCondition(ctx, d, 'Paused', 'True', 'Paused', `${ctx.ref}: paused by ${ANNOTATIONS.pause}`);
    event(d, 'Normal', 'Paused', `${ctx.ref}: paused by ${ANNOTATIONS.pause}`);
  }
  return getCondition(d, 'Paused') ? 'paused' : 'continue';
}

function ignored(ctx: Ctx, d: Draft, command: ManualCommand, phase: string): void {
  event(
    d,
    'Warning',
    'ManualCommandIgnored',
    `${ctx.ref}: ${ANNOTATIONS[command]} ignored in phase ${phase}`,
  );
}
