/**
 * Scenario 10, bad input the CRD cannot reject: a missing target and an
 * unknown MetricTemplate set Ready=False with the field path and a Warning
 * Event, touch no traffic, and do not stop other Canaries from working.
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
});
