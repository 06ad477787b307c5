import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';

/** Content types of the apiserver's patch flavours. */
export const PatchType = {
  /** RFC 7386: objects merge, lists and scalars replace, `null` deletes. */
  Merge: PatchStrategy.MergePatch,
  /** RFC 6902 operations; `test` gives compare-and-swap on any field. */
  Json: PatchStrategy.JsonPatch,
  /** Kubernetes strategic merge (built-in kinds only; CRDs reject it). */
  Strategic: PatchStrategy.StrategicMergePatch,
  /** Server-side apply: send the fields you own, with a fieldManager. */
  Apply: PatchStrategy.ServerSideApply,
} as const;
export type PatchType = (typeof PatchType)[keyof typeof PatchType];

export interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'test' | 'move' | 'copy';
  path: string;
  value?: unknown;
  from?: string;
}

/**
 * Options for the generated clients of @kubernetes/client-node 1.x, whose
 * patch methods do not pick a Content-Type themselves:
 * `core.patchNamespacedConfigMap({ name, namespace, body }, patchOptions(PatchType.Merge))`.
 */
export function patchOptions(type: PatchType): ReturnType<typeof setHeaderOptions> {
  return setHeaderOptions('Content-Type', type);
}

/** Escapes a key for use in a JSON Pointer (`a/b` → `a~1b`). */
export function jsonPointerEscape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A JSON patch that fails with 422 unless the object is still at `resourceVersion`. */
export function guardedJsonPatch(resourceVersion: string, ops: JsonPatchOp[]): JsonPatchOp[] {
  return [{ op: 'test', path: '/metadata/resourceVersion', value: resourceVersion }, ...ops];
}
