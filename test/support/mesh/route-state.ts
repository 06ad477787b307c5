import type { Resolution } from './resolve.js';
import { mirrorsOf } from './route-select.js';
import type { RouteState } from './state.js';
import type { Destination, VirtualService } from './virtual-service.js';

/** The routes of a VirtualService as the simulator sees them, resolved to workloads, for `GET /v1/state`. */
export function describeRoutes(
  vs: VirtualService,
  resolve: (d: Destination, ns: string) => Resolution,
): RouteState[] {
  return vs.http.map((route) => {
    const dests = route.route ?? [];
    return {
      ...(route.name !== undefined && { name: route.name }),
      ...(route.match !== undefined && { match: route.match }),
      destinations: dests.map((d) => {
        const r = resolve(d.destination, vs.namespace);
        return {
          host: d.destination.host,
          ...(d.destination.subset !== undefined && { subset: d.destination.subset }),
          weight: d.weight ?? (dests.length === 1 ? 100 : 0),
          workloads: r.ok
            ? r.endpoints.map((e) => ({
                workload: `${e.workload.namespace}/${e.workload.name}`,
                ready: e.ready,
              }))
            : [],
          ...(!r.ok && { unroutable: r.reason }),
        };
      }),
      mirrors: mirrorsOf(route).map((m) => ({
        host: m.destination.host,
        ...(m.destination.subset !== undefined && { subset: m.destination.subset }),
        percent: m.percent,
      })),
    };
  });
}
