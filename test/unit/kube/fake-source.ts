import type { ListWatcher } from '../../../src/kube/informer.js';
import type { KubeObject, ListResult, WatchEvent, WatchOptions } from '../../../src/kube/resource-client.js';
import type { WatchStream } from '../../../src/kube/rest.js';

export interface Watch {
  opts: WatchOptions;
  send(e: WatchEvent<KubeObject>): void;
  end(err?: Error): void;
  ended: boolean;
}

/** An in-memory list/watch source: pure code standing in for the apiserver's protocol. */
export class FakeSource implements ListWatcher<KubeObject> {
  readonly kind = { kind: 'ConfigMap', plural: 'configmaps' };
  readonly objects = new Map<string, KubeObject>();
  rv = 10;
  lists: (string | undefined)[] = [];
  watches: Watch[] = [];
  listError: Error | undefined;

  put(name: string, ns = 'default'): KubeObject {
    const obj = { metadata: { name, namespace: ns, resourceVersion: String(++this.rv) } };
    this.objects.set(`${ns}/${name}`, obj);
    return obj;
  }

  list(namespace: string | undefined): Promise<ListResult<KubeObject>> {
    this.lists.push(namespace);
    if (this.listError) return Promise.reject(this.listError);
    const items = [...this.objects.values()].filter((o) => !namespace || o.metadata?.namespace === namespace);
    return Promise.resolve({ items, resourceVersion: String(this.rv) });
  }

  watch(
    _ns: string | undefined,
    opts: WatchOptions,
    onEvent: (e: WatchEvent<KubeObject>) => void,
  ): Promise<WatchStream> {
    let resolve!: () => void;
    let reject!: (e: Error) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const w: Watch = {
      opts,
      ended: false,
      send: (e) => onEvent(e),
      end: (err) => {
        if (w.ended) return;
        w.ended = true;
        if (err) reject(err);
        else resolve();
      },
    };
    this.watches.push(w);
    return Promise.resolve({ done, abort: () => w.end() });
  }

  get current(): Watch {
    const w = this.watches.at(-1);
    if (!w) throw new Error('no watch');
    return w;
  }
}
