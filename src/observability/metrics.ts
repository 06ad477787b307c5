import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { QueueMetrics } from '../kube/work-queue.js';

/**
 * Every metric the runtime exports, on one registry. A registry per process
 * (not prom-client's global one) keeps tests independent and lets a library
 * user mount Fledge's metrics next to their own.
 */
export interface RuntimeMetrics {
  registry: Registry;
  reconcileTotal: Counter<'controller' | 'result'>;
  reconcileErrors: Counter<'controller'>;
  reconcileDuration: Histogram<'controller'>;
  queueDepth: Gauge<'name'>;
  queueAdds: Counter<'name'>;
  queueRetries: Counter<'name'>;
  queueDuration: Histogram<'name'>;
  statusConflicts: Counter<'kind'>;
  leader: Gauge<'id'>;
  buildInfo: Gauge<'version' | 'node'>;
}

export function createMetrics(opts: { version?: string; defaultMetrics?: boolean } = {}): RuntimeMetrics {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const m: RuntimeMetrics = {
    registry,
    reconcileTotal: new Counter({
      name: 'fledge_reconcile_total',
      help: 'Reconciles by controller and result (success, requeue, error, terminal).',
      labelNames: ['controller', 'result'],
      registers,
    }),
    reconcileErrors: new Counter({
      name: 'fledge_reconcile_errors_total',
      help: 'Reconciles that threw (retried or terminal).',
      labelNames: ['controller'],
      registers,
    }),
    reconcileDuration: new Histogram({
      name: 'fledge_reconcile_duration_seconds',
      help: 'Time spent in one reconcile.',
      labelNames: ['controller'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'fledge_workqueue_depth',
      help: 'Keys waiting in the work queue.',
      labelNames: ['name'],
      registers,
    }),
    queueAdds: new Counter({
      name: 'fledge_workqueue_adds_total',
      help: 'Keys added to the work queue.',
      labelNames: ['name'],
      registers,
    }),
    queueRetries: new Counter({
      name: 'fledge_workqueue_retries_total',
      help: 'Keys re-queued with backoff after an error.',
      labelNames: ['name'],
      registers,
    }),
    queueDuration: new Histogram({
      name: 'fledge_workqueue_queue_duration_seconds',
      help: 'Time a key waited in the queue before a worker took it.',
      labelNames: ['name'],
      buckets: [0.001, 0.01, 0.1, 0.5, 1, 5, 10, 60, 300],
      registers,
    }),
    statusConflicts: new Counter({
      name: 'fledge_status_update_conflicts_total',
      help: 'Status writes that hit a 409 Conflict and were retried from fresh state.',
      labelNames: ['kind'],
      registers,
    }),
    leader: new Gauge({
      name: 'fledge_leader',
      help: '1 while this replica holds the leader Lease.',
      labelNames: ['id'],
      registers,
    }),
    buildInfo: new Gauge({
      name: 'fledge_build_info',
      help: 'Always 1; labels say what is running.',
      labelNames: ['version', 'node'],
      registers,
    }),
  };
  m.buildInfo.set({ version: opts.version ?? 'unknown', node: process.version }, 1);
  return m;
}

/** Binds the queue's hooks to the registry for the queue called `name`. */
export function queueMetrics(m: RuntimeMetrics, name: string): QueueMetrics {
  return {
    depth: (n) => m.queueDepth.set({ name }, n),
    added: () => m.queueAdds.inc({ name }),
    retried: () => m.queueRetries.inc({ name }),
    waited: (s) => m.queueDuration.observe({ name }, s),
  };
}
