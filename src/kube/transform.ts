/**
 * A cache transform, like client-go's SetTransform: each listed or watched
 * object is reduced before the informer stores it. Used where a cache needs
 * only a digest of large objects (Secrets, ConfigMaps), so the operator does
 * not hold their content in memory.
 */
import type { ListWatcher } from './informer.js';
import type { KubeObject } from './resource-client.js';

export interface CacheTransform<T extends KubeObject> {
  /** Names the transform: informers of one kind with different transforms are separate. */
  name: string;
  apply(obj: T): T;
}

/**
 * Drops `metadata.managedFields`, server-side apply's bookkeeping and often
 * the larger half of an object's metadata. No controller reads it, and a PUT
 * that omits it leaves the server's copy as it is (only an explicit empty
 * list would reset it), so every informer cache leaves it out.
 */
export function stripManagedFields<T extends KubeObject>(obj: T): T {
  const metadata = obj.metadata;
  if (metadata?.managedFields === undefined) return obj;
  const { managedFields: _dropped, ...rest } = metadata;
  return { ...obj, metadata: rest };
}

/** The transform every informer applies: managedFields stripped, then `then` (if any). */
export function cacheTransform<T extends KubeObject>(then?: CacheTransform<T>): CacheTransform<T> {
  if (!then) return { name: 'strip-managed-fields', apply: stripManagedFields };
  return { name: then.name, apply: (obj) => then.apply(stripManagedFields(obj)) };
}

export function transformListWatcher<T extends KubeObject>(
  lw: ListWatcher<T>,
  transform: CacheTransform<T>,
): ListWatcher<T> {
  return {
    kind: lw.kind,
    async list(namespace, opts) {
      const res = await lw.list(namespace, opts);
      return { ...res, items: res.items.map((o) => transform.apply(o)) };
    },
    watch(namespace, opts, onEvent) {
      return lw.watch(namespace, opts, (e) => {
        // Bookmarks carry only a resourceVersion, errors a Status: neither is an object to reduce.
        if (e.type === 'ERROR' || e.type === 'BOOKMARK') onEvent(e);
        else onEvent({ type: e.type, object: transform.apply(e.object) });
      });
    },
  };
}
