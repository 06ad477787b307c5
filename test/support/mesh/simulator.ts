import type { Logger } from 'pino';
import { ValidationError } from '../../../src/api/errors.js';
import type { ClusterView } from './cluster-view.js';
import { DEFAULT_LATENCY, MAX_RPS, MAX_TOTAL_RPS, type TrafficSpec, type WorkloadSpec } from './config.js';
import { fitLognormal } from './latency.js';
import type { Recorder } from './metrics.js';
import type { Rng } from './prng.js';
import { cachedResolver, simulateRequest, type FlowContext, type WorkloadBehaviour } from './request-flow.js';
import { describeRoutes } from './route-state.js';
import { emptyCounts, type MeshState, type TrafficCounts, type VirtualServiceState } from './state.js';
import { accumulate } from './tick.js';

interface Traffic {
  namespace: string;
  name: string;
  spec: TrafficSpec;
  carry: number;
  counts: TrafficCounts;
}

/** A stall longer than this (a paused process) is not made up for in one burst. */
const MAX_CATCH_UP_MS = 5000;
/**
 * Series of a namespace without traffic for this long are dropped, so a long
 * test run that uses a fresh namespace per test does not grow every scrape
 * without bound. Prometheus keeps the samples it already has.
 */
export const IDLE_SERIES_MS = 120_000;
const SWEEP_EVERY_MS = 10_000;

const DEFAULT_BEHAVIOUR: WorkloadBehaviour = { errorRate: 0, latency: fitLognormal(DEFAULT_LATENCY) };

const key = (namespace: string, name: string): string => `${namespace}/${name}`;

/**
 * Traffic generators per VirtualService and behaviour per workload. `tick`
 * is deterministic given the cluster view and the PRNG; `start` drives it
 * from a timer.
 */
export class Simulator {
  private readonly traffic = new Map<string, Traffic>();
  private readonly workloads = new Map<string, { spec: WorkloadSpec; behaviour: WorkloadBehaviour }>();
  private timer: NodeJS.Timeout | undefined;
  /** Simulated time: the sum of tick lengths. */
  private now = 0;
  private lastSweep = 0;
  private readonly lastActive = new Map<string, number>();

  constructor(
    private readonly view: ClusterView,
    private readonly recorder: Recorder,
    private readonly rng: Rng,
    private readonly log?: Logger,
  ) {}

  /** Sets (or with rps 0, pauses) the traffic through one VirtualService. */
  setTraffic(namespace: string, name: string, spec: TrafficSpec): { found: boolean } {
    const k = key(namespace, name);
    const others = [...this.traffic.values()].filter((t) => key(t.namespace, t.name) !== k);
    const total = others.reduce((s, t) => s + t.spec.rps, 0) + spec.rps;
    if (total > MAX_TOTAL_RPS) {
      throw new ValidationError(
        [
          {
            path: 'rps',
            message: `total rps would be ${total}, above the cap of ${MAX_TOTAL_RPS} across all VirtualServices`,
          },
        ],
        { resource: { kind: 'traffic', namespace, name } },
      );
    }
    const existing = this.traffic.get(k);
    if (existing) existing.spec = spec;
    else this.traffic.set(k, { namespace, name, spec, carry: 0, counts: emptyCounts() });
    const found = this.view.virtualService(namespace, name) !== undefined;
    this.log?.info({ namespace, name, rps: spec.rps, found }, 'traffic set');
    return { found };
  }

  deleteTraffic(namespace: string, name: string): boolean {
    return this.traffic.delete(key(namespace, name));
  }

  setWorkload(namespace: string, name: string, spec: WorkloadSpec): void {
    this.workloads.set(key(namespace, name), {
      spec,
      behaviour: { errorRate: spec.errorRate, latency: fitLognormal(spec.latencyMs) },
    });
    this.log?.info({ namespace, name, ...spec }, 'workload set');
  }

  deleteWorkload(namespace: string, name: string): boolean {
    return this.workloads.delete(key(namespace, name));
  }

  /** Stops all traffic and forgets all workload settings and counts (metrics stay monotonic). */
  reset(): void {
    this.traffic.clear();
    this.workloads.clear();
    this.log?.info('reset');
  }

  /** Generates the requests `elapsedMs` of time owes, for every VirtualService with traffic. */
  tick(elapsedMs: number): void {
    const ctx: FlowContext = {
      view: this.view,
      rng: this.rng,
      recorder: this.recorder,
      behaviour: (ns, n) => this.workloads.get(key(ns, n))?.behaviour ?? DEFAULT_BEHAVIOUR,
      resolve: cachedResolver(this.view),
    };
    const elapsed = Math.min(elapsedMs, MAX_CATCH_UP_MS);
    this.now += elapsed;
    for (const t of this.traffic.values()) {
      if (t.spec.rps > 0) this.lastActive.set(t.namespace, this.now);
      const vs = this.view.virtualService(t.namespace, t.name);
      const { count, carry } = accumulate(t.carry, t.spec.rps, elapsed);
      t.carry = carry;
      // Nobody can call a VirtualService that is not there (yet).
      if (!vs || 'error' in vs) continue;
      for (let i = 0; i < count; i++) simulateRequest(ctx, vs, t.spec, t.counts);
    }
    if (this.now - this.lastSweep >= SWEEP_EVERY_MS) this.sweepIdleSeries();
  }

  private sweepIdleSeries(): void {
    this.lastSweep = this.now;
    for (const ns of this.recorder.sourceNamespaces?.() ?? []) {
      const last = this.lastActive.get(ns);
      if (last !== undefined && this.now - last < IDLE_SERIES_MS) continue;
      this.recorder.forgetSourceNamespace?.(ns);
      this.lastActive.delete(ns);
      this.log?.info({ namespace: ns }, 'dropped the series of an idle namespace');
    }
  }

  start(intervalMs = 100): void {
    if (this.timer) return;
    let last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      try {
        this.tick(now - last);
      } catch (err) {
        this.log?.error({ err }, 'tick failed');
      }
      last = now;
    }, intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  state(): MeshState {
    const resolve = cachedResolver(this.view);
    const virtualServices = [...this.traffic.values()].map((t): VirtualServiceState => {
      const vs = this.view.virtualService(t.namespace, t.name);
      const base = { namespace: t.namespace, name: t.name, traffic: t.spec, counts: t.counts };
      if (!vs) return { ...base, found: false, hosts: [], routes: [] };
      if ('error' in vs) return { ...base, found: true, error: vs.error, hosts: [], routes: [] };
      return { ...base, found: true, hosts: vs.hosts, routes: describeRoutes(vs, resolve) };
    });
    return {
      limits: { maxRps: MAX_RPS, maxTotalRps: MAX_TOTAL_RPS },
      totalRps: [...this.traffic.values()].reduce((s, t) => s + t.spec.rps, 0),
      virtualServices,
      workloads: [...this.workloads.entries()].map(([k, w]) => {
        const [namespace = '', name = ''] = k.split('/');
        return { namespace, name, ...w.spec };
      }),
    };
  }
}
