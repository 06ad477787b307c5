/**
 * The shape of `GET /v1/state`, shared by the server and the typed client.
 * Counts are cumulative since the traffic was first set (or since a reset).
 */
import type { TrafficSpec, WorkloadSpec } from './config.js';

/** response code → requests, e.g. { "200": 812, "500": 203 }. */
export type CodeCounts = Record<string, number>;

export interface TrafficCounts {
  /** Requests generated (mirrored copies not included). */
  total: number;
  /** `namespace/workload` → codes: requests a destination workload answered. */
  sent: Record<string, CodeCounts>;
  /**
   * Destination host as written in the route (`host` or `host/subset`) →
   * requests that failed 503 UH because no ready workload was behind it.
   */
  unroutable: Record<string, number>;
  /** Requests no http route matched (Envoy's 404 NR). */
  noRoute: number;
  /** Requests answered by the proxy itself (directResponse, redirect), by code. */
  proxyResponses: CodeCounts;
  /** `namespace/workload` → codes: mirrored copies a workload answered. */
  mirrored: Record<string, CodeCounts>;
  /** Mirror host → copies dropped because nothing ready was behind it. */
  mirrorUnroutable: Record<string, number>;
}

export interface RouteDestinationState {
  host: string;
  subset?: string;
  /** As written; a lone destination without a weight shows 100. */
  weight: number;
  /** `namespace/workload` (ready replicas) it resolves to right now. */
  workloads: Array<{ workload: string; ready: number }>;
  /** Why requests to it fail, when they do. */
  unroutable?: string;
}

export interface RouteState {
  name?: string;
  match?: unknown[];
  destinations: RouteDestinationState[];
  mirrors: Array<{ host: string; subset?: string; percent: number }>;
}

export interface VirtualServiceState {
  namespace: string;
  name: string;
  traffic: TrafficSpec;
  /** False while the VirtualService does not exist (traffic waits for it). */
  found: boolean;
  /** Set when the VirtualService's spec could not be read. */
  error?: string;
  hosts: string[];
  routes: RouteState[];
  counts: TrafficCounts;
}

export interface WorkloadState extends WorkloadSpec {
  namespace: string;
  name: string;
}

export interface MeshState {
  limits: { maxRps: number; maxTotalRps: number };
  totalRps: number;
  virtualServices: VirtualServiceState[];
  workloads: WorkloadState[];
}

export function emptyCounts(): TrafficCounts {
  return {
    total: 0,
    sent: {},
    unroutable: {},
    noRoute: 0,
    proxyResponses: {},
    mirrored: {},
    mirrorUnroutable: {},
  };
}
