import type { TrafficSpec } from './config.js';
import type { Rng } from './prng.js';
import type { SimRequest } from './route-select.js';

export const SOURCE_WORKLOAD = 'mesh-simulator';

/** One of mutually exclusive groups by share, or undefined for the remainder. */
function drawGroup<G extends { share: number }>(groups: readonly G[], rng: Rng): G | undefined {
  if (groups.length === 0) return undefined;
  let u = rng.next();
  for (const g of groups) {
    if (u < g.share) return g;
    u -= g.share;
  }
  return undefined;
}

/**
 * A request to the VirtualService's first host, carrying the headers, cookies
 * and path the traffic spec says a share of requests has. The simulated
 * client lives in the VirtualService's namespace.
 */
export function buildRequest(spec: TrafficSpec, host: string, namespace: string, rng: Rng): SimRequest {
  const headers: Record<string, string> = { ...drawGroup(spec.headers, rng)?.values };
  const cookies = drawGroup(spec.cookies, rng)?.values;
  if (cookies) {
    const jar = Object.entries(cookies).map(([k, v]) => `${k}=${v}`);
    headers['cookie'] = [headers['cookie'], ...jar].filter(Boolean).join('; ');
  }
  return {
    method: spec.method,
    path: drawGroup(spec.paths, rng)?.path ?? spec.path,
    authority: host,
    scheme: 'http',
    port: 80,
    headers,
    sourceNamespace: namespace,
    sourceLabels: { app: SOURCE_WORKLOAD },
  };
}
