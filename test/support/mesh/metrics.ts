import { Counter, Histogram, Registry } from 'prom-client';
import type { ServiceRef, WorkloadInfo } from './resolve.js';
import { serviceFqdn } from './resolve.js';
import { SOURCE_WORKLOAD } from './request-gen.js';

/** Istio's standard metric labels, as its sidecars emit them. */
export const ISTIO_LABELS = [
  'reporter',
  'source_workload',
  'source_workload_namespace',
  'source_principal',
  'source_app',
  'source_version',
  'source_cluster',
  'source_canonical_service',
  'source_canonical_revision',
  'destination_workload',
  'destination_workload_namespace',
  'destination_principal',
  'destination_app',
  'destination_version',
  'destination_service',
  'destination_service_name',
  'destination_service_namespace',
  'destination_cluster',
  'destination_canonical_service',
  'destination_canonical_revision',
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'response_flags',
  'connection_security_policy',
] as const;
export type IstioLabels = Record<(typeof ISTIO_LABELS)[number], string>;

/** Istio's default buckets for istio_request_duration_milliseconds. */
export const ISTIO_DURATION_BUCKETS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000,
  3600000,
];

const CLUSTER = 'Kubernetes';
const UNKNOWN = 'unknown';

export interface Outcome {
  reporter: 'source' | 'destination';
  sourceNamespace: string;
  /** The host as written when it names no Service. */
  service: ServiceRef | { host: string };
  /** Undefined when no destination proxy was reached. */
  workload: WorkloadInfo | undefined;
  code: number;
  flags: string;
}

export function istioLabels(o: Outcome): IstioLabels {
  const w = o.workload;
  const svc = 'host' in o.service ? undefined : o.service;
  return {
    reporter: o.reporter,
    source_workload: SOURCE_WORKLOAD,
    source_workload_namespace: o.sourceNamespace,
    source_principal: `spiffe://cluster.local/ns/${o.sourceNamespace}/sa/${SOURCE_WORKLOAD}`,
    source_app: SOURCE_WORKLOAD,
    source_version: UNKNOWN,
    source_cluster: CLUSTER,
    source_canonical_service: SOURCE_WORKLOAD,
    source_canonical_revision: 'latest',
    destination_workload: w?.name ?? UNKNOWN,
    destination_workload_namespace: w?.namespace ?? UNKNOWN,
    destination_principal: w ? `spiffe://cluster.local/ns/${w.namespace}/sa/${w.serviceAccount}` : UNKNOWN,
    destination_app: w?.app ?? UNKNOWN,
    destination_version: w?.version ?? UNKNOWN,
    destination_service: svc ? serviceFqdn(svc) : 'host' in o.service ? o.service.host : UNKNOWN,
    destination_service_name: svc?.name ?? ('host' in o.service ? o.service.host : UNKNOWN),
    destination_service_namespace: svc?.namespace ?? UNKNOWN,
    destination_cluster: w ? CLUSTER : UNKNOWN,
    destination_canonical_service: w?.canonicalService ?? UNKNOWN,
    destination_canonical_revision: w?.canonicalRevision ?? 'latest',
    request_protocol: 'http',
    response_code: String(o.code),
    grpc_response_status: '',
    response_flags: o.flags,
    // A reply that never reached a destination proxy was not over mTLS.
    connection_security_policy: w ? 'mutual_tls' : UNKNOWN,
  };
}

export interface Recorder {
  record(outcome: Outcome, latencyMs: number): void;
  /** Drops every series of one client namespace, as series vanish when a real client pod goes away. */
  forgetSourceNamespace?(namespace: string): void;
  sourceNamespaces?(): string[];
}

/** istio_requests_total and istio_request_duration_milliseconds in a registry of their own. */
export class MeshMetrics implements Recorder {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'istio_requests_total',
    help: 'Requests handled by an Istio proxy (simulated).',
    labelNames: ISTIO_LABELS,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'istio_request_duration_milliseconds',
    help: 'Request duration in milliseconds (simulated).',
    labelNames: ISTIO_LABELS,
    buckets: ISTIO_DURATION_BUCKETS,
    registers: [this.registry],
  });
  // prom-client hashes the label object on every call; a cache of children
  // keeps thousands of requests a second cheap.
  private readonly children = new Map<
    string,
    { labels: IstioLabels; c: { inc(): void }; h: { observe(v: number): void } }
  >();

  record(outcome: Outcome, latencyMs: number): void {
    const labels = istioLabels(outcome);
    const key = ISTIO_LABELS.map((l) => labels[l]).join('\u0000');
    let child = this.children.get(key);
    if (!child) {
      child = { labels, c: this.requests.labels(labels), h: this.duration.labels(labels) };
      this.children.set(key, child);
    }
    child.c.inc();
    child.h.observe(latencyMs);
  }

  forgetSourceNamespace(namespace: string): void {
    for (const [key, child] of this.children) {
      if (child.labels.source_workload_namespace !== namespace) continue;
      this.requests.remove(child.labels);
      this.duration.remove(child.labels);
      this.children.delete(key);
    }
  }

  sourceNamespaces(): string[] {
    return [...new Set([...this.children.values()].map((c) => c.labels.source_workload_namespace))];
  }
}
