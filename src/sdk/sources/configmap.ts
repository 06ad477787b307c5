import type { KubeConfig } from '@kubernetes/client-node';
import type { FlagSource, SourceListener } from './types.js';
import { SourceError } from './types.js';

export interface ConfigMapSourceOptions {
  /** ConfigMap name, e.g. `fledge-flags-default`. */
  name: string;
  namespace: string;
  /** Data key holding flags.json. Default `flags.json`. */
  key?: string;
  /** Defaults to the in-cluster config or ~/.kube/config (`loadFromDefault`). */
  kubeConfig?: KubeConfig;
  /** Longest wait between reconnect attempts. Default 5000 ms. */
  maxBackoffMs?: number;
}

type ConfigMapLike = { data?: Record<string, string>; metadata?: { resourceVersion?: string } };

/**
 * flags.json read straight from the API: list once, then watch that one
 * ConfigMap by name, so an update reaches the workload as soon as the API
 * server commits it (no kubelet sync delay). Reconnects with backoff and
 * re-lists when the watch expires. `@kubernetes/client-node` is imported
 * lazily so workloads that use a file source never load it.
 */
export class ConfigMapSource implements FlagSource {
  readonly name: string;
  private closed = false;
  private abort: AbortController | undefined;
  private retry: NodeJS.Timeout | undefined;
  private failures = 0;
  private lastText: string | undefined;

  constructor(private readonly options: ConfigMapSourceOptions) {
    this.name = `configmap:${options.namespace}/${options.name}`;
  }

  async start(listener: SourceListener): Promise<void> {
    const k8s = await import('@kubernetes/client-node');
    let kc = this.options.kubeConfig;
    if (!kc) {
      kc = new k8s.KubeConfig();
      kc.loadFromDefault();
    }
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const watcher = new k8s.Watch(kc);
    const { name, namespace } = this.options;
    const fieldSelector = `metadata.name=${name}`;

    const deliver = (cm: ConfigMapLike): void => {
      const text = cm.data?.[this.options.key ?? 'flags.json'];
      if (text === undefined) {
        listener.error(
          new SourceError(
            this.name,
            `has no key "${this.options.key ?? 'flags.json'}"; keeping the last good flags`,
          ),
        );
        return;
      }
      if (text === this.lastText) return;
      this.lastText = text;
      listener.config(text);
    };

    const reconnect = (reason: string): void => {
      if (this.closed) return;
      this.failures++;
      const delay = Math.min(100 * 2 ** Math.min(this.failures, 6), this.options.maxBackoffMs ?? 5000);
      if (this.failures > 1)
        listener.error(new SourceError(this.name, `${reason}; reconnecting in ${delay} ms`));
      this.retry = setTimeout(() => void connect(), delay);
      this.retry.unref();
    };

    const connect = async (): Promise<void> => {
      if (this.closed) return;
      let resourceVersion: string | undefined;
      try {
        const list = await core.listNamespacedConfigMap({ namespace, fieldSelector });
        resourceVersion = list.metadata?.resourceVersion;
        const cm = list.items[0];
        if (cm) deliver(cm);
        else listener.error(new SourceError(this.name, 'not found; waiting for it to be created'));
      } catch (err) {
        listener.error(new SourceError(this.name, `list failed: ${describe(err)}`, { cause: err }));
        reconnect('list failed');
        return;
      }
      if (this.closed) return;
      try {
        this.abort = await watcher.watch(
          `/api/v1/namespaces/${namespace}/configmaps`,
          { fieldSelector, resourceVersion, allowWatchBookmarks: true },
          (phase, obj: ConfigMapLike) => {
            this.failures = 0;
            if (phase === 'ADDED' || phase === 'MODIFIED') deliver(obj);
            else if (phase === 'DELETED')
              listener.error(new SourceError(this.name, 'was deleted; keeping the last good flags'));
          },
          (err: unknown) => reconnect(err ? `watch ended: ${describe(err)}` : 'watch ended'),
        );
        this.failures = 0;
      } catch (err) {
        reconnect(`watch failed: ${describe(err)}`);
      }
    };

    await connect();
  }

  close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    this.abort?.abort();
    return Promise.resolve();
  }
}

function describe(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && 'body' in err) {
    return `HTTP ${String((err as { code: unknown }).code)}: ${JSON.stringify((err as { body: unknown }).body)}`;
  }
  return err instanceof Error ? err.message : String(err);
}

export function configMapSource(options: ConfigMapSourceOptions): ConfigMapSource {
  return new ConfigMapSource(options);
}
