/**
 * Scenario 12, a restart over settled Canaries starts no rollout: the
 * revision hash ignores what the apiserver defaulted, so a fresh process
 * that re-reads everything finds nothing new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apply,
  bed,
  canary,
  createNamespace,
  teardown,
  deployment,
  events,
  getCanary,
  replicas,
  sleep,
  startFledge,
  until,
  type Fledge,
} from './support.js';

bed();
const COUNT = 10;
const names = Array.from({ length: COUNT }, (_, i) => `app-${i}`);
let ns: string;
let fledge: Fledge;

beforeAll(async () => {
  ns = await createNamespace('canary-restart');
  fledge = startFledge(ns);
});

afterAll(async () => {
  await teardown(ns, fledge);
});

describe('restarting the operator over settled Canaries', () => {
  it('starts no rollout', async () => {
    await apply({
      apiVersion: 'v1',
      kind: 'List',
      items: names.flatMap((n) => [
        deployment(ns, n, 'ghcr.io/stefanprodan/podinfo:6.0.0', 1),
        canary(ns, n),
      ]),
    });
    await until(
      async () => {
        const phases = await Promise.all(names.map(async (n) => (await getCanary(ns, n)).status?.phase));
        return phases.every((p) => p === 'Initialized');
      },
      90_000,
      'all Initialized',
    );
    const before = await Promise.all(names.map((n) => getCanary(ns, n)));

    fledge = startFledge(ns);
    await until(() => fledge.logs().includes('"controller":"canary","workers"'), 30_000, 'restarted');
    // Every Canary is reconciled at start; watch them for a while.
    for (let i = 0; i < 10; i++) {
      await sleep(1000);
      for (const n of names) expect((await getCanary(ns, n)).status?.phase).toBe('Initialized');
    }
    const after = await Promise.all(names.map((n) => getCanary(ns, n)));
    after.forEach((c, i) => {
      expect(c.status?.lastAppliedSpec).toBe(before[i]?.status?.lastAppliedSpec);
      expect(c.status?.lastTransitionTime).toBe(before[i]?.status?.lastTransitionTime);
    });
    for (const n of names) expect(await replicas(ns, n)).toBe(0);
    expect((await events(ns)).filter((e) => e.startsWith('NewRevision'))).toEqual([]);
    expect(fledge.logs()).toMatch(/"phase":"Initialized","actions":\[\]/);
  });
});
