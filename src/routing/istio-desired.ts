/**
 * The desired VirtualService and DestinationRules of a Canary, and the merge
 * of Fledge's fields into what exists. Weights are never part of the merge:
 * they belong to setRoutes, so a resync cannot reset a rollout in flight.
 */
import type { Canary } from '../api/canary.js';
import { parseDurationMs } from '../api/duration.js';
import { managedAnnotations, managedLabels } from '../kube/managed-by.js';
import type { OwnerReference } from '../kube/owners.js';
import {
  applyRoutes,
  apexRouteIndex,
  readRoutes,
  weightedRoute,
  weightedRouteIndex,
} from './istio-routes.js';
import {
  ADOPTED_BY,
  AB_ROUTE,
  ORIGINAL_ROUTE,
  WEIGHTED_ROUTE,
  type DestinationRule,
  type HttpRoute,
  type VirtualService,
} from './istio-types.js';
import type { RoutingNames } from './names.js';
import type { RouteSpec } from './types.js';

/** Route fields written from `spec.service`; unset in the spec = absent on an owned route. */
const ROUTE_FIELDS = ['match', 'retries', 'timeout', 'headers', 'corsPolicy'] as const;

function routeFields(canary: Canary): Partial<HttpRoute> {
  const s = canary.spec.service;
  const timeoutMs = s.timeout !== undefined ? parseDurationMs(s.timeout) : undefined;
  const retries = s.retries?.perTryTimeout
    ? { ...s.retries, perTryTimeout: istioDuration(s.retries.perTryTimeout) }
    : s.retries;
  return {
    ...(s.match ? { match: s.match } : {}),
    ...(retries ? { retries } : {}),
    // Istio wants protobuf durations ("1.5s"); the Canary allows "1m30s".
    ...(timeoutMs !== undefined ? { timeout: `${timeoutMs / 1000}s` } : {}),
    ...(s.headers ? { headers: s.headers } : {}),
    ...(s.corsPolicy ? { corsPolicy: s.corsPolicy } : {}),
  };
}

function istioDuration(d: string): string {
  const ms = parseDurationMs(d);
  return ms === undefined ? d : `${ms / 1000}s`;
}

/** Hosts: the apex Service first, then `spec.service.hosts`, without duplicates. */
export function desiredHosts(canary: Canary, names: RoutingNames): string[] {
  return [...new Set([names.apex, ...(canary.spec.service.hosts ?? [])])];
}

/** A new VirtualService: 100 % to primary. */
export function newVirtualService(
  canary: Canary,
  names: RoutingNames,
  owner: OwnerReference,
): VirtualService {
  const gateways = canary.spec.service.gateways ?? [];
  const base: HttpRoute = { name: WEIGHTED_ROUTE, ...routeFields(canary) };
  return {
    metadata: {
      name: names.apex,
      namespace: names.namespace,
      labels: managedLabels(canary.metadata.name ?? ''),
      annotations: managedAnnotations(),
      ownerReferences: [owner],
    },
    spec: {
      hosts: desiredHosts(canary, names),
      ...(gateways.length > 0 ? { gateways } : {}),
      http: [weightedRoute(base, names, { primary: 100, canary: 0 })],
    },
  };
}

/**
 * `existing` with Fledge's fields brought up to date, weights, A/B route and
 * mirror as they are. An owned VirtualService gets hosts, gateways and the
 * route fields from the spec (removed when the spec drops them); an adopted
 * one only gets what the spec sets, and keeps its hosts and gateways. Undefined
 * when an adopted VirtualService has no route Fledge could take over.
 */
export function mergeVirtualService(
  existing: VirtualService,
  canary: Canary,
  names: RoutingNames,
  adopted: boolean,
): VirtualService | undefined {
  const http = existing.spec?.http ?? [];
  const seen = readRoutes(existing, names);
  const i =
    weightedRouteIndex(http, names) >= 0 ? weightedRouteIndex(http, names) : apexRouteIndex(http, names);
  const current = http[i];
  if (!current) return undefined;
  const wanted = routeFields(canary);
  const base: HttpRoute = { ...current };
  if (!adopted) {
    base.name = WEIGHTED_ROUTE;
    for (const f of ROUTE_FIELDS) delete base[f];
  }
  Object.assign(base, wanted);
  const keepWeights = weightedRouteIndex(http, names) >= 0;
  const weights: RouteSpec = keepWeights
    ? {
        primary: seen.primary,
        canary: seen.canary,
        mirrorWeight: seen.mirrorWeight,
        match: (http.find((r) => r.name === AB_ROUTE)?.match ?? undefined) as RouteSpec['match'],
      }
    : { primary: 100, canary: 0 };
  const list = [...http];
  list[i] = weightedRoute(base, names, weights);
  // A weight sum that is broken on the cluster is repaired by setRoutes, not here.
  const rebuilt = applyRoutes(list, names, weights) ?? list;
  const spec = { ...existing.spec, http: rebuilt };
  if (!adopted) {
    const gateways = canary.spec.service.gateways ?? [];
    spec.hosts = desiredHosts(canary, names);
    if (gateways.length > 0) spec.gateways = gateways;
    else delete spec.gateways;
  }
  return { ...existing, spec };
}

/** Metadata marking an adopted VirtualService, with its route as the user wrote it (for finalize). */
export function adoptionAnnotations(existing: VirtualService, canary: Canary, names: RoutingNames) {
  const annotations = existing.metadata?.annotations ?? {};
  if (annotations[ADOPTED_BY]) return annotations;
  const http = existing.spec?.http ?? [];
  const original = http[apexRouteIndex(http, names)];
  return {
    ...annotations,
    [ADOPTED_BY]: canary.metadata.name,
    ...(original ? { [ORIGINAL_ROUTE]: JSON.stringify(original) } : {}),
  };
}

/** Whether Fledge's fields differ; weights are equal by construction of the merge. */
export function virtualServiceDiffers(existing: VirtualService, merged: VirtualService): boolean {
  return JSON.stringify(canonical(existing.spec)) !== JSON.stringify(canonical(merged.spec));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

export function desiredDestinationRule(
  canary: Canary,
  names: RoutingNames,
  host: string,
  owner: OwnerReference,
): DestinationRule {
  const trafficPolicy = canary.spec.service.trafficPolicy;
  return {
    metadata: {
      name: host,
      namespace: names.namespace,
      labels: managedLabels(canary.metadata.name ?? ''),
      annotations: managedAnnotations(),
      ownerReferences: [owner],
    },
    spec: { host, ...(trafficPolicy ? { trafficPolicy } : {}) },
  };
}
