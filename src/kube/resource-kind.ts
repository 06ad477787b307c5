import { CANARY_KIND, FEATURE_FLAG_KIND, GROUP, METRIC_TEMPLATE_KIND, VERSION } from '../api/group.js';

/**
 * A kind the runtime can list, watch and write, named the way the REST API
 * names it. The runtime is generic over kinds: ConfigMaps, Leases, Canaries
 * and VirtualServices all go through the same code.
 */
export interface ResourceKind {
  /** API group; '' for the core group. */
  group: string;
  version: string;
  /** Plural resource name as it appears in the URL (`configmaps`). */
  plural: string;
  kind: string;
  namespaced: boolean;
}

export function apiVersionOf(kind: ResourceKind): string {
  return kind.group ? `${kind.group}/${kind.version}` : kind.version;
}

/** URL path of a collection or one object (`/api/v1/namespaces/ns/configmaps/name`). */
export function resourcePath(
  kind: ResourceKind,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  const root = kind.group ? `/apis/${kind.group}/${kind.version}` : `/api/${kind.version}`;
  const ns = kind.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const obj = name ? `/${encodeURIComponent(name)}` : '';
  const sub = name && subresource ? `/${subresource}` : '';
  return `${root}${ns}/${kind.plural}${obj}${sub}`;
}

const fledgeKind = (k: { kind: string; plural: string }): ResourceKind => ({
  group: GROUP,
  version: VERSION,
  plural: k.plural,
  kind: k.kind,
  namespaced: true,
});

/** Every kind Fledge reads or writes, named once. */
export const kinds = {
  configMap: { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true },
  secret: { group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true },
  service: { group: '', version: 'v1', plural: 'services', kind: 'Service', namespaced: true },
  deployment: { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true },
  hpa: {
    group: 'autoscaling',
    version: 'v2',
    plural: 'horizontalpodautoscalers',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
  },
  lease: { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', kind: 'Lease', namespaced: true },
  event: { group: 'events.k8s.io', version: 'v1', plural: 'events', kind: 'Event', namespaced: true },
  canary: fledgeKind(CANARY_KIND),
  featureFlag: fledgeKind(FEATURE_FLAG_KIND),
  metricTemplate: fledgeKind(METRIC_TEMPLATE_KIND),
} as const satisfies Record<string, ResourceKind>;
