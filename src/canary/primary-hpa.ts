/**
 * `spec.autoscalerRef`: the HPA of the target stays the user's; the primary
 * gets `<hpa>-primary`, a copy of its spec scaling `<target>-primary`, owned
 * by the Canary and kept in sync with the original (as Flagger does). The
 * target's own HPA goes idle while Fledge holds the target at 0 replicas:
 * Kubernetes does not autoscale a workload scaled to zero.
 */
import type { V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import type { Canary } from '../api/canary.js';
import { managedAnnotations, managedLabels } from '../kube/managed-by.js';
import { controllerRef } from '../kube/owners.js';
import type { Informer } from '../kube/informer.js';
import type { KubeObject } from '../kube/resource-client.js';
import { PRIMARY_SUFFIX, primaryName } from './resources.js';

export type Hpa = V2HorizontalPodAutoscaler & KubeObject;

export function primaryHpaName(hpaName: string): string {
  return `${hpaName}${PRIMARY_SUFFIX}`;
}

/** The primary's HPA: `source`'s spec with scaleTargetRef pointing at the primary Deployment. */
export function buildPrimaryHpa(canary: Canary, source: Hpa): Hpa {
  const spec = structuredClone(source.spec);
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: primaryHpaName(source.metadata?.name ?? ''),
      namespace: canary.metadata.namespace,
      labels: managedLabels(canary.metadata.name ?? ''),
      annotations: managedAnnotations(),
      ownerReferences: [controllerRef(canary)],
    },
    ...(spec
      ? {
          spec: {
            ...spec,
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: primaryName(canary) },
          },
        }
      : {}),
  };
}

/** Whether `have` (absent = drift) lacks the spec or labels of `want`. */
export function primaryHpaDrift(have: Hpa | undefined, want: Hpa): boolean {
  if (!have) return true;
  const labels = Object.entries(want.metadata?.labels ?? {}).some(
    ([k, v]) => have.metadata?.labels?.[k] !== v,
  );
  return labels || JSON.stringify(canonical(have.spec)) !== JSON.stringify(canonical(want.spec));
}

/** No autoscalerRef, or its `-primary` copy exists and matches it (read from the HPA cache). */
export function primaryHpaInSync(canary: Canary, hpas: Informer<Hpa>): boolean {
  const ref = canary.spec.autoscalerRef;
  if (!ref) return true;
  const ns = canary.metadata.namespace;
  const source = hpas.get(ns, ref.name);
  return (
    !!source && !primaryHpaDrift(hpas.get(ns, primaryHpaName(ref.name)), buildPrimaryHpa(canary, source))
  );
}

/** Key-sorted, undefined dropped: the apiserver returns fields in its own order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}
