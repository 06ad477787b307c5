/**
 * The newer of two copies of one object: the informer's, or the one our own
 * write returned. Right after a write the cache may still hold the old copy,
 * and a reconcile that trusted it would, for example, not find an invalid
 * flag's last good version in a ConfigMap it just rewrote.
 *
 * resourceVersion is opaque by contract; every apiserver backed by etcd
 * makes it the decimal etcd revision, so it is compared numerically when both
 * parse, and the cache wins whenever they do not (a stale cache only costs an
 * idempotent rewrite; a wrong guess the other way would hide a hand edit).
 */
import type { KubeObject } from '../kube/resource-client.js';

export function newerOf<T extends KubeObject>(cached: T | undefined, written: T | undefined): T | undefined {
  if (!written) return cached;
  if (!cached) return undefined; // deleted since we wrote it: the watch is the truth
  if (cached.metadata?.uid !== written.metadata?.uid) return cached;
  const a = rv(cached);
  const b = rv(written);
  return a !== undefined && b !== undefined && b > a ? written : cached;
}

function rv(obj: KubeObject): bigint | undefined {
  const v = obj.metadata?.resourceVersion;
  return v !== undefined && /^\d{1,30}$/.test(v) ? BigInt(v) : undefined;
}

/** Objects this process wrote last, by `namespace/name`; bounded, a hint only. */
export class WrittenObjects<T extends KubeObject> {
  private readonly items = new Map<string, T>();

  constructor(private readonly max = 50_000) {}

  remember(obj: T): void {
    const key = `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
    this.items.delete(key);
    this.items.set(key, obj);
    if (this.items.size > this.max) this.items.delete(this.items.keys().next().value as string);
  }

  forget(namespace: string, name: string): void {
    this.items.delete(`${namespace}/${name}`);
  }

  /**
   * True when `obj` is exactly what our last write of it returned (same uid
   * and resourceVersion): the watch bringing our own write back.
   */
  isOwnWrite(obj: T): boolean {
    const written = this.items.get(`${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`);
    const rv = obj.metadata?.resourceVersion;
    return (
      written !== undefined &&
      rv !== undefined &&
      written.metadata?.uid === obj.metadata?.uid &&
      written.metadata?.resourceVersion === rv
    );
  }

  /** The fresher of `cached` and what we wrote for the same object. */
  fresh(cached: T | undefined, namespace: string, name: string): T | undefined {
    return newerOf(cached, this.items.get(`${namespace}/${name}`));
  }
}
