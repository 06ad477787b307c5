import type { KubeObject, ResourceClient } from './resource-client.js';
import { PatchType } from './patch.js';

export function hasFinalizer(obj: KubeObject, finalizer: string): boolean {
  return obj.metadata?.finalizers?.includes(finalizer) ?? false;
}

export function isBeingDeleted(obj: KubeObject): boolean {
  return obj.metadata?.deletionTimestamp != null;
}

/**
 * Adds `finalizer` (no-op when present). The patch carries the
 * resourceVersion, so a concurrent change fails with 409 instead of dropping
 * another controller's finalizer; the caller's retry re-reads.
 */
export async function addFinalizer<T extends KubeObject>(
  client: ResourceClient<T>,
  obj: T,
  finalizer: string,
): Promise<T> {
  if (hasFinalizer(obj, finalizer)) return obj;
  return writeFinalizers(client, obj, [...(obj.metadata?.finalizers ?? []), finalizer]);
}

/** Removes `finalizer` (no-op when absent); see addFinalizer about concurrency. */
export async function removeFinalizer<T extends KubeObject>(
  client: ResourceClient<T>,
  obj: T,
  finalizer: string,
): Promise<T> {
  if (!hasFinalizer(obj, finalizer)) return obj;
  return writeFinalizers(
    client,
    obj,
    (obj.metadata?.finalizers ?? []).filter((f) => f !== finalizer),
  );
}

function writeFinalizers<T extends KubeObject>(
  client: ResourceClient<T>,
  obj: T,
  finalizers: string[],
): Promise<T> {
  return client.patch(
    obj.metadata?.namespace,
    obj.metadata?.name ?? '',
    { metadata: { finalizers, resourceVersion: obj.metadata?.resourceVersion } },
    { type: PatchType.Merge },
  );
}
