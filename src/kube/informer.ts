import type { Logger } from 'pino';
import { isGone, errorMessage } from './api-error.js';
import { realClock, sleep, type Clock, type TimerHandle } from './clock.js';
import type { KubeObject, ListResult, WatchEvent, WatchOptions } from './resource-client.js';
import type { WatchStream } from './rest.js';
import { ObjectCache, keyOf } from './object-cache.js';

/** What an informer needs from the API: satisfied by ResourceClient. */
export interface ListWatcher<T extends KubeObject> {
  readonly kind: { kind: string; plural: string };
  list(namespace: string | undefined, opts: { labelSelector?: string }): Promise<ListResult<T>>;
  watch(
    namespace: string | undefined,
    opts: WatchOptions,
    onEvent: (e: WatchEvent<T>) => void,
  ): Promise<WatchStream>;
}

export interface InformerHandlers<T> {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  delete?(obj: T): void;
}

export interface InformerOptions {
  /** Namespaces to watch; all namespaces when absent or empty. */
  namespaces?: readonly string[];
  labelSelector?: string;
  /** Every this often, `update(obj, obj)` is emitted for each cached object. 0 disables. */
  resyncPeriodMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  clock?: Clock;
  logger: Logger;
}

/** Status object sent as an ERROR watch event. */
interface WatchStatus {
  code?: number;
  reason?: string;
  message?: string;
}

class WatchExpired extends Error {}

/**
 * A cache of one kind kept current by LIST + WATCH, like client-go's
 * reflector + indexer, with the 410 handling visible rather than hidden:
 * - list, then watch from the listed resourceVersion (bookmarks on);
 * - when a watch ends, watch again from the last resourceVersion seen;
 * - on 410 Gone, list again; objects that vanished in the gap get a delete;
 * - errors back off exponentially (never a hot loop);
 * - every `resyncPeriodMs`, each cached object is re-announced as an update.
 */
export class Informer<T extends KubeObject> {
  readonly cache = new ObjectCache<T>();
  private readonly handlers: InformerHandlers<T>[] = [];
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly stopper = new AbortController();
  private readonly synced = new Set<string>();
  private readonly streams = new Set<WatchStream>();
  private readonly loops: Promise<void>[] = [];
  private readonly syncWaiters: (() => void)[] = [];
  private resyncTimer: TimerHandle;
  private started = false;

  constructor(
    private readonly lw: ListWatcher<T>,
    private readonly opts: InformerOptions,
  ) {
    this.clock = opts.clock ?? realClock;
    this.log = opts.logger.child({ informer: lw.kind.plural });
  }

  private get scopes(): (string | undefined)[] {
    return this.opts.namespaces?.length ? [...this.opts.namespaces] : [undefined];
  }

  on(handlers: InformerHandlers<T>): this {
    this.handlers.push(handlers);
    // A handler added late still hears about what is already cached.
    if (this.started) for (const obj of this.cache.list()) handlers.add?.(obj);
    return this;
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.cache.get(namespace, name);
  }

  list(namespace?: string): T[] {
    return this.cache.list(namespace);
  }

  hasSynced(): boolean {
    return this.synced.size === this.scopes.length;
  }

  waitForSync(): Promise<void> {
    if (this.hasSynced()) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  start(): this {
    if (this.started) return this;
    this.started = true;
    for (const ns of this.scopes) this.loops.push(this.run(ns));
    this.scheduleResync();
    return this;
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    this.clock.clearTimeout(this.resyncTimer);
    for (const s of this.streams) s.abort();
    await Promise.allSettled(this.loops);
    for (const w of this.syncWaiters.splice(0)) w();
  }

  private get stopped(): boolean {
    return this.stopper.signal.aborted;
  }

  private async run(ns: string | undefined): Promise<void> {
    const scope = ns ?? '*';
    const base = this.opts.backoffBaseMs ?? 200;
    const max = this.opts.backoffMaxMs ?? 30_000;
    let delay = base;
    let rv: string | undefined;
    // 410s in a row with no good watch between them: back off from the second on.
    let goneStreak = 0;
    while (!this.stopped) {
      try {
        if (rv === undefined) {
          rv = await this.relist(ns);
          if (!this.synced.has(scope)) {
            this.synced.add(scope);
            if (this.hasSynced()) for (const w of this.syncWaiters.splice(0)) w();
          }
        }
        const started = this.clock.now();
        const { lastRv, events } = await this.watchOnce(ns, rv);
        rv = lastRv;
        // A watch that ends at once without news is a server refusing us
        // quietly; treat it like an error so we do not spin.
        if (events === 0 && this.clock.now() - started < 1000) throw new Error('watch closed immediately');
        delay = base;
        goneStreak = 0;
      } catch (err) {
        if (this.stopped) break;
        if ((err instanceof WatchExpired || isGone(err)) && goneStreak++ === 0) {
          this.log.info({ namespace: ns, resourceVersion: rv }, 'watch expired (410 Gone), relisting');
          rv = undefined;
          continue;
        }
        if (isGone(err) || err instanceof WatchExpired) rv = undefined;
        this.log.warn(
          { namespace: ns, err: errorMessage(err), retryInMs: delay },
          'list/watch failed, retrying',
        );
        await sleep(this.clock, delay, this.stopper.signal);
        delay = Math.min(max, delay * 2);
      }
    }
  }

  /** Lists and reconciles the cache with the result; returns the list's resourceVersion. */
  private async relist(ns: string | undefined): Promise<string> {
    const { items, resourceVersion } = await this.lw.list(ns, { labelSelector: this.opts.labelSelector });
    if (this.stopped) return resourceVersion;
    const seen = new Set<string>();
    for (const obj of items) {
      seen.add(keyOf(obj));
      this.upsert(obj);
    }
    for (const old of this.cache.list(ns)) {
      if (!seen.has(keyOf(old))) {
        this.cache.delete(old);
        this.emit((h) => h.delete?.(old));
      }
    }
    this.log.debug({ namespace: ns, count: items.length, resourceVersion }, 'listed');
    return resourceVersion;
  }

  private watchOnce(ns: string | undefined, rv: string): Promise<{ lastRv: string; events: number }> {
    let lastRv = rv;
    let events = 0;
    let expired: WatchExpired | undefined;
    let failure: Error | undefined;
    let stream: WatchStream | undefined;
    return new Promise((resolve, reject) => {
      this.lw
        .watch(
          ns,
          {
            resourceVersion: rv,
            labelSelector: this.opts.labelSelector,
            allowWatchBookmarks: true,
            // Spread re-watches over time like client-go (5–10 min).
            timeoutSeconds: 300 + Math.floor(Math.random() * 300),
          },
          (e) => {
            events++;
            if (e.type === 'ERROR') {
              const st = (e.object ?? {}) as WatchStatus;
              if (st.code === 410 || st.reason === 'Expired' || st.reason === 'Gone')
                expired = new WatchExpired(st.message);
              else
                failure = new Error(`watch error ${st.code ?? '?'} ${st.reason ?? ''}: ${st.message ?? ''}`);
              stream?.abort();
              return;
            }
            const obj = e.object;
            const objRv = obj.metadata?.resourceVersion;
            if (objRv) lastRv = objRv;
            if (e.type === 'ADDED' || e.type === 'MODIFIED') this.upsert(obj);
            else if (e.type === 'DELETED') {
              const old = this.cache.get(obj.metadata?.namespace, obj.metadata?.name ?? '');
              this.cache.delete(obj);
              this.emit((h) => h.delete?.(old ?? obj));
            }
          },
        )
        .then((s) => {
          stream = s;
          this.streams.add(s);
          if (this.stopped || expired || failure) s.abort();
          return s.done.finally(() => this.streams.delete(s));
        })
        .then(
          () => (expired ? reject(expired) : failure ? reject(failure) : resolve({ lastRv, events })),
          (err: unknown) => reject(expired ?? (err instanceof Error ? err : new Error(String(err)))),
        );
    });
  }

  private upsert(obj: T): void {
    const old = this.cache.get(obj.metadata?.namespace, obj.metadata?.name ?? '');
    this.cache.set(obj);
    if (!old) this.emit((h) => h.add?.(obj));
    else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion)
      this.emit((h) => h.update?.(old, obj));
  }

  private emit(fn: (h: InformerHandlers<T>) => void): void {
    for (const h of this.handlers) {
      try {
        fn(h);
      } catch (err) {
        // A broken handler must not take the informer down with it.
        this.log.error({ err: errorMessage(err) }, 'informer event handler threw');
      }
    }
  }

  private scheduleResync(): void {
    const period = this.opts.resyncPeriodMs ?? 0;
    if (period <= 0 || this.stopped) return;
    this.resyncTimer = this.clock.setTimeout(() => {
      if (this.stopped) return;
      for (const obj of this.cache.list()) this.emit((h) => h.update?.(obj, obj));
      this.scheduleResync();
    }, period);
  }
}
