/**
 * The guard's step of a flag set reconcile, before publishing: for each flag
 * with a guarded rollout or a kill switch, measure what is due (observe),
 * decideGuard (pure), write the status when it changed, record Events, send
 * notifications (in the background: a slow webhook must not delay a
 * rollback) and clear a handled re-arm annotation. Returns the flags it
 * wrote, so the publish step compiles from the new status in this same
 * reconcile, and when the next round is due.
 */
import type { Logger } from 'pino';
import { ANNOTATIONS } from '../api/annotations.js';
import { withFeatureFlagDefaults, type DefaultedFeatureFlag } from '../api/feature-flag-defaults.js';
import type { EventRecorder } from '../kube/events.js';
import { PatchType } from '../kube/patch.js';
import type { ResourceClient } from '../kube/resource-client.js';
import { forEachLimited, recordFlagEvents, writeFlagStatus } from './act.js';
import type { FlagCompileCache } from './compile-cache.js';
import { FLAG_FIELD_MANAGER, type FeatureFlagObject } from './controller-kind.js';
import type { NotifyCall } from './guard-clients.js';
import { decideGuard, guardDue, isGuarded, type GuardObserved } from './guard.js';
import { probeFlagChecks, type FlagProbeDeps } from './guard-probes.js';
import { minRequeue, type Requeue } from './guard-types.js';
import { conversionsQuery, exposuresQuery, type VectorResult } from '../metrics/flag-experiment.js';

export interface GuardDeps extends FlagProbeDeps {
  /** Instant vector query against the operator's default Prometheus. */
  queryVector: (query: string) => Promise<VectorResult>;
  flagApi: ResourceClient<FeatureFlagObject>;
  events: EventRecorder;
  cache: FlagCompileCache;
  notify: (call: NotifyCall, log: Logger) => Promise<void>;
}

const CONCURRENCY = 4;

/**
 * Per cached object: its defaulted form when it has guard work, null when it
 * has none or its spec is invalid. Cached objects are never changed in place
 * (a change is a new object), so the answer holds as long as the object
 * lives; every reconcile of a set asks it for every flag of the set.
 */
const GUARDED = new WeakMap<FeatureFlagObject, DefaultedFeatureFlag | null>();

function guardedFlag(obj: FeatureFlagObject, deps: GuardDeps): DefaultedFeatureFlag | null {
  let flag = GUARDED.get(obj);
  if (flag === undefined) {
    const v = deps.cache.validate(obj);
    // An invalid spec keeps its last good state: nothing to measure against.
    const defaulted = v.ok ? withFeatureFlagDefaults(v.value) : undefined;
    flag = defaulted && isGuarded(defaulted) ? defaulted : null;
    GUARDED.set(obj, flag);
  }
  return flag;
}

export async function runGuards(
  flags: readonly FeatureFlagObject[],
  deps: GuardDeps,
  now: () => number,
  log: Logger,
): Promise<{ written: FeatureFlagObject[]; requeueAfterMs: Requeue }> {
  const written: FeatureFlagObject[] = [];
  let requeueAfterMs: Requeue;
  const guarded: { obj: FeatureFlagObject; flag: DefaultedFeatureFlag }[] = [];
  for (const obj of flags) {
    const flag = guardedFlag(obj, deps);
    if (flag) guarded.push({ obj, flag });
  }

  await forEachLimited(guarded, CONCURRENCY, async ({ obj, flag }) => {
    const observed = await observeGuard(flag, obj, deps, now());
    const at = now();
    let d = decideGuard(flag, observed, at);
    let updated: FeatureFlagObject | undefined;
    if (d.statusChanged) {
      updated = await writeFlagStatus(
        deps.flagApi,
        obj,
        (fresh) => {
          // Re-decided on the freshest status (a 409 re-reads it), never written from a stale copy.
          d = decideGuard({ ...flag, status: fresh.status }, observed, at);
          return d.status;
        },
        log,
      );
      if (updated) {
        written.push(updated);
        await recordFlagEvents(
          deps.events,
          updated,
          d.actions.filter((a) => a.kind === 'event'),
        );
        for (const a of d.actions) {
          if (a.kind !== 'notify') continue;
          const call: NotifyCall = {
            flag: { name: flag.metadata.name, namespace: flag.metadata.namespace ?? 'default' },
            checksum: updated.status?.compiledHash ?? '',
            webhooks: a.webhooks,
            phase: a.phase,
            message: a.message,
          };
          deps
            .notify(call, log)
            .catch((err: unknown) => log.warn({ err: String(err) }, 'notification failed'));
        }
      }
    }
    if (d.clearRearm) {
      const ns = obj.metadata?.namespace;
      const name = obj.metadata?.name ?? '';
      const cleared = await deps.flagApi.patch(
        ns,
        name,
        { metadata: { annotations: { [ANNOTATIONS.rearm]: null } } },
        { type: PatchType.Merge, fieldManager: FLAG_FIELD_MANAGER },
      );
      if (!updated) written.push(cleared);
      log.info({ flag: name }, 're-arm annotation handled');
    }
    requeueAfterMs = minRequeue(requeueAfterMs, d.requeueAfterMs);
  });
  return { written, requeueAfterMs };
}

async function observeGuard(
  flag: DefaultedFeatureFlag,
  obj: FeatureFlagObject,
  deps: GuardDeps,
  now: number,
): Promise<GuardObserved> {
  const due = guardDue(flag, now);
  const observed: GuardObserved = {
    rearm: obj.metadata?.annotations?.[ANNOTATIONS.rearm] !== undefined,
  };
  const target = {
    namespace: flag.metadata.namespace ?? 'default',
    name: flag.metadata.name,
    flag: flag.spec.key,
  };
  const tasks: Promise<void>[] = [];
  const rollout = flag.spec.rollout;
  if (due.rollout && rollout) {
    const t = { ...target, variant: rollout.variant, interval: rollout.interval ?? '1m' };
    tasks.push(
      probeFlagChecks(t, rollout.metrics ?? [], deps, true).then((r) => void (observed.rollout = r)),
    );
  }
  const ks = flag.spec.killSwitch;
  if (due.killSwitch && ks) {
    const t = { ...target, interval: ks.interval };
    tasks.push(probeFlagChecks(t, ks.metrics, deps, false).then((r) => void (observed.killSwitch = r)));
  }
  if (due.experiment) {
    const created = new Date(obj.metadata?.creationTimestamp ?? NaN).getTime();
    const w = { ...target, sinceMs: Number.isNaN(created) ? 0 : now - created };
    tasks.push(
      Promise.all([deps.queryVector(exposuresQuery(w)), deps.queryVector(conversionsQuery(w))]).then(
        ([exposures, conversions]) => {
          if (exposures.status === 'error') observed.experiment = { error: exposures.error };
          else if (conversions.status === 'error') observed.experiment = { error: conversions.error };
          else observed.experiment = { exposures: exposures.series, conversions: conversions.series };
        },
      ),
    );
  }
  await Promise.all(tasks);
  return observed;
}
