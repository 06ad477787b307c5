/**
 * Scenario 10, bad input the CRD cannot reject: a missing target, an
 * unknown MetricTemplate, a query Prometheus cannot parse and a targetPort no
 * container has set Ready=False with the field path and a Warning Event,
 * touch no traffic, and do not stop other Canaries from working.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlRun } from '../../support/kubectl.js';
import {
  apply,
  bed,
  canary,
  condition,
  createNamespace,
  teardown,
  deployment,
  events,
  getCanary,
  phaseIs,
  replicas,
  startFledge,
  until,
  type Fledge,
} from './support.js';

bed();
let ns: string;
let fledge: Fledge;

beforeAll(async () => {
  ns = await createNamespace('canary-bad');
  fledge = startFledge(ns);
});

afterAll(async () => {
  await teardown(ns, fledge);
});

const notReady = async (name: string) => {
  const c = await getCanary(ns, name);
  const ready = condition(c, 'Ready');
  return ready?.status === 'False' ? ready : undefined;
};

describe('Canaries with references the CRD cannot check', () => {
  it('report Ready=False with the field path; a good Canary next to them is initialized', async () => {
    await apply(canary(ns, 'ghost'));
    await apply(deployment(ns, 'tmplapp', 'ghcr.io/stefanprodan/podinfo:6.0.0'));
    await apply(
      canary(ns, 'tmplapp', {
        metrics: [{ name: 'custom', templateRef: { name: 'does-not-exist' }, thresholdRange: { max: 1 } }],
      }),
    );
    await apply(deployment(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.0'));
    await apply(canary(ns, 'podinfo'));

    const ghost = await until(() => notReady('ghost'), 30_000, 'ghost Ready=False');
    expect(ghost.reason).toBe('DeploymentNotFound');
    expect(ghost.message).toContain('spec.targetRef.name');
    const tmpl = await until(() => notReady('tmplapp'), 30_000, 'tmplapp Ready=False');
    expect(tmpl.reason).toBe('MetricTemplateNotFound');
    expect(tmpl.message).toContain('spec.analysis.metrics[0].templateRef.name');

    const good = await until(() => phaseIs(ns, 'podinfo', 'Initialized'), 60_000, 'podinfo Initialized');
    expect(condition(good, 'Ready')?.status).toBe('True');

    // Nothing was created or scaled for the bad ones.
    for (const name of ['ghost', 'tmplapp']) {
      const vs = await kubectlRun(['-n', ns, 'get', 'virtualservice', name]);
      expect(vs.code, `VirtualService ${name}`).not.toBe(0);
    }
    expect(await replicas(ns, 'tmplapp')).toBe(2);
    const warnings = await events(ns);
    expect(
      warnings.some((e) => e.startsWith('DeploymentNotFound:') && e.includes('spec.targetRef.name')),
    ).toBe(true);
    expect(warnings.some((e) => e.startsWith('MetricTemplateNotFound:'))).toBe(true);

    // Fixing the reference heals it.
    await apply(deployment(ns, 'ghost', 'ghcr.io/stefanprodan/podinfo:6.0.0'));
    await until(
      () => phaseIs(ns, 'ghost', 'Initialized'),
      60_000,
      'ghost Initialized once its target exists',
    );
    expect(fledge.logs()).not.toMatch(/"level":60/);
  });

  it('a query Prometheus cannot parse and a targetPort no container has: Ready=False, healed by a fix', async () => {
    const template = (query: string) => ({
      apiVersion: 'fledge.dev/v1alpha1',
      kind: 'MetricTemplate',
      metadata: { name: 'broken', namespace: ns },
      spec: { provider: { type: 'prometheus' }, query },
    });
    const good = 'sum(rate(istio_requests_total{destination_workload_namespace="{{ namespace }}"}[1m]))';
    await apply(template(good.slice(0, -1)));
    await apply(deployment(ns, 'badquery', 'ghcr.io/stefanprodan/podinfo:6.0.0'));
    await apply(
      canary(ns, 'badquery', {
        metrics: [{ name: 'custom', templateRef: { name: 'broken' }, thresholdRange: { max: 1 } }],
      }),
    );
    await apply(deployment(ns, 'badport', 'ghcr.io/stefanprodan/podinfo:6.0.0'));
    await apply(canary(ns, 'badport', {}, { service: { port: 9898, targetPort: 'grpc' } }));
    await apply(deployment(ns, 'steady', 'ghcr.io/stefanprodan/podinfo:6.0.0'));
    await apply(canary(ns, 'steady'));

    const query = await until(() => notReady('badquery'), 30_000, 'badquery Ready=False');
    expect(query.reason).toBe('InvalidQuery');
    expect(query.message).toContain(
      `spec.analysis.metrics[0].templateRef (MetricTemplate ${ns}/broken spec.query)`,
    );
    expect(query.message).toMatch(/parse error/);
    const port = await until(() => notReady('badport'), 30_000, 'badport Ready=False');
    expect(port.reason).toBe('PortConflict');
    expect(port.message).toContain('spec.service.targetPort');
    expect(port.message).toContain('"grpc"');

    const steady = await until(() => phaseIs(ns, 'steady', 'Initialized'), 60_000, 'steady Initialized');
    expect(condition(steady, 'Ready')?.status).toBe('True');
    for (const name of ['badquery', 'badport']) {
      const vs = await kubectlRun(['-n', ns, 'get', 'virtualservice', name]);
      expect(vs.code, `VirtualService ${name}`).not.toBe(0);
      expect(await replicas(ns, name)).toBe(2);
      expect((await getCanary(ns, name)).status?.failedChecks ?? 0).toBe(0);
    }
    const warnings = await events(ns);
    expect(warnings.some((e) => e.startsWith('InvalidQuery:') && e.includes('spec.query'))).toBe(true);
    expect(warnings.some((e) => e.startsWith('PortConflict:') && e.includes('spec.service.targetPort'))).toBe(
      true,
    );

    // Fixing the template (a watched object) and the spec heals both.
    await apply(template(good));
    await apply(canary(ns, 'badport', {}, { service: { port: 9898, targetPort: 'http' } }));
    for (const name of ['badquery', 'badport']) {
      const c = await until(() => phaseIs(ns, name, 'Initialized'), 60_000, `${name} Initialized once fixed`);
      expect(condition(c, 'Ready')?.status).toBe('True');
    }
    expect(fledge.logs()).not.toMatch(/"level":60/);
  });
});
