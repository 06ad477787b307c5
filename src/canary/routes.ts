/**
 * The routes each phase wants, and the rule that overrides them all: traffic
 * never goes to a side that is not serving while the other side is.
 */
import type { CanaryStatus } from '../api/canary-status.js';
import type { Ctx, Draft } from './context.js';
import type { Routes, WorkloadSummary } from './types.js';
import { split, strategyOf } from './weights.js';

/** At least one available pod: a side that may receive requests. */
export function serving(w: WorkloadSummary): boolean {
  return w.exists && w.availableReplicas > 0;
}

/** The routes the status describes, before the serving rule. */
function intended(ctx: Ctx, status: CanaryStatus): Routes {
  const analysis = ctx.canary.spec.analysis;
  switch (status.phase ?? 'Initializing') {
    case 'Progressing':
    case 'WaitingPromotion':
    case 'Promoting': {
      if (strategyOf(analysis) !== 'iterations') return split(status.canaryWeight ?? 0);
      const started = status.stepStartedAt !== undefined;
      return {
        ...split(0),
        ...(started && analysis.match ? { match: analysis.match } : {}),
        ...(started && analysis.mirror ? { mirrorWeight: analysis.mirrorWeight ?? 100 } : {}),
      };
    }
    case 'Terminating':
      return ctx.canary.spec.revertOnDeletion ? split(100) : split(0);
    default:
      return split(0);
  }
}

export function desiredRoutes(ctx: Ctx, status: CanaryStatus): Routes {
  const want = intended(ctx, status);
  const { primary, target } = ctx.observed;
  const toCanary = want.canary > 0 || want.match !== undefined;
  if (want.primary > 0 && !serving(primary) && serving(target)) return split(100);
  if (toCanary && !serving(target) && serving(primary)) return split(0);
  return want;
}

export function sameRoutes(ctx: Ctx, want: Routes): boolean {
  const seen = ctx.observed.routing;
  return (
    seen.exists &&
    seen.error === undefined &&
    seen.primary === want.primary &&
    seen.canary === want.canary &&
    seen.match === (want.match !== undefined) &&
    (seen.mirrorWeight ?? 0) === (want.mirrorWeight ?? 0)
  );
}

/**
 * Level-triggered repair: when no phase module wrote routes this time and the
 * VirtualService differs from what the status says, write them (first, so a
 * scale-down that follows never removes the side still taking traffic).
 */
export function ensureRoutes(ctx: Ctx, d: Draft): void {
  if (!ctx.observed.routing.exists && !ctx.observed.bootstrapped) return;
  if (d.actions.some((a) => a.kind === 'setRoutes' || a.kind === 'bootstrap' || a.kind === 'finalize'))
    return;
  const want = desiredRoutes(ctx, d.status);
  if (!sameRoutes(ctx, want)) d.actions.unshift({ kind: 'setRoutes', ...want });
}

/** Pushes a route change computed from the (new) status, through the serving rule. */
export function route(ctx: Ctx, d: Draft): void {
  d.actions.push({ kind: 'setRoutes', ...desiredRoutes(ctx, d.status) });
}
