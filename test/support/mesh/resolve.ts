import type { V1Deployment } from '@kubernetes/client-node';
import type { ClusterView, DestinationRuleView } from './cluster-view.js';
import type { Rng } from './prng.js';
import type { Destination } from './virtual-service.js';

export const CLUSTER_DOMAIN = 'svc.cluster.local';

export interface ServiceRef {
  name: string;
  namespace: string;
}

/**
 * `name`, `name.ns`, `name.ns.svc` and `name.ns.svc.cluster.local` name a
 * Service; a short name lives in the VirtualService's namespace. Any other
 * host (example.com) is outside the cluster and undefined here.
 */
export function parseHost(host: string, defaultNamespace: string): ServiceRef | undefined {
  const parts = host.split('.');
  const [name, namespace, ...rest] = parts;
  if (!name) return undefined;
  if (parts.length === 1) return { name, namespace: defaultNamespace };
  const suffix = rest.join('.');
  if (!namespace || !(suffix === '' || suffix === 'svc' || suffix === CLUSTER_DOMAIN)) return undefined;
  return { name, namespace };
}

export function serviceFqdn(ref: ServiceRef): string {
  return `${ref.name}.${ref.namespace}.${CLUSTER_DOMAIN}`;
}

/** The facts about a workload that Istio's sidecars put on metric labels. */
export interface WorkloadInfo {
  name: string;
  namespace: string;
  app: string;
  version: string;
  canonicalService: string;
  canonicalRevision: string;
  serviceAccount: string;
}

export function workloadInfo(d: V1Deployment): WorkloadInfo {
  const labels = d.spec?.template.metadata?.labels ?? {};
  const name = d.metadata?.name ?? 'unknown';
  return {
    name,
    namespace: d.metadata?.namespace ?? 'unknown',
    app: labels['app'] ?? 'unknown',
    version: labels['version'] ?? 'unknown',
    canonicalService:
      labels['service.istio.io/canonical-name'] ?? labels['app.kubernetes.io/name'] ?? labels['app'] ?? name,
    canonicalRevision:
      labels['service.istio.io/canonical-revision'] ??
      labels['app.kubernetes.io/version'] ??
      labels['version'] ??
      'latest',
    serviceAccount: d.spec?.template.spec?.serviceAccountName ?? 'default',
  };
}

export interface Endpoint {
  workload: WorkloadInfo;
  ready: number;
}

export type Resolution =
  | { ok: true; service: ServiceRef; endpoints: Endpoint[] }
  | { ok: false; service?: ServiceRef; reason: string };

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function findSubset(
  view: ClusterView,
  svc: ServiceRef,
  namespaces: string[],
  subset: string,
): DestinationRuleView['subsets'][number] | undefined {
  for (const ns of namespaces) {
    for (const dr of view.destinationRules(ns)) {
      const host = parseHost(dr.host, dr.namespace);
      if (host?.name !== svc.name || host.namespace !== svc.namespace) continue;
      const found = dr.subsets.find((s) => s.name === subset);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Destination → Service → the Deployments whose pod template the Service
 * (and the subset, if any) selects, each with its ready replicas: the
 * endpoints a sidecar would load-balance over.
 */
export function resolveDestination(view: ClusterView, dest: Destination, vsNamespace: string): Resolution {
  const ref = parseHost(dest.host, vsNamespace);
  if (!ref) return { ok: false, reason: `host ${dest.host} is not a cluster Service` };
  const svc = view.service(ref.namespace, ref.name);
  if (!svc) return { ok: false, service: ref, reason: `Service ${ref.namespace}/${ref.name} not found` };
  const selector = { ...(svc.spec?.selector ?? {}) };
  if (Object.keys(selector).length === 0) {
    return { ok: false, service: ref, reason: `Service ${ref.namespace}/${ref.name} has no selector` };
  }
  if (dest.subset !== undefined) {
    const subset = findSubset(view, ref, [...new Set([vsNamespace, ref.namespace])], dest.subset);
    if (!subset) {
      return { ok: false, service: ref, reason: `subset ${dest.subset} of ${serviceFqdn(ref)} not defined` };
    }
    Object.assign(selector, subset.labels);
  }
  const endpoints = view
    .deployments(ref.namespace)
    .filter((d) => selects(selector, d.spec?.template.metadata?.labels ?? {}))
    .map((d) => ({ workload: workloadInfo(d), ready: d.status?.readyReplicas ?? 0 }));
  if (endpoints.length === 0) {
    return { ok: false, service: ref, reason: `no Deployment matches Service ${ref.namespace}/${ref.name}` };
  }
  if (!endpoints.some((e) => e.ready > 0)) {
    return { ok: false, service: ref, reason: `no ready replicas behind ${ref.namespace}/${ref.name}` };
  }
  return { ok: true, service: ref, endpoints };
}

/** Round robin over pods, approximated: a workload is chosen in proportion to its ready replicas. */
export function pickEndpoint(endpoints: readonly Endpoint[], rng: Rng): WorkloadInfo | undefined {
  const total = endpoints.reduce((s, e) => s + e.ready, 0);
  if (total <= 0) return undefined;
  let u = rng.next() * total;
  for (const e of endpoints) {
    if (u < e.ready) return e.workload;
    u -= e.ready;
  }
  return endpoints.findLast((e) => e.ready > 0)?.workload;
}
