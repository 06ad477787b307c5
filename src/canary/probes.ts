/**
 * What observe must measure for this reconcile. Queries and webhook calls are
 * I/O that only some phases need, so decide's rules are mirrored here; decide
 * treats anything missing as not passing (a gate not called stays closed, a
 * check not measured fails), so asking for too little is safe, only slower.
 */
import { withCanaryDefaults } from '../api/canary-defaults.js';
import type { Canary } from '../api/canary.js';
import { parseDurationMs } from '../api/duration.js';
import type { WebhookType } from '../api/webhook.js';
import { untilDue } from './progress.js';
import { strategyOf } from './weights.js';

export interface Probes {
  /** Run every metric check and count canary requests in the analysis window. */
  metrics: boolean;
  /** Count canary requests since `status.stepStartedAt` (doubling). */
  stepRequests: boolean;
  /** Names of the webhooks to call (gates and check hooks). */
  webhooks: string[];
}

/** `revisionChanged`: the revision observe computed from the caches differs from status.lastAppliedSpec. */
export function probes(canary: Canary, revisionChanged: boolean, now: number): Probes {
  const c = withCanaryDefaults(canary);
  const status = canary.status ?? {};
  const phase = status.phase ?? 'Initializing';
  const none: Probes = { metrics: false, stepRequests: false, webhooks: [] };
  if (canary.metadata.deletionTimestamp || c.spec.suspend) return none;
  const hooks = (...types: WebhookType[]) =>
    c.spec.analysis.webhooks.filter((w) => types.includes(w.type)).map((w) => w.name);
  // Any phase past bootstrap restarts on a new revision, through confirm-rollout.
  if (revisionChanged && phase !== 'Initializing' && phase !== 'Terminating') {
    return { ...none, webhooks: hooks('confirm-rollout') };
  }
  switch (phase) {
    case 'WaitingPromotion':
      return { ...none, webhooks: hooks('confirm-promotion') };
    case 'Progressing': {
      if (c.spec.skipAnalysis) return none;
      const intervalMs = parseDurationMs(c.spec.analysis.interval) ?? 60_000;
      if (untilDue(intervalMs, now, status.lastAnalysisTime) > 0) return none;
      const started = status.stepStartedAt !== undefined;
      const analysing =
        started && (strategyOf(c.spec.analysis) === 'iterations' || (status.canaryWeight ?? 0) > 0);
      return {
        metrics: analysing,
        stepRequests: analysing && c.spec.analysis.doubling !== undefined,
        webhooks: analysing
          ? hooks('rollout', 'confirm-traffic-increase', 'confirm-promotion')
          : hooks('pre-rollout', 'confirm-traffic-increase', 'confirm-promotion'),
      };
    }
    default:
      return none;
  }
}
