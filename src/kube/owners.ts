import type { KubeObject } from './resource-client.js';

export type OwnerReference = NonNullable<NonNullable<KubeObject['metadata']>['ownerReferences']>[number];

/**
 * The ownerReference that makes `owner` the managing controller of an object:
 * garbage collection deletes the object with its owner, and
 * blockOwnerDeletion holds a foreground delete of the owner until it is gone.
 */
export function controllerRef(owner: KubeObject): OwnerReference {
  const { apiVersion, kind } = owner;
  const { name, uid } = owner.metadata ?? {};
  if (!apiVersion || !kind || !name || !uid) {
    throw new Error(`controllerRef: owner ${kind ?? '?'} ${name ?? '?'} lacks apiVersion, kind, name or uid`);
  }
  return { apiVersion, kind, name, uid, controller: true, blockOwnerDeletion: true };
}

/** The ownerReference with controller=true, if any. */
export function getControllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

export function isOwnedBy(obj: KubeObject, owner: KubeObject): boolean {
  const uid = owner.metadata?.uid;
  return uid !== undefined && (obj.metadata?.ownerReferences ?? []).some((r) => r.uid === uid);
}

/** Returns `obj` with `ref` set (replacing a reference to the same uid). Does not mutate. */
export function withOwnerReference<T extends KubeObject>(obj: T, ref: OwnerReference): T {
  const refs = (obj.metadata?.ownerReferences ?? []).filter((r) => r.uid !== ref.uid);
  return { ...obj, metadata: { ...obj.metadata, ownerReferences: [...refs, ref] } };
}

/**
 * A key mapper for controllers that watch what they own: an event on an owned
 * object enqueues its controlling owner of the given kind (`apps/v1`, `Deployment`
 * style group match, so version skew does not drop events).
 */
export function ownerKeys(ownerApiVersion: string, ownerKind: string): (obj: KubeObject) => string[] {
  const group = groupOf(ownerApiVersion);
  return (obj) => {
    const ref = getControllerOf(obj);
    if (!ref || ref.kind !== ownerKind || groupOf(ref.apiVersion) !== group) return [];
    const ns = obj.metadata?.namespace;
    return [ns ? `${ns}/${ref.name}` : ref.name];
  };
}

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}
