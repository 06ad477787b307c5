import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { TerminalError } from '../api/errors.js';
import type { RuntimeMetrics } from '../observability/metrics.js';
import { queueMetrics } from '../observability/metrics.js';
import { errorMessage } from './api-error.js';
import { realClock, type Clock } from './clock.js';
import type { Informer } from './informer.js';
import { keyOf, splitKey } from './object-cache.js';
import type { KubeObject } from './resource-client.js';
import { WorkQueue, type WorkQueueOptions } from './work-queue.js';

/** What a reconcile may ask for: to be called again after a delay. */
export interface ReconcileResult {
  requeueAfterMs?: number;
}

/** Converges one object; throws to be retried with backoff, or TerminalError to stop retrying. */
export type Reconciler = (key: string, log: Logger) => Promise<ReconcileResult | void>;

export interface ControllerOptions {
  /** Controller name in logs and metrics (`canary`, `featureflag`). */
  name: string;
  /** Kind of the reconciled resource, for logs. */
  kind: string;
  reconcile: Reconciler;
  logger: Logger;
  workers?: number;
  metrics?: RuntimeMetrics;
  clock?: Clock;
  queue?: Omit<WorkQueueOptions, 'clock' | 'metrics'>;
  /** Called when a reconcile throws a TerminalError (e.g. to write status and an Event). Must not throw. */
  onTerminalError?: (key: string, err: TerminalError, log: Logger) => Promise<void> | void;
}

export interface WatchOptions<T extends KubeObject> {
  /**
   * An update (not a resync) for which this returns true enqueues nothing:
   * e.g. the watch bringing back a write the controller made itself, which
   * it has already taken into account.
   */
  ignoreUpdate?: (oldObj: T, newObj: T) => boolean;
}

/**
 * N workers pulling keys from one queue. Errors back off per key; a
 * TerminalError is reported once and not retried; requeueAfter schedules
 * the next look. `stop()` lets in-flight reconciles finish.
 */
export class Controller {
  readonly queue: WorkQueue;
  private readonly log: Logger;
  private readonly clock: Clock;
  private workers: Promise<void>[] = [];
  private readonly informers: Informer<KubeObject>[] = [];

  constructor(private readonly opts: ControllerOptions) {
    this.clock = opts.clock ?? realClock;
    this.log = opts.logger.child({ controller: opts.name });
    this.queue = new WorkQueue({
      ...opts.queue,
      clock: this.clock,
      metrics: opts.metrics ? queueMetrics(opts.metrics, opts.name) : undefined,
    });
  }

  get name(): string {
    return this.opts.name;
  }

  enqueue(key: string): void {
    this.queue.add(key);
  }

  /**
   * Enqueues keys for every event of `informer`: by default the object's own
   * key; pass `mapToKeys` to map an event to other objects (e.g. `ownerKeys`
   * for owned objects, or all flags of a flag set).
   */
  watch<T extends KubeObject>(
    informer: Informer<T>,
    mapToKeys: (obj: T) => string[] = (o) => [keyOf(o)],
    opts: WatchOptions<T> = {},
  ): this {
    const enqueue = (...objs: T[]): void => {
      // Each key once per event: an idle worker takes a key the moment it is
      // added, so adding it twice would reconcile it twice.
      for (const k of new Set(objs.flatMap((o) => mapToKeys(o)))) this.queue.add(k);
    };
    informer.on({
      add: (obj) => enqueue(obj),
      update: (oldObj, newObj) => {
        // A resync re-announces an object as update(obj, obj): never ignored.
        if (oldObj === newObj) return enqueue(newObj);
        if (opts.ignoreUpdate?.(oldObj, newObj)) return;
        // A changed owner reference or label can move an object from one key to another.
        enqueue(newObj, oldObj);
      },
      delete: (obj) => enqueue(obj),
    });
    this.informers.push(informer);
    return this;
  }

  /** Readiness: every watched informer has synced. */
  hasSynced(): boolean {
    return this.informers.every((i) => i.hasSynced());
  }

  /** Starts the workers once the watched informers have synced. */
  async start(): Promise<void> {
    await Promise.all(this.informers.map((i) => i.waitForSync()));
    if (this.queue.isShuttingDown) return;
    const n = Math.max(1, this.opts.workers ?? 2);
    this.workers = Array.from({ length: n }, () => this.work());
    this.log.info({ workers: n }, 'controller started');
  }

  /** Stops taking keys, waits for in-flight reconciles. */
  async stop(): Promise<void> {
    await this.queue.shutDown();
    await Promise.all(this.workers);
    this.log.info('controller stopped');
  }

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        await this.process(key);
      } finally {
        this.queue.done(key);
      }
    }
  }

  /** One reconcile of `key`, with its outcome fed back to the queue. Never throws. */
  async process(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const log = this.log.child({
      kind: this.opts.kind,
      namespace,
      name,
      reconcileId: randomBytes(4).toString('hex'),
    });
    const m = this.opts.metrics;
    const labels = { controller: this.opts.name };
    const started = this.clock.now();
    let result: 'success' | 'requeue' | 'error' | 'terminal';
    try {
      const r = await this.opts.reconcile(key, log);
      this.queue.forget(key);
      if (r?.requeueAfterMs !== undefined && r.requeueAfterMs >= 0) {
        this.queue.addAfter(key, r.requeueAfterMs);
        result = 'requeue';
      } else result = 'success';
      log.debug({ requeueAfterMs: r?.requeueAfterMs }, 'reconciled');
    } catch (err) {
      m?.reconcileErrors.inc(labels);
      if (err instanceof TerminalError) {
        result = 'terminal';
        this.queue.forget(key);
        log.warn({ reason: err.reason, err: err.message }, 'reconcile failed permanently; not retrying');
        try {
          await this.opts.onTerminalError?.(key, err, log);
        } catch (hookErr) {
          log.error({ err: String(hookErr) }, 'onTerminalError hook threw');
        }
      } else {
        result = 'error';
        this.queue.addRateLimited(key);
        log.error(
          { err: errorMessage(err), retries: this.queue.numRequeues(key) },
          'reconcile failed; will retry',
        );
      }
    }
    m?.reconcileTotal.inc({ ...labels, result });
    m?.reconcileDuration.observe(labels, (this.clock.now() - started) / 1000);
  }
}
