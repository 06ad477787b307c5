/**
 * The informer cache lags our own writes by a watch event. Deciding from a
 * Canary older than the status we just wrote would replay a step (or route
 * back to an old weight), so the controller keeps the object each status
 * write returned and uses it until the cache catches up.
 */
import { keyOf } from '../kube/object-cache.js';
import type { CanaryObject } from './act.js';

export class FreshCanaries {
  private readonly written = new Map<string, CanaryObject>();

  /** The newer of the cached object and the last one we wrote (same uid only). */
  pick(cached: CanaryObject | undefined): CanaryObject | undefined {
    if (!cached) return undefined;
    const key = keyOf(cached);
    const mine = this.written.get(key);
    if (!mine || mine.metadata.uid !== cached.metadata.uid) {
      this.written.delete(key);
      return cached;
    }
    if (newer(mine, cached)) return mine;
    this.written.delete(key);
    return cached;
  }

  remember(obj: CanaryObject): void {
    this.written.set(keyOf(obj), obj);
  }

  forget(key: string): void {
    this.written.delete(key);
  }
}

/**
 * resourceVersions are opaque by contract, but every apiserver backed by etcd
 * hands out increasing integers; anything else is treated as "not newer",
 * which falls back to the cache (the pre-existing behaviour).
 */
function newer(a: CanaryObject, b: CanaryObject): boolean {
  const ra = a.metadata.resourceVersion ?? '';
  const rb = b.metadata.resourceVersion ?? '';
  if (!/^\d+$/.test(ra) || !/^\d+$/.test(rb)) return false;
  return BigInt(ra) > BigInt(rb);
}
