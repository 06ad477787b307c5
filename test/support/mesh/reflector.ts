import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';

interface Meta {
  metadata?: { namespace?: string; name?: string; resourceVersion?: string };
}

export interface ListResult<T> {
  items: T[];
  resourceVersion: string;
}

const WATCH_TIMEOUT_S = 300;
/** The server ends a watch after WATCH_TIMEOUT_S; one still open well after that hangs on a dead peer. */
const WATCH_STALL_MS = (WATCH_TIMEOUT_S + 60) * 1000;
const MAX_BACKOFF_MS = 5000;

class Gone extends Error {}

/**
 * List, then watch from the list's resourceVersion; re-watch when the stream
 * ends, relist when the server says 410 Gone (or after a failure), and keep
 * an in-memory map of the objects by `namespace/name`.
 */
export class Reflector<T extends Meta> {
  readonly items = new Map<string, T>();
  private stopped = false;
  /** Ends the current watch stream (and settles its promise at once). */
  private cancelWatch: (() => void) | undefined;
  private wake: (() => void) | undefined;
  private syncedOnce!: () => void;
  /** Resolves after the first successful list. */
  readonly synced = new Promise<void>((resolve) => (this.syncedOnce = resolve));
  private loop: Promise<void> | undefined;

  constructor(
    private readonly kc: KubeConfig,
    private readonly kind: string,
    private readonly list: () => Promise<ListResult<T>>,
    private readonly watchPath: string,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelWatch?.();
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let backoff = 250;
    while (!this.stopped) {
      try {
        let rv = await this.relist();
        backoff = 250;
        while (!this.stopped) {
          const started = Date.now();
          rv = await this.watchOnce(rv);
          // A server that ends every watch at once must not be hammered.
          if (Date.now() - started < 1000) await this.sleep(1000);
        }
      } catch (err) {
        if (this.stopped) break;
        if (err instanceof Gone) {
          this.log.info({ kind: this.kind }, 'watch expired (410), relisting');
          continue;
        }
        this.log.warn({ kind: this.kind, err }, 'list/watch failed, retrying');
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private async relist(): Promise<string> {
    const { items, resourceVersion } = await this.list();
    this.items.clear();
    for (const item of items) this.items.set(keyOf(item), item);
    this.syncedOnce();
    this.log.debug({ kind: this.kind, count: items.length, resourceVersion }, 'listed');
    return resourceVersion;
  }

  /** One watch stream; returns the resourceVersion to resume from. */
  private watchOnce(fromRv: string): Promise<string> {
    let rv = fromRv;
    this.log.debug({ kind: this.kind, resourceVersion: rv }, 'watching');
    return new Promise<string>((resolve, reject) => {
      let gone = false;
      let failure: Error | undefined;
      let settled = false;
      let ctrl: AbortController | undefined;
      const stall = setTimeout(() => settle(new Error(`watch ${this.kind}: stream stalled`)), WATCH_STALL_MS);
      const settle = (err: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(stall);
        if (this.cancelWatch === cancel) this.cancelWatch = undefined;
        ctrl?.abort();
        if ((err as { statusCode?: number } | null)?.statusCode === 410) gone = true;
        this.log.debug({ kind: this.kind, resourceVersion: rv, gone, err }, 'watch ended');
        if (this.stopped) resolve(rv);
        else if (gone) reject(new Gone());
        else if (failure) reject(failure);
        else if (err) reject(err instanceof Error ? err : new Error(JSON.stringify(err)));
        else resolve(rv);
      };
      // Scoped to this stream: a late callback of an old stream must not end a newer one.
      const cancel = (): void => settle(null);
      this.cancelWatch = cancel;
      const onEvent = (type: string, obj: T & { code?: number; message?: string }): void => {
        if (settled) return;
        if (type === 'ERROR') {
          gone = obj.code === 410;
          if (!gone) failure = new Error(`watch ${this.kind}: ${obj.message ?? 'error event'}`);
          settle(null);
          return;
        }
        rv = obj.metadata?.resourceVersion ?? rv;
        if (type === 'ADDED' || type === 'MODIFIED') this.items.set(keyOf(obj), obj);
        else if (type === 'DELETED') this.items.delete(keyOf(obj));
      };
      new Watch(this.kc)
        .watch(
          this.watchPath,
          { resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: WATCH_TIMEOUT_S },
          onEvent,
          settle,
        )
        .then((c) => {
          ctrl = c;
          if (settled) c.abort();
        })
        .catch(settle);
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }
}

export function keyOf(obj: Meta): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}
