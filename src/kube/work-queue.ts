import { realClock, type Clock, type TimerHandle } from './clock.js';
import { ItemBackoff, TokenBucket } from './rate-limiter.js';

/** Hooks the queue reports through (prom-client in production, nothing in tests). */
export interface QueueMetrics {
  depth(n: number): void;
  added(): void;
  retried(): void;
  /** Seconds a key waited between being queued and handed to a worker. */
  waited(seconds: number): void;
}

export interface WorkQueueOptions {
  clock?: Clock;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Global retry rate limit (token bucket). */
  qps?: number;
  burst?: number;
  metrics?: QueueMetrics;
}

/**
 * A queue of keys (`namespace/name`) with client-go's semantics:
 * - a key is queued at most once (dedupe);
 * - a key is handed to one worker at a time; if it is added again while being
 *   processed, it is queued again when that worker calls `done`;
 * - `addRateLimited` retries with per-key exponential backoff, and no faster
 *   than a global token bucket allows; `forget` resets the key's backoff;
 * - `addAfter` delays a key; when several delays are pending the earliest wins;
 * - `shutDown` stops handing out work and resolves once in-flight keys are done.
 */
export class WorkQueue {
  private readonly clock: Clock;
  private readonly backoff: ItemBackoff;
  private readonly bucket: TokenBucket;
  private readonly metrics: QueueMetrics | undefined;
  private readonly queue: string[] = [];
  /** Keys that need processing, with when they were queued. */
  private readonly dirty = new Map<string, number>();
  private readonly processing = new Set<string>();
  private readonly delayed = new Map<string, { at: number; handle: TimerHandle }>();
  private readonly getters: ((key: string | undefined) => void)[] = [];
  private drained: (() => void) | undefined;
  private shuttingDown = false;

  constructor(opts: WorkQueueOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.backoff = new ItemBackoff(opts.backoffBaseMs, opts.backoffMaxMs);
    this.bucket = new TokenBucket(this.clock, opts.qps, opts.burst);
    this.metrics = opts.metrics;
  }

  get length(): number {
    return this.queue.length;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  add(key: string): void {
    if (this.shuttingDown) return;
    this.metrics?.added();
    if (this.dirty.has(key)) return;
    this.dirty.set(key, this.clock.now());
    if (this.processing.has(key)) return;
    this.push(key);
  }

  /** Adds `key` after `ms`; an earlier pending delay for the same key is kept. */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) return this.add(key);
    const at = this.clock.now() + ms;
    const pending = this.delayed.get(key);
    if (pending && pending.at <= at) return;
    if (pending) this.clock.clearTimeout(pending.handle);
    const handle = this.clock.setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    this.delayed.set(key, { at, handle });
  }

  /** Re-queues a failed key after max(its backoff, the global rate limit). */
  addRateLimited(key: string): void {
    if (this.shuttingDown) return;
    this.metrics?.retried();
    this.addAfter(key, Math.max(this.backoff.next(key), this.bucket.reserve()));
  }

  /** Clears the key's failure count (call after a successful reconcile). */
  forget(key: string): void {
    this.backoff.forget(key);
  }

  numRequeues(key: string): number {
    return this.backoff.retries(key);
  }

  /** The next key to process, or undefined once the queue is shutting down. */
  get(): Promise<string | undefined> {
    if (this.shuttingDown) return Promise.resolve(undefined);
    const key = this.queue.shift();
    if (key !== undefined) return Promise.resolve(this.take(key));
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Marks `key` as processed; re-queues it if it was added meanwhile. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key) && !this.shuttingDown) this.push(key);
    if (this.shuttingDown && this.processing.size === 0) this.drained?.();
  }

  /** Stops accepting and handing out keys; resolves when in-flight keys are done. */
  shutDown(): Promise<void> {
    this.shuttingDown = true;
    for (const { handle } of this.delayed.values()) this.clock.clearTimeout(handle);
    this.delayed.clear();
    for (const g of this.getters.splice(0)) g(undefined);
    if (this.processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.drained = resolve;
    });
  }

  private push(key: string): void {
    const getter = this.getters.shift();
    if (getter) getter(this.take(key));
    else {
      this.queue.push(key);
      this.metrics?.depth(this.queue.length);
    }
  }

  private take(key: string): string {
    const queuedAt = this.dirty.get(key);
    this.dirty.delete(key);
    this.processing.add(key);
    this.metrics?.depth(this.queue.length);
    if (queuedAt !== undefined) this.metrics?.waited((this.clock.now() - queuedAt) / 1000);
    return key;
  }
}
