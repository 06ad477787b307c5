/**
 * observe: one flag set as it is now, read from the informer caches into a
 * plain snapshot (DESIGN.md, observe → decide → act). Nothing is decided
 * here. The ConfigMap is part of the snapshot because an invalid flag's last
 * good definition is read back from what is published, never from memory, so
 * it survives a restart.
 */
import type { Informer } from '../kube/informer.js';
import { splitKey } from '../kube/object-cache.js';
import type { FlagSetObserved, ObservedConfigMap } from './decide-set.js';
import type { ConfigMapObject, FeatureFlagObject } from './controller-kind.js';
import type { WrittenObjects } from './controller-fresh.js';
import { flagSetOf } from './keys.js';
import { configMapName, FLAG_SET_LABEL } from './names.js';

export interface FlagSetSnapshot extends FlagSetObserved {
  /** The FeatureFlags of the set as objects (same order as `flags`), for status writes. */
  flags: readonly FeatureFlagObject[];
  configMapName: string;
  /** The ConfigMap as observed, with its uid and resourceVersion; undefined when absent. */
  configMap?: (ConfigMapObject & ObservedConfigMap) | undefined;
}

export interface ObserveSources {
  flags: Informer<FeatureFlagObject>;
  configMaps: Informer<ConfigMapObject>;
  writtenFlags?: WrittenObjects<FeatureFlagObject>;
  writtenConfigMaps?: WrittenObjects<ConfigMapObject>;
}

/** Work-queue key of a flag set: `namespace/flagSet`. */
export function flagSetKey(namespace: string, flagSet: string): string {
  return `${namespace}/${flagSet}`;
}

/** The set a FeatureFlag event concerns (a flag moved between sets enqueues both, see Controller.watch). */
export function flagSetKeyOfFlag(flag: FeatureFlagObject): string[] {
  const ns = flag.metadata?.namespace;
  return ns ? [flagSetKey(ns, flagSetOf(flag))] : [];
}

/** The set a managed ConfigMap holds, from its label. */
export function flagSetKeyOfConfigMap(cm: ConfigMapObject): string[] {
  const ns = cm.metadata?.namespace;
  const set = cm.metadata?.labels?.[FLAG_SET_LABEL];
  return ns && set ? [flagSetKey(ns, set)] : [];
}

export function observeFlagSet(key: string, src: ObserveSources): FlagSetSnapshot {
  const { namespace = '', name: flagSet } = splitKey(key);
  const flags = src.flags
    .list(namespace)
    .filter((f) => !f.metadata?.deletionTimestamp && flagSetOf(f) === flagSet)
    .map((f) => src.writtenFlags?.fresh(f, namespace, f.metadata?.name ?? '') ?? f);
  const cmName = configMapName(flagSet);
  const cached = src.configMaps.get(namespace, cmName);
  const configMap = src.writtenConfigMaps ? src.writtenConfigMaps.fresh(cached, namespace, cmName) : cached;
  return {
    namespace,
    flagSet,
    flags,
    configMapName: cmName,
    configMap: configMap
      ? {
          ...configMap,
          labels: configMap.metadata?.labels,
          annotations: configMap.metadata?.annotations,
        }
      : undefined,
  };
}
