/**
 * observe against in-memory fakes of its ports (informer caches, Router,
 * MetricQuerier, QueryValidator, webhook caller): the snapshot it builds,
 * and that it only measures what probes() asks for.
 */
import { describe, expect, it } from 'vitest';
import type { Canary } from '../../../src/api/canary.js';
import type { CanaryMetricCheck } from '../../../src/api/canary-analysis.js';
import type { CanaryStatus } from '../../../src/api/canary-status.js';
import { withCanaryDefaults } from '../../../src/api/canary-defaults.js';
import { revisionOf } from '../../../src/canary/context.js';
import { observe, type ObserveDeps } from '../../../src/canary/observe.js';
import type { MetricSource, QueryOutcome } from '../../../src/canary/observe-probes.js';
import { buildPrimary, buildServices, type Deployment, type Service } from '../../../src/canary/resources.js';
import { templateHash } from '../../../src/canary/template-hash.js';
import type { QueryValidation } from '../../../src/metrics/provider.js';
import { ago, canary as canaryOf, MINUTE, NOW } from './builders.js';
import { FakeRouter, informerOf, metricTemplate, targetDeployment } from './fakes.js';

const CHECKS: CanaryMetricCheck[] = [
  { name: 'errors', query: 'errors_q', thresholdRange: { max: 1 } },
  { name: 'latency', templateRef: { name: 'latency' }, thresholdRange: { max: 500 } },
];

function canaryWith(status?: CanaryStatus, metrics: CanaryMetricCheck[] = CHECKS): Canary {
  const c = canaryOf(status, { analysis: { metrics } });
  return { ...c, metadata: { ...c.metadata, uid: 'uid-canary' } };
}

interface World {
  target?: Deployment | undefined;
  primary?: boolean;
  services?: Service[] | undefined;
  templates?: boolean;
  answers?: Record<string, QueryOutcome>;
  validation?: Record<string, QueryValidation>;
  router?: FakeRouter;
}

/** The deps observe takes, over fakes; `queries` records every query it ran. */
function depsFor(c: Canary, w: World = {}) {
  const target = 'target' in w ? w.target : targetDeployment('checkout');
  const deployments: Deployment[] = target ? [target] : [];
  const dc = withCanaryDefaults(c);
  if (target && w.primary !== false) {
    const primary = buildPrimary(c, target, templateHash(target.spec?.template), new Set());
    primary.status = { ...target.status };
    primary.metadata = { ...primary.metadata, uid: 'uid-primary', generation: 1 };
    deployments.push(primary);
  }
  const services = w.services ?? (target ? buildServices(dc, target) : []);
  const queries: { query: string; source: MetricSource }[] = [];
  const validated: string[] = [];
  const hooks: string[] = [];
  const deps: ObserveDeps = {
    deployments: informerOf(deployments),
    services: informerOf(services),
    templates: informerOf(
      w.templates === false ? [] : [metricTemplate('latency', 'latency_q{ns="{{ namespace }}"}')],
    ),
    configs: { hash: () => undefined },
    hpas: informerOf([]),
    router: w.router ?? new FakeRouter({ exists: true, primary: 100, canary: 0, match: false }),
    query: (query, source) => {
      queries.push({ query, source });
      return Promise.resolve(w.answers?.[query] ?? { status: 'ok', value: 0.5 });
    },
    validateQuery: (query) => {
      validated.push(query);
      return Promise.resolve(w.validation?.[query] ?? { status: 'valid' });
    },
    callWebhook: ({ hook }) => {
      hooks.push(hook.name);
      return Promise.resolve({ allowed: true });
    },
  };
  return { deps, queries, validated, hooks };
}

describe('observe', () => {
  it('a settled Canary in a healthy world: bootstrapped, summaries filled, nothing measured', async () => {
    const c = canaryWith({ phase: 'Initialized' });
    const { deps, queries, hooks } = depsFor(c);
    const o = await observe(c, deps, NOW);
    expect(o.missing).toEqual([]);
    expect(o.invalid).toBeUndefined();
    expect(o.target).toMatchObject({ exists: true, replicas: 2, availableReplicas: 2, ready: true });
    expect(o.target.templateHash).toMatch(/\S/);
    expect(o.primary).toMatchObject({ exists: true, ready: true });
    expect(o.bootstrapped).toBe(true);
    expect(o.routing).toEqual({ exists: true, primary: 100, canary: 0, match: false });
    expect(o.metrics).toBeUndefined();
    expect(queries).toEqual([]);
    expect(hooks).toEqual([]);
  });

  it('target missing → a MissingReference naming spec.targetRef.name, no I/O to Prometheus', async () => {
    const c = canaryWith({ phase: 'Progressing', canaryWeight: 10, stepStartedAt: ago(MINUTE) });
    const { deps, queries, validated } = depsFor(c, { target: undefined });
    const o = await observe(c, deps, NOW);
    expect(o.missing).toEqual([{ kind: 'Deployment', name: 'checkout', path: 'spec.targetRef.name' }]);
    expect(o.target.exists).toBe(false);
    expect(o.bootstrapped).toBe(false);
    expect([...queries, ...validated]).toEqual([]);
  });

  it('template missing → a MissingReference naming the check, no queries', async () => {
    const c = canaryWith({ phase: 'Progressing', canaryWeight: 10, stepStartedAt: ago(MINUTE) });
    const { deps, queries } = depsFor(c, { templates: false });
    const o = await observe(c, deps, NOW);
    expect(o.missing).toEqual([
      { kind: 'MetricTemplate', name: 'latency', path: 'spec.analysis.metrics[1].templateRef.name' },
    ]);
    expect(queries).toEqual([]);
  });

  it('a Service that drifted → not bootstrapped', async () => {
    const c = canaryWith({ phase: 'Initialized' });
    const target = targetDeployment('checkout');
    const services = buildServices(withCanaryDefaults(c), target);
    const drifted = services.map((s, i) =>
      i === 2 ? { ...s, spec: { ...s.spec, selector: { app: 'other' } } } : s,
    );
    const { deps } = depsFor(c, { target, services: drifted });
    expect((await observe(c, deps, NOW)).bootstrapped).toBe(false);
  });

  it('a VirtualService the Router cannot read → a routing error, never "fine"', async () => {
    const c = canaryWith({ phase: 'Initialized' });
    const router = new FakeRouter();
    router.fail.getRoutes = new Error('virtualservices "checkout" is forbidden');
    const { deps } = depsFor(c, { router });
    const o = await observe(c, deps, NOW);
    expect(o.routing).toEqual({
      exists: false,
      primary: 0,
      canary: 0,
      match: false,
      error: 'virtualservices "checkout" is forbidden',
    });
    expect(o.bootstrapped).toBe(false);
  });

  it('analysis due → every check measured, an erroring probe kept as its typed outcome', async () => {
    const c = canaryWith({
      phase: 'Progressing',
      canaryWeight: 10,
      lastAppliedSpec: 'x',
      stepStartedAt: ago(MINUTE),
      lastAnalysisTime: ago(2 * MINUTE),
    });
    const { deps, queries } = depsFor(c, {
      answers: {
        errors_q: { status: 'MetricsUnavailable', error: 'connect ECONNREFUSED' },
        'latency_q{ns="shop"}': { status: 'ok', value: 120 },
      },
    });
    // lastAppliedSpec must match the target's revision, or observe only asks confirm-rollout.
    const first = await observe(c, deps, NOW);
    const current = { ...c, status: { ...c.status, lastAppliedSpec: revisionOf(first) } };
    queries.length = 0;
    const o = await observe(current, deps, NOW);
    expect(o.metrics).toEqual([
      {
        name: 'errors',
        status: 'MetricsUnavailable',
        error: 'connect ECONNREFUSED',
        renderedQuery: 'errors_q',
        value: undefined,
      },
      { name: 'latency', status: 'ok', value: 120, renderedQuery: 'latency_q{ns="shop"}', error: undefined },
    ]);
    expect(o.windowRequests).toEqual({ value: 0.5 });
    const ran = queries.map((q) => q.query);
    expect(ran).toHaveLength(3);
    expect(ran).toEqual(expect.arrayContaining(['errors_q', 'latency_q{ns="shop"}']));
    expect(ran.find((q) => q.includes('increase(istio_requests_total'))).toBeDefined();
    expect(o.invalid).toBeUndefined();
  });

  it('a query that does not parse → invalid, and no query is run', async () => {
    const c = canaryWith({ phase: 'Progressing', canaryWeight: 10, stepStartedAt: ago(MINUTE) });
    const { deps, queries, validated } = depsFor(c, {
      validation: { errors_q: { status: 'invalid', error: 'bad_data: 1:9: parse error' } },
    });
    const o = await observe(c, deps, NOW);
    expect(o.invalid).toEqual([
      {
        reason: 'InvalidQuery',
        path: 'spec.analysis.metrics[0].query',
        message: 'bad_data: 1:9: parse error',
      },
    ]);
    expect(validated.sort()).toEqual(['errors_q', 'latency_q{ns="shop"}']);
    expect(queries).toEqual([]);
  });

  it('an InvalidQuery answer during analysis (validator unsure) → invalid as well', async () => {
    const c = canaryWith({
      phase: 'Progressing',
      canaryWeight: 10,
      stepStartedAt: ago(MINUTE),
      lastAnalysisTime: ago(2 * MINUTE),
    });
    const { deps } = depsFor(c, {
      validation: { errors_q: { status: 'unknown', error: 'timeout' } },
      answers: { errors_q: { status: 'InvalidQuery', error: 'bad_data: parse error' } },
    });
    const first = await observe(c, deps, NOW);
    const current = { ...c, status: { ...c.status, lastAppliedSpec: revisionOf(first) } };
    const o = await observe(current, deps, NOW);
    expect(o.invalid).toEqual([
      { reason: 'InvalidQuery', path: 'spec.analysis.metrics[0].query', message: 'bad_data: parse error' },
    ]);
  });
});
