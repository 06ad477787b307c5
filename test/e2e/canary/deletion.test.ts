/**
 * Deletion: the finalizer holds the Canary until Fledge has cleaned up; with
 * `revertOnDeletion` the target gets its replicas and all traffic back first,
 * and the owned objects go with the Canary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, kubectlRun } from '../../support/kubectl.js';
import {
  apply,
  bed,
  canary,
  createNamespace,
  teardown,
  deployment,
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
  ns = await createNamespace('canary-delete');
  fledge = startFledge(ns);
});

afterAll(async () => {
  await teardown(ns, fledge);
});

describe('deleting a Canary', () => {
  it('with revertOnDeletion gives the target its replicas back, then lets go', async () => {
    await apply(deployment(ns, 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.0', 3));
    await apply(canary(ns, 'podinfo', {}, { revertOnDeletion: true }));
    const c = await until(() => phaseIs(ns, 'podinfo', 'Initialized'), 60_000, 'Initialized');
    expect((c as unknown as { metadata: { finalizers?: string[] } }).metadata.finalizers).toContain(
      'fledge.dev/canary',
    );
    expect(await replicas(ns, 'podinfo')).toBe(0);

    await kubectl(['-n', ns, 'delete', 'canary', 'podinfo', '--timeout=60s']);
    await expect(getCanary(ns, 'podinfo')).rejects.toThrow();
    expect(await replicas(ns, 'podinfo')).toBe(3);
    await until(
      async () => (await kubectlRun(['-n', ns, 'get', 'deployment', 'podinfo-primary'])).code !== 0,
      60_000,
      'primary garbage-collected',
    );
    await until(
      async () => (await kubectlRun(['-n', ns, 'get', 'virtualservice', 'podinfo'])).code !== 0,
      60_000,
      'VirtualService garbage-collected',
    );
  });
});
