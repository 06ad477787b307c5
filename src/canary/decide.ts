/**
 * The canary state machine: pure, the same input gives the same output; no
 * I/O, no clock, no randomness. Cross-cutting guards run first (deletion, bad
 * references, suspend, manual commands, routing errors), then one small
 * module per phase, then the level-triggered route repair.
 */
import { withCanaryDefaults } from '../api/canary-defaults.js';
import type { Canary } from '../api/canary.js';
import {
  makeCtx,
  notReady,
  removeCondition,
  requeue,
  revisionOf,
  setCondition,
  type Ctx,
  type Draft,
} from './context.js';
import { settled, waiting } from './detect.js';
import { finalise } from './finalise.js';
import { initialize } from './initialize.js';
import { manual } from './manual.js';
import { progress, routingHalt } from './progress.js';
import { promoting, waitingPromotion } from './promote.js';
import { ensureRoutes } from './routes.js';
import { terminate } from './terminate.js';
import type { Decision, Observed } from './types.js';

/** How often a Canary with a bad reference looks again (informers usually wake it first). */
const BAD_REFERENCE_REQUEUE_MS = 60_000;

export function decide(canary: Canary, observed: Observed, now: number): Decision {
  const ctx = makeCtx(withCanaryDefaults(canary), observed, now);
  const d: Draft = { status: structuredClone(canary.status ?? {}), actions: [] };
  if (canary.metadata.generation !== undefined) d.status.observedGeneration = canary.metadata.generation;
  run(ctx, d);
  return finish(ctx, d);
}

function run(ctx: Ctx, d: Draft): void {
  if (ctx.canary.metadata.deletionTimestamp) return terminate(ctx, d);
  if (ctx.observed.missing.length > 0 || (ctx.observed.invalid?.length ?? 0) > 0) return badInput(ctx, d);
  if (ctx.canary.spec.suspend) {
    setCondition(
      ctx,
      d,
      'Suspended',
      'True',
      'Suspended',
      `${ctx.ref}: spec.suspend is true; frozen in place`,
    );
    return;
  }
  removeCondition(d, 'Suspended');
  const outcome = manual(ctx, d);
  if (outcome === 'paused') return;
  if (outcome === 'continue') dispatch(ctx, d);
  ensureRoutes(ctx, d);
}

function dispatch(ctx: Ctx, d: Draft): void {
  const phase = d.status.phase ?? 'Initializing';
  if (phase !== 'Initializing' && !ctx.observed.bootstrapped) {
    // Someone deleted an owned object: recreate it. An existing primary keeps its template.
    d.actions.push({ kind: 'bootstrap', revision: d.status.lastPromotedSpec ?? revisionOf(ctx.observed) });
  }
  if (phase !== 'Initializing' && routingHalt(ctx, d)) return;
  switch (phase) {
    case 'Initializing':
      return initialize(ctx, d);
    case 'Initialized':
    case 'Succeeded':
    case 'Failed':
      return settled(ctx, d);
    case 'Waiting':
      return waiting(ctx, d);
    case 'Progressing':
      return progress(ctx, d);
    case 'WaitingPromotion':
      return waitingPromotion(ctx, d);
    case 'Promoting':
      return promoting(ctx, d);
    case 'Finalising':
      return finalise(ctx, d);
    case 'Terminating':
      // Deletion was cancelled (finalizer kept, timestamp gone): start over from the settled shape.
      return settled(ctx, d);
  }
}

/**
 * What the CRD cannot reject (a missing reference, a query that does not
 * parse, clashing ports): never touch traffic, never count a failed check,
 * say which field, look again later.
 */
function badInput(ctx: Ctx, d: Draft): void {
  const { missing, invalid = [] } = ctx.observed;
  const text = [
    ...missing.map((m) => `${m.path}: ${m.kind} "${m.name}" not found`),
    ...invalid.map((p) => `${p.path}: ${p.message}`),
  ].join('; ');
  const first = missing[0];
  const reason = first ? `${first.kind}NotFound` : (invalid[0]?.reason ?? 'InvalidSpec');
  notReady(ctx, d, reason, text);
  requeue(d, BAD_REFERENCE_REQUEUE_MS);
}

function finish(ctx: Ctx, d: Draft): Decision {
  if (d.notReady) {
    setCondition(ctx, d, 'Ready', 'False', d.notReady.reason, d.notReady.message);
  } else if (!ctx.canary.spec.suspend) {
    const phase = d.status.phase ?? 'Initializing';
    setCondition(ctx, d, 'Ready', 'True', 'Reconciled', `${ctx.ref}: ${phase}`);
  }
  return {
    status: d.status,
    actions: d.actions,
    ...(d.requeueAfterMs !== undefined ? { requeueAfterMs: d.requeueAfterMs } : {}),
  };
}
