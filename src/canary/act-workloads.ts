/**
 * The workload half of act: create the primary, its HPA and the Services,
 * copy templates and tracked configs to the primary, scale the target. Each function is
 * idempotent and reads what it changes fresh from the API, so a crash
 * between two of them is repaired by the next reconcile.
 */
import type { DefaultedCanary } from '../api/canary-defaults.js';
import { isAlreadyExists, isNotFound } from '../kube/api-error.js';
import { managedAnnotations, managedLabels } from '../kube/managed-by.js';
import { controllerRef, isOwnedBy } from '../kube/owners.js';
import type { KubeObject, ResourceClient } from '../kube/resource-client.js';
import { PatchType } from '../kube/patch.js';
import type { ConfigObject } from './observe.js';
import { serviceDrift } from './observe.js';
import { buildPrimaryHpa, primaryHpaDrift, primaryHpaName, type Hpa } from './primary-hpa.js';
import {
  buildPrimary,
  buildServices,
  PRIMARY_SUFFIX,
  primaryName,
  primaryTemplate,
  REVISION_ANNOTATION,
  type Deployment,
  type Service,
} from './resources.js';

/** Annotation on the target: its replicas before Fledge scaled it to 0 (for 'restore'). */
export const LAST_REPLICAS_ANNOTATION = 'fledge.dev/last-replicas';
const FIELD_MANAGER = 'fledge';

export type { Hpa };

export interface WorkloadClients {
  deployments: ResourceClient<Deployment>;
  services: ResourceClient<Service>;
  configMaps: ResourceClient<ConfigObject>;
  secrets: ResourceClient<ConfigObject>;
  hpas: ResourceClient<Hpa>;
}

const ns = (c: DefaultedCanary): string => c.metadata.namespace ?? 'default';

/**
 * Creates the primary when missing (an existing primary keeps its template),
 * the three Services, and the primary's HPA; repairs drift of the fields
 * Fledge owns in them.
 */
export async function ensureWorkloads(
  c: DefaultedCanary,
  revision: string,
  tracked: ReadonlySet<string>,
  k: WorkloadClients,
): Promise<void> {
  const target = await k.deployments.get(ns(c), c.spec.targetRef.name);
  const primary = await getOrUndefined(k.deployments, ns(c), primaryName(c));
  if (!primary) await createPrimary(c, target, revision, tracked, k);
  for (const want of buildServices(c, target)) {
    const name = want.metadata?.name ?? '';
    const have = await getOrUndefined(k.services, ns(c), name);
    if (!have) {
      await createIgnoringExists(k.services, want);
    } else if (serviceDrift(have, want)) {
      // Only the selector and our ports: other ports, annotations and an existing owner stay.
      const wantPorts = want.spec?.ports ?? [];
      const others = (have.spec?.ports ?? []).filter(
        (p) => !wantPorts.some((w) => w.name === p.name || w.port === p.port),
      );
      await k.services.patch(
        ns(c),
        name,
        {
          metadata: isOwnedBy(have, c) ? {} : { labels: managedLabels(c.metadata.name ?? '') },
          spec: { selector: want.spec?.selector, ports: [...wantPorts, ...others] },
        },
        { type: PatchType.Merge, fieldManager: FIELD_MANAGER },
      );
    }
  }
  await ensurePrimaryHpa(c, k);
}

/**
 * The one way a primary comes to be, whether bootstrap or promotion finds it
 * missing: its template points at the `-primary` copies, so they are written
 * first, or its pods would start on stale (or absent) configuration.
 */
export async function createPrimary(
  c: DefaultedCanary,
  target: Deployment,
  revision: string,
  tracked: ReadonlySet<string>,
  k: WorkloadClients,
): Promise<void> {
  if (tracked.size > 0) await copyTrackedConfigs(c, tracked, k);
  await createIgnoringExists(k.deployments, buildPrimary(c, target, revision, tracked));
}

/** `<hpa>-primary` for `spec.autoscalerRef`, created or brought back in line with the user's HPA. */
export async function ensurePrimaryHpa(c: DefaultedCanary, k: WorkloadClients): Promise<void> {
  if (!c.spec.autoscalerRef) return;
  // Observe reports a missing HPA as a bad reference before act runs; a race lands here.
  const source = await getOrUndefined(k.hpas, ns(c), c.spec.autoscalerRef.name);
  if (!source) return;
  const want = buildPrimaryHpa(c, source);
  const have = await getOrUndefined(k.hpas, ns(c), primaryHpaName(c.spec.autoscalerRef.name));
  if (!have) return createIgnoringExists(k.hpas, want);
  if (!primaryHpaDrift(have, want)) return;
  // PUT with the resourceVersion: a concurrent change fails with 409 and the reconcile retries.
  await k.hpas.replace(
    {
      ...want,
      metadata: {
        ...have.metadata,
        labels: { ...have.metadata?.labels, ...want.metadata?.labels },
        annotations: { ...have.metadata?.annotations, ...want.metadata?.annotations },
      },
    },
    { fieldManager: FIELD_MANAGER },
  );
}

/** Copies the target's template to the primary and stamps `revision` (read back as primary.revision). */
export async function promoteTemplate(
  c: DefaultedCanary,
  revision: string,
  tracked: ReadonlySet<string>,
  k: WorkloadClients,
): Promise<void> {
  const target = await k.deployments.get(ns(c), c.spec.targetRef.name);
  const primary = await getOrUndefined(k.deployments, ns(c), primaryName(c));
  if (!primary) return createPrimary(c, target, revision, tracked, k);
  if (!primary.spec) return;
  // The template points at the -primary copies: they must hold the revision's content first.
  if (tracked.size > 0) await copyTrackedConfigs(c, tracked, k);
  const next: Deployment = {
    ...primary,
    metadata: {
      ...primary.metadata,
      annotations: { ...primary.metadata?.annotations, [REVISION_ANNOTATION]: revision },
    },
    spec: { ...primary.spec, template: primaryTemplate(target, tracked) },
  };
  // PUT with the resourceVersion: a concurrent change fails with 409 and the reconcile retries.
  await k.deployments.replace(next, { fieldManager: FIELD_MANAGER });
}

/** Writes `<name>-primary` copies of the tracked ConfigMaps and Secrets, owned by the Canary. */
export async function copyTrackedConfigs(
  c: DefaultedCanary,
  tracked: ReadonlySet<string>,
  k: WorkloadClients,
): Promise<void> {
  for (const ref of tracked) {
    const [kind, name] = ref.split('/') as [string, string];
    const client = kind === 'secret' ? k.secrets : k.configMaps;
    const source = await getOrUndefined(client, ns(c), name);
    if (!source) continue;
    const copy: ConfigObject & { type?: string } = {
      metadata: {
        name: `${name}${PRIMARY_SUFFIX}`,
        namespace: ns(c),
        labels: managedLabels(c.metadata.name ?? ''),
        annotations: managedAnnotations(),
        ownerReferences: [controllerRef(c)],
      },
      ...(source.data ? { data: source.data } : {}),
      ...(source.binaryData ? { binaryData: source.binaryData } : {}),
      ...((source as { type?: string }).type ? { type: (source as { type?: string }).type } : {}),
    };
    const existing = await getOrUndefined(client, ns(c), `${name}${PRIMARY_SUFFIX}`);
    if (!existing) await createIgnoringExists(client, copy);
    else
      await client.replace(
        { ...copy, metadata: { ...copy.metadata, resourceVersion: existing.metadata?.resourceVersion } },
        { fieldManager: FIELD_MANAGER },
      );
  }
}

/** Scales the target; 'restore' = HPA min, else the replicas it had before Fledge scaled it to 0, else 1. */
export async function scaleTarget(
  c: DefaultedCanary,
  replicas: number | 'restore',
  k: WorkloadClients,
): Promise<void> {
  const target = await getOrUndefined(k.deployments, ns(c), c.spec.targetRef.name);
  if (!target) return;
  const current = target.spec?.replicas ?? 1;
  let want: number;
  if (replicas === 'restore') {
    want = await restoredReplicas(c, target, k);
    if (current > 0) return; // already running: restore never scales down
  } else want = replicas;
  if (current === want) return;
  const annotations = want === 0 && current > 0 ? { [LAST_REPLICAS_ANNOTATION]: String(current) } : undefined;
  await k.deployments.patch(
    ns(c),
    c.spec.targetRef.name,
    { ...(annotations ? { metadata: { annotations } } : {}), spec: { replicas: want } },
    { type: PatchType.Merge, fieldManager: FIELD_MANAGER },
  );
}

async function restoredReplicas(c: DefaultedCanary, target: Deployment, k: WorkloadClients): Promise<number> {
  if (c.spec.autoscalerRef) {
    const hpa = await getOrUndefined(k.hpas, ns(c), c.spec.autoscalerRef.name);
    const min = hpa?.spec?.minReplicas;
    if (min !== undefined && min > 0) return min;
  }
  const last = Number(target.metadata?.annotations?.[LAST_REPLICAS_ANNOTATION]);
  return Number.isInteger(last) && last > 0 ? last : 1;
}

async function getOrUndefined<T extends KubeObject>(
  client: ResourceClient<T>,
  namespace: string,
  name: string,
): Promise<T | undefined> {
  try {
    return await client.get(namespace, name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function createIgnoringExists<T extends KubeObject>(client: ResourceClient<T>, obj: T): Promise<void> {
  try {
    await client.create(obj, { fieldManager: FIELD_MANAGER });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}
