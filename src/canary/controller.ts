/**
 * The canary controller: observe → decide → act on the shared runtime.
 * Events on a Canary, its target Deployment (found through the targetRef
 * index), its primary, its Services, its VirtualService, a MetricTemplate it
 * uses or a ConfigMap/Secret its target's template references enqueue the
 * Canary, so a template or config change is acted on at once, not at the
 * next poll. Progress lives in status only; a restart resumes from it.
 */
import type { Logger } from 'pino';
import { validateCanary } from '../api/validate.js';
import { Controller, type ReconcileResult } from '../kube/controller.js';
import { addFinalizer, hasFinalizer, isBeingDeleted, removeFinalizer } from '../kube/finalizers.js';
import type { ControllerContext, ControllerFactory } from '../kube/manager.js';
import { keyOf, splitKey } from '../kube/object-cache.js';
import { ownerKeys } from '../kube/owners.js';
import type { KubeObject } from '../kube/resource-client.js';
import { createRouter } from '../routing/router.js';
import { virtualServiceKind, type VirtualService } from '../routing/istio-types.js';
import type { MetricTemplate } from '../api/metric-template.js';
import { act, CANARY_FINALIZER, type CanaryObject } from './act.js';
import type { Hpa } from './act-workloads.js';
import { canaryKinds, CANARY_API_VERSION } from './controller-kinds.js';
import { createProbeClients } from './controller-probes.js';
import { invalidCanary } from './controller-invalid.js';
import { FreshCanaries } from './controller-fresh.js';
import { decide } from './decide.js';
import { createCanaryMetrics } from './metrics.js';
import { ConfigCaches, type ConfigDigest, type ConfigKind } from './config-cache.js';
import { observe, type ConfigObject } from './observe.js';
import { CANARY_LABEL, configRefs, primaryName, type Deployment, type Service } from './resources.js';

export const canaryController: ControllerFactory = (ctx: ControllerContext) => {
  const { client, informers, events, logger, config } = ctx;
  const canaries = informers.informerFor<CanaryObject>(canaryKinds.canary);
  const deployments = informers.informerFor<Deployment>(canaryKinds.deployment);
  const services = informers.informerFor<Service>(canaryKinds.service, { labelSelector: CANARY_LABEL });
  const templates = informers.informerFor<MetricTemplate & KubeObject>(canaryKinds.metricTemplate);
  const virtualServices = informers.informerFor<VirtualService>(virtualServiceKind);
  const hpas = informers.informerFor<Hpa>(canaryKinds.hpa);
  const router = createRouter({ client, logger, virtualServices });
  const probeClients = createProbeClients({ client, config, logger });
  const metrics = createCanaryMetrics(ctx.metrics.registry);
  const fresh = new FreshCanaries();
  // The Secret informer starts on first use and is watched from then on.
  const configs = new ConfigCaches(informers, (secrets) => controller.watch(secrets, byConfig('secret')));
  const api = {
    canaries: client.resources<CanaryObject>(canaryKinds.canary),
    deployments: client.resources<Deployment>(canaryKinds.deployment),
    services: client.resources<Service>(canaryKinds.service),
    configMaps: client.resources<ConfigObject>(canaryKinds.configMap),
    secrets: client.resources<ConfigObject>(canaryKinds.secret),
    hpas: client.resources<Hpa>(canaryKinds.hpa),
  };

  async function reconcile(key: string, log: Logger): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    let canary = fresh.pick(canaries.get(namespace, name));
    if (!canary) {
      metrics.forget(namespace ?? '', name);
      fresh.forget(key);
      return;
    }
    const valid = validateCanary(canary);
    if (!valid.ok) {
      // Nothing was ever routed for an invalid spec: deletion need not wait for anything.
      if (isBeingDeleted(canary)) {
        await removeFinalizer(api.canaries, canary, CANARY_FINALIZER);
        return;
      }
      return invalidCanary(canary, valid.error, { api: api.canaries, events, log });
    }
    if (!isBeingDeleted(canary) && !hasFinalizer(canary, CANARY_FINALIZER)) {
      canary = await addFinalizer(api.canaries, canary, CANARY_FINALIZER);
    }
    if (isBeingDeleted(canary) && !hasFinalizer(canary, CANARY_FINALIZER)) return;
    const now = Date.now();
    const observed = await observe(
      canary,
      {
        deployments,
        services,
        templates,
        configs,
        hpas,
        router,
        ...probeClients,
      },
      now,
    );
    const decision = decide(canary, observed, now);
    log.debug({ phase: decision.status.phase, actions: decision.actions.map((a) => a.kind) }, 'decided');
    const result = await act(canary, observed, decision, { ...api, router, events, ...probeClients }, log);
    if (result.canary) {
      fresh.remember(result.canary);
      metrics.observe(namespace ?? '', name, decision.status);
    } else {
      metrics.forget(namespace ?? '', name);
      fresh.forget(key);
    }
    return decision.requeueAfterMs !== undefined ? { requeueAfterMs: decision.requeueAfterMs } : {};
  }

  const controller = new Controller({
    name: 'canary',
    kind: 'Canary',
    reconcile,
    logger,
    metrics: ctx.metrics,
    workers: config.workers,
  });

  /** Canaries whose targetRef names this Deployment, or that own it (the primary). */
  const byDeployment = (d: Deployment): string[] => {
    const ns = d.metadata?.namespace;
    const keys = canaries
      .list(ns)
      .filter((c) => c.spec?.targetRef?.name === d.metadata?.name || primaryName(c) === d.metadata?.name)
      .map(keyOf);
    return [...new Set([...keys, ...ownerKeys(CANARY_API_VERSION, 'Canary')(d)])];
  };
  const byLabel = (o: KubeObject): string[] => {
    const owner = o.metadata?.labels?.[CANARY_LABEL];
    return owner ? [`${o.metadata?.namespace ?? ''}/${owner}`] : [];
  };
  const byTemplate = (t: KubeObject): string[] =>
    canaries
      .list()
      .filter((c) =>
        (c.spec?.analysis?.metrics ?? []).some(
          (m) =>
            m.templateRef?.name === t.metadata?.name &&
            (m.templateRef?.namespace ?? c.metadata.namespace) === t.metadata?.namespace,
        ),
      )
      .map(keyOf);

  /** Canaries whose target's pod template references this ConfigMap/Secret by name. */
  const byConfig =
    (kind: ConfigKind) =>
    (o: ConfigDigest): string[] => {
      const ns = o.metadata?.namespace;
      const ref = `${kind}/${o.metadata?.name ?? ''}`;
      return canaries
        .list(ns)
        .filter((c) => {
          const target = deployments.get(ns, c.spec?.targetRef?.name ?? '');
          return !!target && configRefs(target.spec?.template.spec).has(ref);
        })
        .map(keyOf);
    };

  /** Canaries whose autoscalerRef names this HPA, or that own it (the primary's copy). */
  const byHpa = (h: Hpa): string[] => {
    const keys = canaries
      .list(h.metadata?.namespace)
      .filter((c) => c.spec?.autoscalerRef?.name === h.metadata?.name)
      .map(keyOf);
    return [...new Set([...keys, ...ownerKeys(CANARY_API_VERSION, 'Canary')(h)])];
  };

  return controller
    .watch(canaries)
    .watch(hpas, byHpa)
    .watch(configs.configMaps, byConfig('configmap'))
    .watch(deployments, byDeployment)
    .watch(services, byLabel)
    .watch(templates, byTemplate)
    .watch(virtualServices, ownerKeys(CANARY_API_VERSION, 'Canary'));
};
