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
