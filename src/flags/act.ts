/**
 * act: the thin executor of a flag set decision. Every step is idempotent,
 * so a crash between two of them is repaired by the next reconcile:
 * server-side apply of the set's ConfigMap (or its deletion), then the
 * status of each flag whose status changed, then Events.
 */
import type { Logger } from 'pino';
import type { FeatureFlagStatus } from '../api/feature-flag-status.js';
import { isNotFound } from '../kube/api-error.js';
import type { EventRecorder } from '../kube/events.js';
import { PatchType } from '../kube/patch.js';
import type { ResourceClient } from '../kube/resource-client.js';
import { updateStatus } from '../kube/status.js';
import { API_VERSION, FEATURE_FLAG_KIND } from '../api/group.js';
import type { ConfigMapAction, DesiredConfigMap } from './decide-set.js';
import type { FlagAction } from './decide.js';
import { CONTENT_HASH_ANNOTATION, FLAGS_KEY } from './names.js';
import { FLAG_FIELD_MANAGER, type ConfigMapObject, type FeatureFlagObject } from './controller-kind.js';

/** Applies the ConfigMap action; returns the object written (undefined when none or deleted). */
export async function actOnConfigMap(
  api: ResourceClient<ConfigMapObject>,
  action: ConfigMapAction,
  current: ConfigMapObject | undefined,
  log: Logger,
): Promise<ConfigMapObject | undefined> {
  switch (action.kind) {
    case 'none':
      return undefined;
    case 'delete':
      try {
        await api.delete(action.namespace, action.name);
        log.info({ configMap: action.name }, 'flag set has no flags left: ConfigMap deleted');
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      return undefined;
    case 'apply':
      return applyConfigMap(api, action.configMap, current, log);
  }
}

/**
 * Server-side apply with force: Fledge takes back every field it owns, so a
 * hand edit of flags.json or of the hash annotation is undone. Keys someone
 * added beside flags.json are not ours under apply semantics, so they are
 * removed with a merge patch: the set's ConfigMap holds exactly one document.
 */
async function applyConfigMap(
  api: ResourceClient<ConfigMapObject>,
  desired: DesiredConfigMap,
  current: ConfigMapObject | undefined,
  log: Logger,
): Promise<ConfigMapObject> {
  const { name, namespace } = desired.metadata;
  let written = await api.patch(namespace, name, desired, {
    type: PatchType.Apply,
    fieldManager: FLAG_FIELD_MANAGER,
    force: true,
  });
  const foreign = Object.keys(written.data ?? {}).filter((k) => !(k in desired.data));
  const binary = Object.keys((written as { binaryData?: object }).binaryData ?? {});
  if (foreign.length > 0 || binary.length > 0) {
    const patch: Record<string, unknown> = {};
    if (foreign.length > 0) patch['data'] = Object.fromEntries(foreign.map((k) => [k, null]));
    if (binary.length > 0) patch['binaryData'] = null;
    written = await api.patch(namespace, name, patch, {
      type: PatchType.Merge,
      fieldManager: FLAG_FIELD_MANAGER,
    });
  }
  log.info(
    {
      configMap: name,
      hash: desired.metadata.annotations[CONTENT_HASH_ANNOTATION],
      bytes: Buffer.byteLength(desired.data[FLAGS_KEY] ?? ''),
      repaired: current !== undefined,
    },
    current ? 'flag set ConfigMap rewritten' : 'flag set ConfigMap created',
  );
  return written;
}

/**
 * Writes one flag's status through /status. `compute` gets the freshest
 * copy of the flag (re-read on a 409) and returns the status to write, so a
 * concurrent writer of other status fields (the guarded rollout) is never
 * overwritten from a stale copy.
 */
export async function writeFlagStatus(
  api: ResourceClient<FeatureFlagObject>,
  flag: FeatureFlagObject,
  compute: (fresh: FeatureFlagObject) => FeatureFlagStatus,
  log: Logger,
): Promise<FeatureFlagObject | undefined> {
  const namespace = flag.metadata?.namespace;
  const name = flag.metadata?.name ?? '';
  try {
    const res = await updateStatus(api, namespace, name, (status, obj) => compute({ ...obj, status }), {
      current: flag,
      fieldManager: FLAG_FIELD_MANAGER,
      log,
    });
    return res.written ? res.object : undefined;
  } catch (err) {
    if (isNotFound(err)) return undefined; // deleted meanwhile: its set is reconciled again
    throw err;
  }
}

export async function recordFlagEvents(
  events: EventRecorder,
  flag: FeatureFlagObject,
  actions: readonly FlagAction[],
): Promise<void> {
  const regarding = { ...flag, apiVersion: API_VERSION, kind: FEATURE_FLAG_KIND.kind };
  for (const a of actions) await events.record(regarding, a.type, a.reason, a.message);
}

/** Runs `fn` over `items` with at most `limit` at a time; rejects with the first error after all settle. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (err) {
        errors.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, () => worker()));
  if (errors.length > 0) throw errors[0] instanceof Error ? errors[0] : new Error(String(errors[0]));
}
