/**
 * observe: read the world into an immutable `Observed` snapshot. Caches for
 * Deployments, Services, MetricTemplates and (digests of) ConfigMaps and
 * Secrets; the Router for the routes as
 * they are in the cluster; Prometheus and webhooks only when `probes()` asks.
 * No decisions here: anything that cannot be read is reported as missing
 * (decide never treats missing as a pass).
 */
import { createHash } from 'node:crypto';
import type { DefaultedCanary } from '../api/canary-defaults.js';
import { withCanaryDefaults } from '../api/canary-defaults.js';
import type { Canary } from '../api/canary.js';
import type { MetricTemplate } from '../api/metric-template.js';
import type { Informer } from '../kube/informer.js';
import type { KubeObject } from '../kube/resource-client.js';
import type { Router } from '../routing/types.js';
import type { ConfigHashes, ConfigKind } from './config-cache.js';
import { revisionOf } from './context.js';
import { portProblems, queryProblems, resultProblems } from './observe-invalid.js';
import { probeChecks, type ProbeDeps } from './observe-probes.js';
import { primaryHpaInSync, type Hpa } from './primary-hpa.js';
import { probes } from './probes.js';
import {
  buildServices,
  configRefs,
  primaryName,
  REVISION_ANNOTATION,
  type Deployment,
  type Service,
} from './resources.js';
import { templateHash } from './template-hash.js';
import type { MissingReference, Observed, PrimarySummary, RoutingObserved, TargetSummary } from './types.js';

export type ConfigObject = KubeObject & {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
};

export interface ObserveDeps extends ProbeDeps {
  deployments: Informer<Deployment>;
  services: Informer<Service>;
  templates: Informer<MetricTemplate & KubeObject>;
  /** Content hashes of ConfigMaps and Secrets, from informer caches. */
  configs: ConfigHashes;
  hpas: Informer<Hpa>;
  router: Router;
}

export async function observe(canary: Canary, deps: ObserveDeps, now: number): Promise<Observed> {
  const c = withCanaryDefaults(canary);
  const ns = canary.metadata.namespace ?? 'default';
  const missing: MissingReference[] = [];
  const target = deps.deployments.get(ns, c.spec.targetRef.name);
  if (!target) missing.push({ kind: 'Deployment', name: c.spec.targetRef.name, path: 'spec.targetRef.name' });
  c.spec.analysis.metrics.forEach((m, i) => {
    if (!m.templateRef) return;
    const tns = m.templateRef.namespace ?? ns;
    if (!deps.templates.get(tns, m.templateRef.name))
      missing.push({
        kind: 'MetricTemplate',
        name: m.templateRef.name,
        path: `spec.analysis.metrics[${i}].templateRef.name`,
      });
  });
  const hpaName = c.spec.autoscalerRef?.name;
  if (hpaName !== undefined && !deps.hpas.get(ns, hpaName))
    missing.push({ kind: 'HorizontalPodAutoscaler', name: hpaName, path: 'spec.autoscalerRef.name' });
  const primary = deps.deployments.get(ns, primaryName(canary));
  const trackedConfigs = target ? await trackConfigs(target, ns, deps.configs) : {};
  const routing = await readRouting(canary, deps.router);
  const base: Observed = {
    target: targetSummary(target),
    primary: primarySummary(primary),
    bootstrapped:
      !!target &&
      !!primary &&
      routing.exists &&
      servicesMatch(c, target, deps.services) &&
      primaryHpaInSync(c, deps.hpas),
    trackedConfigs,
    routing,
    missing,
  };
  if (missing.length > 0 || !target) return base;
  const invalid = [...portProblems(c, target), ...(await queryProblems(c, deps))];
  if (invalid.length > 0) return { ...base, invalid };
  const revisionChanged = revisionOf(base) !== canary.status?.lastAppliedSpec;
  const wanted = probes(canary, revisionChanged, now);
  const results = await probeChecks(c, wanted, deps, now);
  const late = resultProblems(c, results.metrics);
  return { ...base, ...results, ...(late.length > 0 ? { invalid: late } : {}) };
}

/**
 * Rolled out and serving: the Deployment controller saw the latest spec,
 * every replica is updated and available, and there is at least one.
 */
export function isRolledOut(d: Deployment): boolean {
  const want = d.spec?.replicas ?? 1;
  const st = d.status ?? {};
  return (
    want > 0 &&
    (st.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) &&
    (st.updatedReplicas ?? 0) >= want &&
    (st.availableReplicas ?? 0) >= want &&
    (st.replicas ?? 0) <= want
  );
}

function workload(d: Deployment | undefined) {
  const st = d?.status ?? {};
  return {
    exists: !!d,
    replicas: d?.spec?.replicas ?? 0,
    readyReplicas: st.readyReplicas ?? 0,
    availableReplicas: st.availableReplicas ?? 0,
    updatedReplicas: st.updatedReplicas ?? 0,
    generation: d?.metadata?.generation ?? 0,
    observedGeneration: st.observedGeneration ?? 0,
    ready: !!d && isRolledOut(d),
  };
}

function targetSummary(d: Deployment | undefined): TargetSummary {
  return { ...workload(d), templateHash: d ? templateHash(d.spec?.template) : '' };
}

function primarySummary(d: Deployment | undefined): PrimarySummary {
  return { ...workload(d), revision: d?.metadata?.annotations?.[REVISION_ANNOTATION] };
}

async function readRouting(canary: Canary, router: Router): Promise<RoutingObserved> {
  try {
    return await router.getRoutes(canary);
  } catch (err) {
    // An unreadable VirtualService is never "fine": it halts the rollout as a routing error.
    const message = err instanceof Error ? err.message : String(err);
    return { exists: false, primary: 0, canary: 0, match: false, error: message };
  }
}

/** The three Services exist with the selector and ports the spec asks for. */
function servicesMatch(c: DefaultedCanary, target: Deployment, services: Informer<Service>): boolean {
  return buildServices(c, target).every((want) => {
    const have = services.get(want.metadata?.namespace, want.metadata?.name ?? '');
    return !!have && serviceDrift(have, want) === false;
  });
}

/** Whether the selector or a Fledge-managed port (main or discovered) of `have` differ from `want`. */
export function serviceDrift(have: Service, want: Service): boolean {
  const sel = JSON.stringify(have.spec?.selector ?? {}) !== JSON.stringify(want.spec?.selector ?? {});
  const port = (want.spec?.ports ?? []).some((wp) => {
    const hp = have.spec?.ports?.find((p) => p.name === wp.name);
    return (
      !hp || hp.port !== wp.port || String(hp.targetPort ?? hp.port) !== String(wp.targetPort ?? wp.port)
    );
  });
  return sel || port;
}

/** "configmap/name" → content hash of every ConfigMap/Secret the template needs. */
async function trackConfigs(
  target: Deployment,
  ns: string,
  configs: ConfigHashes,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const refs = [...configRefs(target.spec?.template.spec)].sort();
  await configs.prepare?.(new Set(refs.map((r) => r.split('/')[0] as ConfigKind)));
  for (const ref of refs) {
    const [kind, name] = ref.split('/') as [ConfigKind, string];
    const hash = configs.hash(kind, ns, name);
    // A missing config keeps the pod from starting; Kubernetes reports that, not us.
    if (hash !== undefined) out[ref] = hash;
  }
  return out;
}

export function contentHash(obj: ConfigObject): string {
  const body = JSON.stringify([sorted(obj.data), sorted(obj.binaryData)]);
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}

function sorted(m: Record<string, string> | undefined): [string, string][] {
  return Object.entries(m ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
