import type { ClusterView } from './cluster-view.js';
import type { TrafficSpec } from './config.js';
import { sampleLognormal, type Lognormal } from './latency.js';
import type { Outcome, Recorder } from './metrics.js';
import type { Rng } from './prng.js';
import { buildRequest } from './request-gen.js';
import {
  parseHost,
  pickEndpoint,
  resolveDestination,
  type Resolution,
  type WorkloadInfo,
} from './resolve.js';
import { drawMirrors, pickDestination, selectRoute } from './route-select.js';
import type { TrafficCounts } from './state.js';
import type { Destination, VirtualService } from './virtual-service.js';

export interface WorkloadBehaviour {
  errorRate: number;
  latency: Lognormal;
}

export interface FlowContext {
  view: ClusterView;
  rng: Rng;
  recorder: Recorder;
  behaviour(namespace: string, name: string): WorkloadBehaviour;
  /** Resolutions are reused within one tick: the cluster does not change in between. */
  resolve(dest: Destination, vsNamespace: string): Resolution;
}

/** A resolver that caches per (namespace, host, subset) until dropped. */
export function cachedResolver(view: ClusterView): FlowContext['resolve'] {
  const cache = new Map<string, Resolution>();
  return (dest, ns) => {
    const key = `${ns}\u0000${dest.host}\u0000${dest.subset ?? ''}`;
    let r = cache.get(key);
    if (!r) {
      r = resolveDestination(view, dest, ns);
      cache.set(key, r);
    }
    return r;
  };
}

export function destinationKey(d: Destination): string {
  return d.subset === undefined ? d.host : `${d.host}/${d.subset}`;
}

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

function bumpCode(map: Record<string, Record<string, number>>, key: string, code: number): void {
  bump((map[key] ??= {}), String(code));
}

function answer(ctx: FlowContext, w: WorkloadInfo): { code: number; latency: number } {
  const b = ctx.behaviour(w.namespace, w.name);
  const code = ctx.rng.next() < b.errorRate ? 500 : 200;
  return { code, latency: sampleLognormal(b.latency, ctx.rng) };
}

/**
 * One request through the client sidecar: route match, weighted destination,
 * endpoint, the workload's answer, and the metrics both proxies would report.
 */
export function simulateRequest(
  ctx: FlowContext,
  vs: VirtualService,
  spec: TrafficSpec,
  counts: TrafficCounts,
): void {
  const host = vs.hosts[0] ?? vs.name;
  const req = buildRequest(spec, host, vs.namespace, ctx.rng);
  counts.total++;
  const sourceOnly = (service: Outcome['service'], code: number, flags: string): void =>
    ctx.recorder.record(
      { reporter: 'source', sourceNamespace: vs.namespace, service, workload: undefined, code, flags },
      0,
    );
  const hostService = parseHost(host, vs.namespace) ?? { host };

  const index = selectRoute(vs.http, req);
  const route = index === undefined ? undefined : vs.http[index];
  if (!route) {
    counts.noRoute++;
    sourceOnly(hostService, 404, 'NR');
    return;
  }
  if (route.directResponse || route.redirect !== undefined) {
    const code = route.directResponse?.status ?? 301;
    bump(counts.proxyResponses, String(code));
    sourceOnly(hostService, code, '-');
    return;
  }
  const dest = pickDestination(route, ctx.rng);
  if (!dest) {
    counts.noRoute++;
    sourceOnly(hostService, 404, 'NR');
    return;
  }
  const res = ctx.resolve(dest, vs.namespace);
  const workload = res.ok ? pickEndpoint(res.endpoints, ctx.rng) : undefined;
  if (!res.ok || !workload) {
    // No healthy upstream: only the client proxy ever sees this request.
    bump(counts.unroutable, destinationKey(dest));
    sourceOnly(res.service ?? { host: dest.host }, 503, 'UH');
    return;
  }
  const { code, latency } = answer(ctx, workload);
  bumpCode(counts.sent, `${workload.namespace}/${workload.name}`, code);
  for (const reporter of ['destination', 'source'] as const) {
    ctx.recorder.record(
      { reporter, sourceNamespace: vs.namespace, service: res.service, workload, code, flags: '-' },
      latency,
    );
  }

  for (const mirror of drawMirrors(route, ctx.rng)) {
    const mres = ctx.resolve(mirror, vs.namespace);
    const mw = mres.ok ? pickEndpoint(mres.endpoints, ctx.rng) : undefined;
    if (!mres.ok || !mw) {
      bump(counts.mirrorUnroutable, destinationKey(mirror));
      continue;
    }
    const m = answer(ctx, mw);
    bumpCode(counts.mirrored, `${mw.namespace}/${mw.name}`, m.code);
    // Shadow requests leave the client's router after its HTTP filters, so only
    // the mirror's own sidecar reports them, with the mirror's workload labels.
    ctx.recorder.record(
      {
        reporter: 'destination',
        sourceNamespace: vs.namespace,
        service: mres.service,
        workload: mw,
        code: m.code,
        flags: '-',
      },
      m.latency,
    );
  }
}
