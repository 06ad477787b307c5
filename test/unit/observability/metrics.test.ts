import { describe, expect, it } from 'vitest';
import { createMetrics, queueMetrics } from '../../../src/observability/metrics.js';

describe('runtime metrics', () => {
  it('each call gets its own registry (tests and embedders do not collide)', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.reconcileTotal.inc({ controller: 'x', result: 'success' });
    expect((await b.reconcileTotal.get()).values).toHaveLength(0);
  });

  it('queueMetrics binds the queue hooks to one queue name', async () => {
    const m = createMetrics();
    const q = queueMetrics(m, 'canary');
    q.added();
    q.added();
    q.retried();
    q.depth(3);
    q.waited(0.5);
    const text = await m.registry.metrics();
    expect(text).toContain('fledge_workqueue_adds_total{name="canary"} 2');
    expect(text).toContain('fledge_workqueue_retries_total{name="canary"} 1');
    expect(text).toContain('fledge_workqueue_depth{name="canary"} 3');
    expect(text).toContain('fledge_workqueue_queue_duration_seconds_count{name="canary"} 1');
  });
});
