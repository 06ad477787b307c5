/**
 * The Kubernetes objects a Canary owns besides routing: the primary
 * Deployment (a copy of the target with its own selector labels, so the two
 * never select each other's pods) and the apex, primary and canary Services.
 * Pure builders; act decides when to write them.
 */
import type {
  V1ContainerPort,
  V1Deployment,
  V1PodTemplateSpec,
  V1Service,
  V1ServicePort,
} from '@kubernetes/client-node';
import type { DefaultedCanary } from '../api/canary-defaults.js';
import type { Canary } from '../api/canary.js';
import { CANARY_LABEL, managedAnnotations, managedLabels } from '../kube/managed-by.js';
import { controllerRef } from '../kube/owners.js';
import type { KubeObject } from '../kube/resource-client.js';
import { routingNames } from '../routing/names.js';

/** Annotation on the primary: the revision whose template it runs (read back by observe). */
export const REVISION_ANNOTATION = 'fledge.dev/revision';
/** Label on every object Fledge creates for a Canary (with `app.kubernetes.io/managed-by: fledge`). */
export { CANARY_LABEL };
/** Suffix of the primary Deployment and of the `-primary` copies of tracked configs. */
export const PRIMARY_SUFFIX = '-primary';

export type Deployment = V1Deployment & KubeObject;
export type Service = V1Service & KubeObject;

export function primaryName(canary: Canary): string {
  return `${canary.spec.targetRef.name}${PRIMARY_SUFFIX}`;
}

/** The target's selector labels (`app: podinfo`), or its template labels when it has none. */
export function targetSelector(target: Deployment): Record<string, string> {
  return target.spec?.selector.matchLabels ?? target.spec?.template.metadata?.labels ?? {};
}

/** The primary's selector: every selector value with `-primary` appended. */
export function primarySelector(target: Deployment): Record<string, string> {
  return Object.fromEntries(
    Object.entries(targetSelector(target)).map(([k, v]) => [k, `${v}${PRIMARY_SUFFIX}`]),
  );
}

/**
 * The primary's pod template: the target's, relabelled, with references to
 * tracked ConfigMaps/Secrets pointing at their `-primary` copies.
 */
export function primaryTemplate(target: Deployment, tracked: ReadonlySet<string>): V1PodTemplateSpec {
  const template: V1PodTemplateSpec = structuredClone(target.spec?.template ?? {});
  template.metadata = {
    ...template.metadata,
    labels: { ...template.metadata?.labels, ...primarySelector(target) },
  };
  if (template.spec) renameConfigRefs(template.spec, tracked);
  return template;
}

export function buildPrimary(
  canary: Canary,
  target: Deployment,
  revision: string,
  tracked: ReadonlySet<string>,
): Deployment {
  const spec = target.spec;
  const replicas = spec?.replicas && spec.replicas > 0 ? spec.replicas : 1;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: primaryName(canary),
      namespace: canary.metadata.namespace,
      labels: {
        ...target.metadata?.labels,
        ...primarySelector(target),
        ...managedLabels(canary.metadata.name ?? ''),
      },
      annotations: { ...managedAnnotations(), [REVISION_ANNOTATION]: revision },
      ownerReferences: [controllerRef(canary)],
    },
    spec: {
      replicas,
      selector: { matchLabels: primarySelector(target) },
      template: primaryTemplate(target, tracked),
      ...(spec?.strategy ? { strategy: spec.strategy } : {}),
      ...(spec?.minReadySeconds !== undefined ? { minReadySeconds: spec.minReadySeconds } : {}),
      ...(spec?.progressDeadlineSeconds !== undefined
        ? { progressDeadlineSeconds: spec.progressDeadlineSeconds }
        : {}),
    },
  };
}

/** The Service port of `spec.service` (port, targetPort, name, appProtocol). */
export function servicePort(canary: DefaultedCanary): V1ServicePort {
  const s = canary.spec.service;
  return {
    name: s.portName,
    port: s.port,
    protocol: 'TCP',
    targetPort: s.targetPort,
    ...(s.appProtocol !== undefined ? { appProtocol: s.appProtocol } : {}),
  };
}

/**
 * With `spec.service.portDiscovery`, every other container port of the
 * target's containers (not init containers), as Flagger does: same number on
 * both sides, the container's port name or `tcp-<port>` (Istio reads the
 * protocol from the prefix), ports clashing with the main port left out.
 */
export function discoveredPorts(canary: DefaultedCanary, target: Deployment): V1ServicePort[] {
  if (!canary.spec.service.portDiscovery) return [];
  const main = servicePort(canary);
  const names = new Set([main.name]);
  const numbers = new Set([main.port, main.targetPort]);
  const out: V1ServicePort[] = [];
  const ports: V1ContainerPort[] = (target.spec?.template.spec?.containers ?? []).flatMap(
    (c) => c.ports ?? [],
  );
  for (const p of ports) {
    const name = p.name ?? `tcp-${p.containerPort}`;
    if (numbers.has(p.containerPort) || names.has(name) || main.targetPort === p.name) continue;
    names.add(name);
    numbers.add(p.containerPort);
    out.push({ name, port: p.containerPort, protocol: p.protocol ?? 'TCP', targetPort: p.containerPort });
  }
  return out;
}

/** Apex and `-primary` select the primary's pods; `-canary` selects the target's. */
export function buildServices(canary: DefaultedCanary, target: Deployment): Service[] {
  const names = routingNames(canary);
  const ports = [servicePort(canary), ...discoveredPorts(canary, target)];
  const make = (name: string, selector: Record<string, string>): Service => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: names.namespace,
      labels: managedLabels(canary.metadata.name ?? ''),
      annotations: managedAnnotations(),
      ownerReferences: [controllerRef(canary)],
    },
    spec: { type: 'ClusterIP', selector, ports: structuredClone(ports) },
  });
  return [
    make(names.apex, primarySelector(target)),
    make(names.primary, primarySelector(target)),
    make(names.canary, targetSelector(target)),
  ];
}

/** "configmap/name" / "secret/name" of everything a pod spec references, optional ones excluded. */
export function configRefs(spec: V1PodTemplateSpec['spec']): Set<string> {
  const out = new Set<string>();
  visitConfigRefs(spec, (kind, name, optional) => {
    if (!optional) out.add(`${kind}/${name}`);
    return name;
  });
  return out;
}

function renameConfigRefs(spec: NonNullable<V1PodTemplateSpec['spec']>, tracked: ReadonlySet<string>): void {
  visitConfigRefs(spec, (kind, name) => (tracked.has(`${kind}/${name}`) ? `${name}${PRIMARY_SUFFIX}` : name));
}

type Visitor = (kind: 'configmap' | 'secret', name: string, optional: boolean) => string;

/** Calls `visit` on every ConfigMap/Secret reference and stores the name it returns. */
function visitConfigRefs(spec: V1PodTemplateSpec['spec'], visit: Visitor): void {
  if (!spec) return;
  for (const v of spec.volumes ?? []) {
    if (v.configMap?.name) v.configMap.name = visit('configmap', v.configMap.name, !!v.configMap.optional);
    if (v.secret?.secretName) v.secret.secretName = visit('secret', v.secret.secretName, !!v.secret.optional);
    for (const p of v.projected?.sources ?? []) {
      if (p.configMap?.name) p.configMap.name = visit('configmap', p.configMap.name, !!p.configMap.optional);
      if (p.secret?.name) p.secret.name = visit('secret', p.secret.name, !!p.secret.optional);
    }
  }
  for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
    for (const e of c.env ?? []) {
      const cm = e.valueFrom?.configMapKeyRef;
      if (cm?.name) cm.name = visit('configmap', cm.name, !!cm.optional);
      const s = e.valueFrom?.secretKeyRef;
      if (s?.name) s.name = visit('secret', s.name, !!s.optional);
    }
    for (const f of c.envFrom ?? []) {
      if (f.configMapRef?.name)
        f.configMapRef.name = visit('configmap', f.configMapRef.name, !!f.configMapRef.optional);
      if (f.secretRef?.name) f.secretRef.name = visit('secret', f.secretRef.name, !!f.secretRef.optional);
    }
  }
}
