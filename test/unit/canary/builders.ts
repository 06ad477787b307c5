/**
 * Small builders for the canary table tests: a Canary in a given phase and
 * weight, and the world it observes (healthy unless a modifier says not).
 */
import { expect } from 'vitest';
import type { CanaryAnalysis } from '../../../src/api/canary-analysis.js';
import type { CanaryStatus } from '../../../src/api/canary-status.js';
import type { Canary, CanarySpec } from '../../../src/api/canary.js';
import { revisionOf, timeOf } from '../../../src/canary/context.js';
import type { Action, Decision, MetricResult, Observed, WorkloadSummary } from '../../../src/canary/types.js';

export const NOW = Date.parse('2026-03-01T12:00:00Z');
export const MINUTE = 60_000;

/** An RFC 3339 time `ms` before NOW. */
export const ago = (ms: number): string => timeOf(NOW - ms);

export const REV = 'rev-new';
export const OLD = 'rev-old';

export const DEFAULT_ANALYSIS: CanaryAnalysis = {
  interval: '1m',
  threshold: 3,
  stepWeight: 10,
  maxWeight: 50,
  metrics: [
    { name: 'request-success-rate', thresholdRange: { min: 99 } },
    { name: 'error-rate', thresholdRange: { max: 1 } },
    { name: 'request-duration', thresholdRange: { max: 500 } },
  ],
};

export interface CanaryOptions {
  spec?: Partial<CanarySpec>;
  analysis?: Partial<CanaryAnalysis>;
  annotations?: Record<string, string>;
  deleted?: boolean;
}

export function canary(status: CanaryStatus | undefined, options: CanaryOptions = {}): Canary {
  const analysis = { ...DEFAULT_ANALYSIS, ...options.analysis };
  // A strategy given in options replaces the default linear one.
  if (
    options.analysis &&
    ['stepWeights', 'doubling', 'iterations'].some((k) => k in (options.analysis ?? {}))
  ) {
    delete analysis.stepWeight;
    if (!('maxWeight' in options.analysis)) delete analysis.maxWeight;
  }
  return {
    apiVersion: 'fledge.dev/v1alpha1',
    kind: 'Canary',
    metadata: {
      name: 'checkout',
      namespace: 'shop',
      generation: 1,
      ...(options.annotations ? { annotations: options.annotations } : {}),
      ...(options.deleted ? { deletionTimestamp: ago(0) } : {}),
    },
    spec: {
      targetRef: { name: 'checkout' },
      service: { port: 80 },
      analysis,
      ...options.spec,
    },
    ...(status ? { status } : {}),
  };
}

/** Progressing at `weight`, analysis due now, nothing failed yet (unless `status` says). */
export function at(weight: number, status: Partial<CanaryStatus> = {}, options: CanaryOptions = {}): Canary {
  return canary(
    {
      phase: 'Progressing',
      canaryWeight: weight,
      failedChecks: 0,
      iterations: 0,
      lastAppliedSpec: REV,
      lastPromotedSpec: OLD,
      trackedConfigs: {},
      lastTransitionTime: ago(10 * MINUTE),
      lastAnalysisTime: ago(MINUTE),
      stepStartedAt: ago(MINUTE),
      ...status,
    },
    options,
  );
}

/** A settled Canary (Initialized, Succeeded, Failed) at `revision`. */
export function settledAt(
  phase: CanaryStatus['phase'],
  revision = OLD,
  status: Partial<CanaryStatus> = {},
): Canary {
  return canary({
    phase,
    canaryWeight: 0,
    failedChecks: 0,
    lastAppliedSpec: revision,
    lastPromotedSpec: revision,
    trackedConfigs: {},
    lastTransitionTime: ago(60 * MINUTE),
    ...status,
  });
}

export function workload(ready = true, replicas = 2): WorkloadSummary {
  const n = ready ? replicas : 0;
  return {
    exists: true,
    replicas,
    readyReplicas: n,
    availableReplicas: n,
    updatedReplicas: replicas,
    generation: 3,
    observedGeneration: 3,
    ready,
  };
}

export type Mod = (o: Observed) => Observed;

/** The world around `c`: healthy target at REV, primary at `c`'s promoted revision, routes as status says. */
export function world(c: Canary, ...mods: Mod[]): Observed {
  const weight = c.status?.canaryWeight ?? 0;
  const base: Observed = {
    target: { ...workload(), templateHash: REV },
    primary: { ...workload(), revision: c.status?.lastPromotedSpec ?? OLD },
    bootstrapped: true,
    trackedConfigs: {},
    routing: { exists: true, primary: 100 - weight, canary: weight, match: false },
    missing: [],
  };
  return mods.reduce((o, m) => m(o), base);
}

const GOOD: Record<string, number> = {
  'request-success-rate': 99.9,
  'error-rate': 0.1,
  'request-duration': 120,
};

/** Every check in range, with plenty of canary traffic. */
export const passing =
  (requests = 500): Mod =>
  (o) => ({
    ...o,
    metrics: Object.entries(GOOD).map(([name, value]): MetricResult => ({ name, status: 'ok', value })),
    windowRequests: { value: requests },
    stepRequests: { value: requests },
  });

function withMetric(name: string, result: Omit<MetricResult, 'name'>): Mod {
  return (o) => {
    const base = o.metrics ? o : passing()(o);
    return { ...base, metrics: (base.metrics ?? []).map((m) => (m.name === name ? { name, ...result } : m)) };
  };
}

/** `name` out of range (error rate 20 %, success 80 %, p99 2 s). */
export const failing = (name: string): Mod =>
  withMetric(name, {
    status: 'ok',
    value: name === 'request-success-rate' ? 80 : name === 'error-rate' ? 20 : 2000,
  });

export const noData = (name: string): Mod => withMetric(name, { status: 'NoData' });

export const metricStatus = (name: string, status: MetricResult['status']): Mod =>
  withMetric(name, { status });

/** Prometheus down: every query and the sample count fail. */
export const prometheusDown: Mod = (o) => ({
  ...o,
  metrics: Object.keys(GOOD).map((name) => ({
    name,
    status: 'MetricsUnavailable',
    error: 'connect ECONNREFUSED',
  })),
  windowRequests: { error: 'connect ECONNREFUSED' },
  stepRequests: { error: 'connect ECONNREFUSED' },
});

/** Checks in range but only `n` canary requests in the window. */
export const lowTraffic =
  (n: number): Mod =>
  (o) => ({ ...passing(n)(o) });

export const stepSamples =
  (n: number): Mod =>
  (o) => ({ ...o, stepRequests: { value: n } });

export const targetAt =
  (hash: string): Mod =>
  (o) => ({ ...o, target: { ...o.target, templateHash: hash } });
export const configs =
  (c: Record<string, string>): Mod =>
  (o) => ({ ...o, trackedConfigs: c });
/** The settled shape: the target at 0 replicas. */
export const targetIdle: Mod = (o) => ({ ...o, target: { ...o.target, ...workload(false, 0) } });
export const targetNotReady: Mod = (o) => ({ ...o, target: { ...o.target, ...workload(false) } });
export const targetScaledDown: Mod = (o) => ({ ...o, target: { ...o.target, ...workload(false, 0) } });
export const primaryNotReady: Mod = (o) => ({ ...o, primary: { ...o.primary, ...workload(false) } });
/** Rolling out: not ready, but still serving with old pods. */
export const primaryRolling: Mod = (o) => ({
  ...o,
  primary: { ...o.primary, ...workload(false), availableReplicas: 1, readyReplicas: 1 },
});
export const primaryAt =
  (revision: string): Mod =>
  (o) => ({ ...o, primary: { ...o.primary, revision } });
export const routes =
  (primary: number, canary: number, extra: Partial<Observed['routing']> = {}): Mod =>
  (o) => ({
    ...o,
    routing: { ...o.routing, primary, canary, ...extra },
  });
export const notBootstrapped: Mod = (o) => ({
  ...o,
  bootstrapped: false,
  primary: { ...workload(false, 0), exists: false },
  routing: { exists: false, primary: 0, canary: 0, match: false },
});
export const hook =
  (name: string, type: NonNullable<Observed['webhooks']>[number]['type'], allowed: boolean): Mod =>
  (o) => ({
    ...o,
    webhooks: [...(o.webhooks ?? []), { name, type, allowed, ...(allowed ? {} : { error: 'said no' }) }],
  });
export const missing =
  (kind: string, name: string, path: string): Mod =>
  (o) => ({
    ...o,
    missing: [...o.missing, { kind, name, path }],
  });

// ---- reading decisions

export function kinds(d: Decision): string[] {
  return d.actions.filter((a) => a.kind !== 'event').map((a) => a.kind);
}

export function routesOf(d: Decision): Extract<Action, { kind: 'setRoutes' }> | undefined {
  return d.actions.find((a): a is Extract<Action, { kind: 'setRoutes' }> => a.kind === 'setRoutes');
}

export function scaleOf(d: Decision): number | 'restore' | undefined {
  return d.actions.find((a): a is Extract<Action, { kind: 'scaleTarget' }> => a.kind === 'scaleTarget')
    ?.replicas;
}

export function events(d: Decision): string[] {
  return d.actions.flatMap((a) => (a.kind === 'event' ? [a.reason] : []));
}

export function condition(d: Decision, type: string): string | undefined {
  const c = d.status.conditions?.find((x) => x.type === type);
  return c ? `${c.status}/${c.reason ?? ''}` : undefined;
}

export { revisionOf };

/** What a row expects; only the keys given are checked. `null` means "no such action". */
export interface Expected {
  phase?: string;
  weight?: number;
  failedChecks?: number;
  iterations?: number;
  routes?: [number, number] | null;
  scale?: number | 'restore' | null;
  events?: string[];
  promoted?: string;
  ready?: string;
  actions?: string[];
  requeue?: number;
}

export function check(d: Decision, e: Expected): void {
  const got: Record<string, unknown> = {};
  const want: Record<string, unknown> = {};
  const put = (key: keyof Expected, value: unknown) => {
    if (e[key] === undefined) return;
    got[key] = value;
    want[key] = e[key];
  };
  put('phase', d.status.phase);
  put('weight', d.status.canaryWeight);
  put('failedChecks', d.status.failedChecks);
  put('iterations', d.status.iterations);
  const r = routesOf(d);
  put('routes', r ? [r.primary, r.canary] : null);
  put('scale', scaleOf(d) ?? null);
  put('events', events(d));
  put('promoted', condition(d, 'Promoted'));
  put('ready', condition(d, 'Ready'));
  put('actions', kinds(d));
  put('requeue', d.requeueAfterMs);
  expect(got).toEqual(want);
}
export const invalidSpec =
  (reason: string, path: string, message: string): Mod =>
  (o) => ({
    ...o,
    invalid: [...(o.invalid ?? []), { reason, path, message }],
  });
