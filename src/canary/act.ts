/**
 * act: apply a decision's actions in order, then write its status. Every
 * action is idempotent; one that fails throws, so the status (the record of
 * progress) is never written for work that did not happen, and the next
 * reconcile decides again from the old status.
 */
import type { Logger } from 'pino';
import { FledgeError } from '../api/errors.js';
import { errorMessage } from '../kube/api-error.js';
import { withCanaryDefaults, type DefaultedCanary } from '../api/canary-defaults.js';
import type { Canary } from '../api/canary.js';
import type { EventRecorder } from '../kube/events.js';
import type { KubeObject, ResourceClient } from '../kube/resource-client.js';
import { PatchType } from '../kube/patch.js';
import { updateStatus } from '../kube/status.js';
import type { Router } from '../routing/types.js';
import { copyTrackedConfigs, ensureWorkloads, promoteTemplate, scaleTarget } from './act-workloads.js';
import type { WorkloadClients } from './act-workloads.js';
import type { WebhookCaller } from './observe-probes.js';
import type { Action, Decision, Observed } from './types.js';
import { removeFinalizer } from '../kube/finalizers.js';

/** Finalizer that lets a Canary revert traffic before its owned objects go. */
export const CANARY_FINALIZER = 'fledge.dev/canary';

export type CanaryObject = Canary & KubeObject;

export interface ActDeps extends WorkloadClients {
  canaries: ResourceClient<CanaryObject>;
  router: Router;
  events: EventRecorder;
  callWebhook: WebhookCaller;
}

export interface ActResult {
  /** The Canary as written (status included); undefined after finalize. */
  canary: CanaryObject | undefined;
}

export async function act(
  canary: CanaryObject,
  observed: Observed,
  decision: Decision,
  deps: ActDeps,
  log: Logger,
): Promise<ActResult> {
  const c = withCanaryDefaults(canary);
  const tracked = new Set(Object.keys(observed.trackedConfigs));
  let finalized = false;
  for (const action of decision.actions) {
    log.debug({ action }, 'act');
    try {
      await apply(canary, c, action, tracked, deps, log);
    } catch (err) {
      // Later actions depend on this one (routes before scale-down): stop here, say which one failed.
      throw new FledgeError('ActionFailed', `${action.kind}: ${errorMessage(err)}`, {
        cause: err,
        resource: { kind: 'Canary', namespace: canary.metadata.namespace, name: canary.metadata.name ?? '' },
      });
    }
    if (action.kind === 'finalize') finalized = true;
  }
  if (finalized) return { canary: undefined };
  const { namespace, name } = canary.metadata;
  const written = await updateStatus(deps.canaries, namespace, name ?? '', () => decision.status, {
    current: canary,
    fieldManager: 'fledge',
    log,
  });
  return { canary: written.object };
}

async function apply(
  canary: CanaryObject,
  c: DefaultedCanary,
  action: Action,
  tracked: ReadonlySet<string>,
  deps: ActDeps,
  log: Logger,
): Promise<void> {
  switch (action.kind) {
    case 'bootstrap':
      await ensureWorkloads(c, action.revision, tracked, deps);
      await deps.router.reconcile(canary);
      return;
    case 'setRoutes': {
      const { kind: _kind, ...routes } = action;
      await deps.router.setRoutes(canary, routes);
      return;
    }
    case 'scaleTarget':
      return scaleTarget(c, action.replicas, deps);
    case 'copyTrackedConfigs':
      return copyTrackedConfigs(c, tracked, deps);
    case 'promoteTemplate':
      return promoteTemplate(c, action.revision, tracked, deps);
    case 'callWebhook': {
      const hook = c.spec.analysis.webhooks.find((w) => w.name === action.hook);
      if (!hook) return;
      const r = await deps.callWebhook({
        canary: c,
        hook,
        phase: c.status?.phase ?? '',
        message: action.message,
      });
      if (!r.allowed)
        log.warn({ hook: hook.name, type: action.type, err: r.error }, 'notification webhook failed');
      return;
    }
    case 'event': {
      const level = action.type === 'Warning' ? 'warn' : 'info';
      log[level]({ reason: action.reason }, action.message);
      await deps.events.record(canary, action.type, action.reason, action.message);
      // Notifications of `event` webhooks; their answer changes nothing.
      for (const hook of c.spec.analysis.webhooks.filter((w) => w.type === 'event')) {
        const r = await deps.callWebhook({
          canary: c,
          hook,
          phase: c.status?.phase ?? '',
          message: action.message,
        });
        if (!r.allowed) log.warn({ hook: hook.name, err: r.error }, 'event webhook failed');
      }
      return;
    }
    case 'clearAnnotation':
      await deps.canaries.patch(
        canary.metadata.namespace,
        canary.metadata.name ?? '',
        { metadata: { annotations: { [action.annotation]: null } } },
        { type: PatchType.Merge, fieldManager: 'fledge' },
      );
      return;
    case 'finalize':
      await deps.router.finalize(canary);
      await removeFinalizer(deps.canaries, canary, CANARY_FINALIZER);
      return;
  }
}
