import type { KubeObject } from './resource-client.js';

/** `namespace/name`, or `name` for cluster-scoped objects: the work-queue key. */
export function keyOf(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? '';
  return ns ? `${ns}/${name}` : name;
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: undefined, name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** The informer's in-memory store, keyed by `namespace/name`. */
export class ObjectCache<T extends KubeObject> {
  private readonly items = new Map<string, T>();

  get size(): number {
    return this.items.size;
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }

  list(namespace?: string): T[] {
    const all = [...this.items.values()];
    return namespace === undefined ? all : all.filter((o) => o.metadata?.namespace === namespace);
  }

  set(obj: T): void {
    this.items.set(keyOf(obj), obj);
  }

  delete(obj: KubeObject): void {
    this.items.delete(keyOf(obj));
  }
}
