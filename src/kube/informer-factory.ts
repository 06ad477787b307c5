import type { Logger } from 'pino';
import type { KubeClient } from './client.js';
import { Informer } from './informer.js';
import type { KubeObject } from './resource-client.js';
import type { ResourceKind } from './resource-kind.js';
import { cacheTransform, transformListWatcher, type CacheTransform } from './transform.js';

/**
 * Hands out one shared informer per (kind, label selector), so two
 * controllers that read Deployments share one watch and one cache.
 */
export class InformerFactory {
  private readonly informers = new Map<string, Informer<KubeObject>>();
  private started = false;

  constructor(
    private readonly client: KubeClient,
    private readonly opts: { namespaces: readonly string[]; logger: Logger; resyncPeriodMs?: number },
  ) {}

  informerFor<T extends KubeObject>(
    kind: ResourceKind,
    opts: { labelSelector?: string; clusterWide?: boolean; transform?: CacheTransform<T> } = {},
  ): Informer<T> {
    const id = `${kind.group}/${kind.version}/${kind.plural}?${opts.labelSelector ?? ''}${opts.clusterWide ? '*' : ''}#${opts.transform?.name ?? ''}`;
    let inf = this.informers.get(id) as Informer<T> | undefined;
    if (!inf) {
      const rc = this.client.resources<T>(kind);
      inf = new Informer<T>(transformListWatcher(rc, cacheTransform(opts.transform)), {
        namespaces: kind.namespaced && !opts.clusterWide ? this.opts.namespaces : [],
        labelSelector: opts.labelSelector,
        resyncPeriodMs: this.opts.resyncPeriodMs ?? 10 * 60_000,
        logger: this.opts.logger,
      });
      this.informers.set(id, inf);
      if (this.started) inf.start();
    }
    return inf;
  }

  start(): void {
    this.started = true;
    for (const i of this.informers.values()) i.start();
  }

  hasSynced(): boolean {
    return [...this.informers.values()].every((i) => i.hasSynced());
  }

  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }
}
