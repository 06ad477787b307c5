/**
 * The FeatureFlag controller: one reconcile per flag set (`namespace/set`),
 * so a burst of changes to thousands of flags of a set coalesces into one
 * ConfigMap write. FeatureFlag events map to their set's key, and so do
 * events of the set's ConfigMap (deleted or edited by hand → re-published).
 *
 * observe (informer caches) → decideSet + decideFlagStatus (pure) → act
 * (apply/delete the ConfigMap, then the status of each flag whose status
 * changed, then Events). The ConfigMap has no ownerReference: many flags
 * share it, so it is deleted when the set's last flag goes.
 */
import type { Logger } from 'pino';
import { Controller, type ReconcileResult } from '../kube/controller.js';
import type { ControllerContext, ControllerFactory } from '../kube/manager.js';
import type { MetricTemplate } from '../api/metric-template.js';
import { realClock, type Clock } from '../kube/clock.js';
import { keyOf } from '../kube/object-cache.js';
import type { KubeObject } from '../kube/resource-client.js';
import { kinds } from '../kube/resource-kind.js';
import { actOnConfigMap, forEachLimited, recordFlagEvents, writeFlagStatus } from './act.js';
import { FlagCompileCache } from './compile-cache.js';
import { WrittenObjects } from './controller-fresh.js';
import { featureFlagKind, type ConfigMapObject, type FeatureFlagObject } from './controller-kind.js';
import { decideSet } from './decide-set.js';
import type { FlagObserved } from './decide.js';
import { FLAG_SET_LABEL, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './names.js';
import { createGuardClients } from './guard-clients.js';
import { runGuards } from './guard-run.js';
import { flagSetKeyOfConfigMap, flagSetKeyOfFlag, observeFlagSet } from './observe.js';
import { decideFlagStatus } from './publish-status.js';
import { SettledStatuses } from './settled.js';

/** Label selector of the ConfigMaps this controller manages. */
export const FLAG_SET_CONFIGMAP_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE},${FLAG_SET_LABEL}`;

/** Status writes in flight at once for one set (a first publish of thousands of flags). */
const STATUS_CONCURRENCY = 8;
const CACHE_SWEEP_MS = 60_000;

export function createFeatureFlagController(ctx: ControllerContext, clock: Clock = realClock): Controller {
  const flags = ctx.informers.informerFor<FeatureFlagObject>(featureFlagKind);
  const configMaps = ctx.informers.informerFor<ConfigMapObject>(kinds.configMap, {
    labelSelector: FLAG_SET_CONFIGMAP_SELECTOR,
  });
  const flagApi = ctx.client.resources<FeatureFlagObject>(featureFlagKind);
  const cmApi = ctx.client.resources<ConfigMapObject>(kinds.configMap);
  const cache = new FlagCompileCache();
  const writtenFlags = new WrittenObjects<FeatureFlagObject>();
  const writtenConfigMaps = new WrittenObjects<ConfigMapObject>(1000);
  const settled = new SettledStatuses();
  let lastSweep = clock.now();
  const templates = ctx.informers.informerFor<MetricTemplate & KubeObject>(kinds.metricTemplate);
  const guardClients = createGuardClients({ client: ctx.client, config: ctx.config });
  const guardDeps = { ...guardClients, templates, flagApi, events: ctx.events, cache };

  const reconcile = async (key: string, log: Logger): Promise<ReconcileResult | void> => {
    const sources = { flags, configMaps, writtenFlags, writtenConfigMaps };
    let snap = observeFlagSet(key, sources);
    // Guarded rollouts and kill switches first: what they write to status is
    // what the publish below compiles, in this same reconcile.
    const guard = await runGuards(snap.flags, guardDeps, () => clock.now(), log);
    if (guard.written.length > 0) {
      for (const f of guard.written) writtenFlags.remember(f);
      snap = observeFlagSet(key, sources);
    }
    const decision = decideSet(snap, cache);

    const written = await actOnConfigMap(cmApi, decision.action, snap.configMap, log);
    if (written) writtenConfigMaps.remember(written);
    else if (decision.action.kind === 'delete') writtenConfigMaps.forget(snap.namespace, snap.configMapName);

    const now = clock.now();
    let requeueAfterMs: number | undefined = guard.requeueAfterMs;
    const changed: { flag: FeatureFlagObject; observed: FlagObserved }[] = [];
    for (const flag of snap.flags) {
      const name = flag.metadata?.name ?? '';
      const outcome = decision.outcomes.get(name);
      if (!outcome) continue;
      // Only flags whose object or outcome changed since their status last settled are decided again.
      const id = keyOf(flag);
      const rv = flag.metadata?.resourceVersion;
      if (settled.isSettled(id, rv, outcome)) continue;
      const observed: FlagObserved = {
        namespace: snap.namespace,
        configMapName: snap.configMapName,
        outcome,
      };
      const d = decideFlagStatus(flag, observed, now);
      settled.record(id, rv, outcome, d);
      if (d.requeueAfterMs !== undefined)
        requeueAfterMs = Math.min(requeueAfterMs ?? Infinity, d.requeueAfterMs);
      if (d.statusChanged) changed.push({ flag, observed });
    }

    await forEachLimited(changed, STATUS_CONCURRENCY, async ({ flag, observed }) => {
      // Events follow from the status transition actually written, so a
      // reconcile on a stale cache does not repeat them.
      let actions = decideFlagStatus(flag, observed, now).actions;
      const updated = await writeFlagStatus(
        flagApi,
        flag,
        (fresh) => {
          const d = decideFlagStatus(fresh, observed, now);
          actions = d.actions;
          return d.status;
        },
        log,
      );
      if (!updated) return;
      writtenFlags.remember(updated);
      await recordFlagEvents(ctx.events, updated, actions);
    });

    if (now - lastSweep > CACHE_SWEEP_MS) {
      lastSweep = now;
      const live = new Set<string>();
      const liveFlags = new Set<string>();
      for (const f of flags.list()) {
        const id = FlagCompileCache.idOf(f);
        if (id !== undefined) live.add(id);
        liveFlags.add(keyOf(f));
      }
      cache.retain(live);
      settled.retain(liveFlags);
    }

    log.debug(
      {
        flags: snap.flags.length,
        configMap: decision.action.kind,
        hash: decision.hash,
        bytes: decision.bytes,
        statusWrites: changed.length,
      },
      'flag set reconciled',
    );
    return requeueAfterMs !== undefined ? { requeueAfterMs } : undefined;
  };

  return new Controller({
    name: 'featureflag',
    kind: 'FlagSet',
    reconcile,
    logger: ctx.logger,
    metrics: ctx.metrics,
    clock,
  })
    .watch(flags, flagSetKeyOfFlag, { ignoreUpdate: ownWrite(writtenFlags, flagSetKeyOfFlag) })
    .watch(configMaps, flagSetKeyOfConfigMap, {
      ignoreUpdate: ownWrite(writtenConfigMaps, flagSetKeyOfConfigMap),
    });
}

/**
 * Every status or ConfigMap write comes back through the watch. The reconcile
 * that made it has already published with it (guard writes are re-observed
 * before deciding the set), so reconciling the whole set again for it would
 * only redo the same work: with thousands of flags in a set that doubled the
 * operator's work per update. Anything else (a hand edit, someone else's write,
 * a move to another set) has another resourceVersion or key and is enqueued.
 */
function ownWrite<T extends KubeObject>(
  written: WrittenObjects<T>,
  keysOf: (obj: T) => string[],
): (oldObj: T, newObj: T) => boolean {
  return (oldObj, newObj) => written.isOwnWrite(newObj) && keysOf(oldObj).join() === keysOf(newObj).join();
}

/** Registered in src/main.ts. */
export const featureFlagController: ControllerFactory = (ctx) => createFeatureFlagController(ctx);
