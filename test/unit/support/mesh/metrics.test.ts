import { describe, expect, it } from 'vitest';
import {
  ISTIO_DURATION_BUCKETS,
  ISTIO_LABELS,
  istioLabels,
  MeshMetrics,
} from '../../../support/mesh/metrics.js';
import { workloadInfo } from '../../../support/mesh/resolve.js';
import { deployment } from './fixtures.js';

const canary = workloadInfo(deployment('shop', 'checkout', { app: 'checkout', version: 'v2' }, 1));

describe('istioLabels', () => {
  it('labels a served request like a destination sidecar does', () => {
    const labels = istioLabels({
      reporter: 'destination',
      sourceNamespace: 'shop',
      service: { name: 'checkout-canary', namespace: 'shop' },
      workload: canary,
      code: 500,
      flags: '-',
    });
    expect(Object.keys(labels).sort()).toEqual([...ISTIO_LABELS].sort());
    expect(labels).toMatchObject({
      reporter: 'destination',
      source_workload: 'mesh-simulator',
      source_workload_namespace: 'shop',
      destination_workload: 'checkout',
      destination_workload_namespace: 'shop',
      destination_service: 'checkout-canary.shop.svc.cluster.local',
      destination_service_name: 'checkout-canary',
      destination_service_namespace: 'shop',
      destination_app: 'checkout',
      destination_version: 'v2',
      destination_principal: 'spiffe://cluster.local/ns/shop/sa/default',
      request_protocol: 'http',
      response_code: '500',
      response_flags: '-',
      connection_security_policy: 'mutual_tls',
    });
  });

  it('labels a request no upstream took like the client sidecar does', () => {
    const labels = istioLabels({
      reporter: 'source',
      sourceNamespace: 'shop',
      service: { name: 'checkout-canary', namespace: 'shop' },
      workload: undefined,
      code: 503,
      flags: 'UH',
    });
    expect(labels).toMatchObject({
      reporter: 'source',
      destination_workload: 'unknown',
      destination_service: 'checkout-canary.shop.svc.cluster.local',
      response_code: '503',
      response_flags: 'UH',
    });
  });
});

describe('MeshMetrics', () => {
  it('exposes the counter and a histogram with Istio buckets', async () => {
    const m = new MeshMetrics();
    const outcome = {
      reporter: 'destination' as const,
      sourceNamespace: 'shop',
      service: { name: 'checkout', namespace: 'shop' },
      workload: canary,
      code: 200,
      flags: '-',
    };
    m.record(outcome, 7);
    m.record(outcome, 30);
    const text = await m.registry.metrics();
    expect(text).toMatch(/^istio_requests_total\{reporter="destination",.*response_code="200".*\} 2$/m);
    expect(text).toMatch(/^istio_request_duration_milliseconds_bucket\{le="10",.*\} 1$/m);
    expect(text).toMatch(/^istio_request_duration_milliseconds_bucket\{le="50",.*\} 2$/m);
    expect(text).toMatch(/^istio_request_duration_milliseconds_sum\{.*\} 37$/m);
    for (const le of ISTIO_DURATION_BUCKETS) {
      expect(text).toContain(`le="${le}"`);
    }
  });
});
