/**
 * Pure reading and writing of the weighted route of a VirtualService. Only
 * the weighted route, the A/B route and the mirror are touched; every other
 * route and field stays as it was.
 */
import { hostIs, type RoutingNames } from './names.js';
import { AB_ROUTE, type HttpRoute, type VirtualService } from './istio-types.js';
import type { ObservedRoutes, RouteSpec } from './types.js';

function routesTo(route: HttpRoute, service: string, namespace: string): boolean {
  return (route.route ?? []).some((d) => hostIs(d.destination.host, service, namespace));
}

/** Index of the route carrying primary/canary weights; -1 when there is none. */
export function weightedRouteIndex(http: readonly HttpRoute[], names: RoutingNames): number {
  return http.findIndex(
    (r) =>
      r.name !== AB_ROUTE &&
      (routesTo(r, names.primary, names.namespace) || routesTo(r, names.canary, names.namespace)),
  );
}

/** Index of a route an adopted VirtualService sends to the apex Service (to become the weighted route). */
export function apexRouteIndex(http: readonly HttpRoute[], names: RoutingNames): number {
  const weighted = weightedRouteIndex(http, names);
  if (weighted >= 0) return weighted;
  return http.findIndex((r) => r.name !== AB_ROUTE && routesTo(r, names.apex, names.namespace));
}

function weightOf(route: HttpRoute, service: string, namespace: string): number {
  const dests = route.route ?? [];
  const d = dests.find((x) => hostIs(x.destination.host, service, namespace));
  if (!d) return 0;
  // Istio: a lone destination takes all traffic whatever its weight says.
  return dests.length === 1 ? 100 : (d.weight ?? 0);
}

export function readRoutes(vs: VirtualService | undefined, names: RoutingNames): ObservedRoutes {
  if (!vs) return { exists: false, primary: 0, canary: 0, match: false, error: 'VirtualService not found' };
  const http = vs.spec?.http ?? [];
  const i = weightedRouteIndex(http, names);
  const route = http[i];
  const abRoute = http.find((r) => r.name === AB_ROUTE);
  const match = abRoute !== undefined && routesTo(abRoute, names.canary, names.namespace);
  if (!route) {
    return {
      exists: true,
      primary: 0,
      canary: 0,
      match,
      error: `VirtualService ${names.namespace}/${names.apex} has no route to ${names.primary} and ${names.canary}`,
    };
  }
  const primary = weightOf(route, names.primary, names.namespace);
  const canary = weightOf(route, names.canary, names.namespace);
  const mirrored = route.mirror && hostIs(route.mirror.host, names.canary, names.namespace);
  const mirrorWeight = mirrored ? (route.mirrorPercentage?.value ?? 100) : undefined;
  return {
    exists: true,
    primary,
    canary,
    match,
    ...(mirrorWeight !== undefined ? { mirrorWeight } : {}),
    ...(problem(vs, route, names, primary, canary) ?? {}),
  };
}

function problem(
  vs: VirtualService,
  route: HttpRoute,
  names: RoutingNames,
  primary: number,
  canary: number,
): { error: string } | undefined {
  const where = `VirtualService ${names.namespace}/${names.apex}`;
  const hosts = vs.spec?.hosts ?? [];
  if (hosts.length === 0 || hosts.some((h) => h.trim() === ''))
    return { error: `${where} has an empty host` };
  const dests = route.route ?? [];
  if (dests.some((d) => d.destination.host.trim() === ''))
    return { error: `${where} has a destination with an empty host` };
  const total = dests.reduce((sum, d) => sum + (dests.length === 1 ? 100 : (d.weight ?? 0)), 0);
  if (total !== 100 || primary + canary !== 100)
    return { error: `${where}: weights sum to ${total} (primary ${primary}, canary ${canary}), not 100` };
  return undefined;
}

/** The weighted route with `spec`'s weights and mirror, other fields kept. */
export function weightedRoute(base: HttpRoute, names: RoutingNames, spec: RouteSpec): HttpRoute {
  const {
    route: _route,
    mirror: _mirror,
    mirrorPercentage: _pct,
    mirrorPercent: _legacy,
    mirror_percent: _legacy2,
    ...rest
  } = base;
  const mirror = spec.mirrorWeight !== undefined && spec.mirrorWeight > 0;
  return {
    ...rest,
    route: [
      { destination: { host: names.primary }, weight: spec.primary },
      { destination: { host: names.canary }, weight: spec.canary },
    ],
    ...(mirror ? { mirror: { host: names.canary }, mirrorPercentage: { value: spec.mirrorWeight } } : {}),
  };
}

/** The A/B route: matching requests go to the canary, with the weighted route's policies. */
export function abRoute(weighted: HttpRoute, names: RoutingNames, match: unknown[]): HttpRoute {
  const { name: _n, match: _m, route: _r, mirror: _mi, mirrorPercentage: _mp, ...policies } = weighted;
  return {
    name: AB_ROUTE,
    match,
    route: [{ destination: { host: names.canary }, weight: 100 }],
    ...policies,
  };
}

/**
 * The http list with `spec` applied: the weighted route re-weighted in place,
 * the A/B route added right before it or removed. Undefined when there is no
 * weighted route to patch.
 */
export function applyRoutes(
  http: readonly HttpRoute[],
  names: RoutingNames,
  spec: RouteSpec,
): HttpRoute[] | undefined {
  const withoutAb = http.filter((r) => r.name !== AB_ROUTE);
  const i = weightedRouteIndex(withoutAb, names);
  const base = withoutAb[i];
  if (!base) return undefined;
  const weighted = weightedRoute(base, names, spec);
  const out = [...withoutAb];
  out[i] = weighted;
  if (spec.match && spec.match.length > 0) out.splice(i, 0, abRoute(weighted, names, spec.match));
  return out;
}

/** Why the read-back routes are not the ones written; undefined when they are. */
export function verifyRoutes(seen: ObservedRoutes, want: RouteSpec): string | undefined {
  if (seen.error) return seen.error;
  if (seen.primary !== want.primary || seen.canary !== want.canary)
    return `read back primary ${seen.primary} / canary ${seen.canary}, wrote ${want.primary} / ${want.canary}`;
  const wantMatch = (want.match?.length ?? 0) > 0;
  if (seen.match !== wantMatch) return `A/B route ${wantMatch ? 'missing' : 'still present'} after the write`;
  if ((seen.mirrorWeight ?? 0) !== (want.mirrorWeight ?? 0))
    return `mirror ${seen.mirrorWeight ?? 0} % read back, wrote ${want.mirrorWeight ?? 0} %`;
  return undefined;
}

/** Checked before anything is sent: weights in 0..100 that sum to 100. */
export function invalidSpec(spec: RouteSpec): string | undefined {
  const ok = (w: number) => Number.isInteger(w) && w >= 0 && w <= 100;
  if (!ok(spec.primary) || !ok(spec.canary) || spec.primary + spec.canary !== 100)
    return `weights primary ${spec.primary} / canary ${spec.canary} must be integers in 0..100 summing to 100`;
  if (spec.mirrorWeight !== undefined && !(spec.mirrorWeight >= 0 && spec.mirrorWeight <= 100))
    return `mirror weight ${spec.mirrorWeight} must be in 0..100`;
  return undefined;
}
