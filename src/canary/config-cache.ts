/**
 * The ConfigMaps and Secrets a canaried pod template references, from
 * informer caches, so that a change of one starts a rollout at once (Flagger
 * polls them). The caches keep a digest only: metadata and the content hash
 * that goes into the revision, never the data, so watching every ConfigMap
 * and Secret of the watched namespaces costs little memory and the operator
 * holds no Secret values. Act reads the content fresh when it copies it.
 *
 * The Secret informer starts on first use: a cluster without a canaried
 * Secret never lists Secrets, and a chart installed with `rbac.secrets:
 * false` keeps working until a Canary's target mounts one.
 */
import type { Informer } from '../kube/informer.js';
import type { InformerFactory } from '../kube/informer-factory.js';
import type { KubeObject } from '../kube/resource-client.js';
import type { CacheTransform } from '../kube/transform.js';
import { canaryKinds } from './controller-kinds.js';
import { contentHash } from './observe.js';

export type ConfigKind = 'configmap' | 'secret';

/** What the caches hold of a ConfigMap or Secret. */
export type ConfigDigest = KubeObject & { contentHash?: string };

/** Content hashes of tracked configs, as observe reads them. */
export interface ConfigHashes {
  /**
   * Waits (briefly) for the caches of `kinds` to sync; a cache that starts on
   * first use starts here. Optional: a source that is always ready has none.
   */
  prepare?(kinds: ReadonlySet<ConfigKind>): Promise<void>;
  /** The content hash, or undefined when the object does not exist. Throws while the cache is not synced. */
  hash(kind: ConfigKind, namespace: string, name: string): string | undefined;
}

/** How long `prepare` waits for a cache that has just started (a first list of Secrets). */
const PREPARE_WAIT_MS = 10_000;

export const digestTransform: CacheTransform<ConfigDigest> = {
  name: 'content-digest',
  apply(obj) {
    const m = obj.metadata ?? {};
    return {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      metadata: {
        name: m.name,
        namespace: m.namespace,
        uid: m.uid,
        resourceVersion: m.resourceVersion,
        ...(m.labels ? { labels: m.labels } : {}),
      },
      contentHash: contentHash(obj),
    };
  },
};

export class ConfigCaches implements ConfigHashes {
  readonly configMaps: Informer<ConfigDigest>;
  private secrets: Informer<ConfigDigest> | undefined;

  /** `onSecretInformer` is called once, when the Secret informer is created (to watch it). */
  constructor(
    private readonly informers: InformerFactory,
    private readonly onSecretInformer: (inf: Informer<ConfigDigest>) => void,
  ) {
    this.configMaps = informers.informerFor<ConfigDigest>(canaryKinds.configMap, {
      transform: digestTransform,
    });
  }

  async prepare(kinds: ReadonlySet<ConfigKind>): Promise<void> {
    const pending = [...kinds].map((k) => this.informer(k)).filter((i) => !i.hasSynced());
    if (pending.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, PREPARE_WAIT_MS)));
    // Not synced by then: hash() throws and the reconcile is retried with backoff.
    await Promise.race([Promise.all(pending.map((i) => i.waitForSync())), timeout]);
    clearTimeout(timer);
  }

  hash(kind: ConfigKind, namespace: string, name: string): string | undefined {
    const inf = this.informer(kind);
    // An unsynced cache would drop the config from the revision and start a spurious rollout.
    if (!inf.hasSynced())
      throw new Error(
        kind === 'secret'
          ? `Secret cache not synced yet (watching Secrets needs list and watch on secrets; see rbac.secrets)`
          : 'ConfigMap cache not synced yet',
      );
    return inf.get(namespace, name)?.contentHash;
  }

  private informer(kind: ConfigKind): Informer<ConfigDigest> {
    return kind === 'secret' ? this.secretInformer() : this.configMaps;
  }

  private secretInformer(): Informer<ConfigDigest> {
    if (!this.secrets) {
      this.secrets = this.informers.informerFor<ConfigDigest>(canaryKinds.secret, {
        transform: digestTransform,
      });
      this.onSecretInformer(this.secrets);
    }
    return this.secrets;
  }
}
