/**
 * Scenario 12, restarting the operator over 50 settled Canaries starts no
 * rollout: the revision hash ignores what the apiserver defaulted, so a fresh
 * process that re-reads everything finds nothing new. The restarted process
 * must be seen reconciling every one of them (its metrics and its decisions),
 * so the test cannot pass by the new operator simply not looking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../support/kubectl.js';
import {
  apply,
  bed,
  canary,
  createNamespace,
  teardown,
  deployment,
  events,
  sleep,
  startFledge,
  until,
  type Fledge,
} from './support.js';

bed();
const COUNT = 50;
const names = Array.from({ length: COUNT }, (_, i) => `app-${String(i).padStart(2, '0')}`);
let ns: string;
let fledge: Fledge;

// More concurrent reconciles than the default 2: 50 bootstraps are API round trips, not CPU.
const workers = process.env['FLEDGE_WORKERS'];

beforeAll(async () => {
  process.env['FLEDGE_WORKERS'] = '6';
  ns = await createNamespace('canary-restart');
  fledge = startFledge(ns);
});

afterAll(async () => {
  await teardown(ns, fledge);
  if (workers === undefined) delete process.env['FLEDGE_WORKERS'];
  else process.env['FLEDGE_WORKERS'] = workers;
});

interface Settled {
  phase?: string;
  weight?: number;
  lastAppliedSpec?: string;
  lastTransitionTime?: string;
}

/** One LIST for all Canaries (50 GETs per poll would load the 2-core machine for nothing). */
async function canaries(): Promise<Map<string, Settled>> {
  const out = await kubectl(['-n', ns, 'get', 'canaries', '-o', 'json']);
  const list = JSON.parse(out) as {
    items: { metadata: { name: string }; status?: Settled & { canaryWeight?: number } }[];
  };
  return new Map(
    list.items.map((c) => [
      c.metadata.name,
      {
        phase: c.status?.phase,
        weight: c.status?.canaryWeight,
        lastAppliedSpec: c.status?.lastAppliedSpec,
        lastTransitionTime: c.status?.lastTransitionTime,
      },
    ]),
  );
}

/** name → [primary, canary] weights of every VirtualService, in one LIST. */
async function weights(): Promise<Map<string, [number, number]>> {
  const out = await kubectl(['-n', ns, 'get', 'virtualservices', '-o', 'json']);
  const list = JSON.parse(out) as {
    items: {
      metadata: { name: string };
      spec?: { http?: { name?: string; route?: { destination: { host: string }; weight?: number }[] }[] };
    }[];
  };
  return new Map(
    list.items.map((vs) => {
      const name = vs.metadata.name;
      const route = vs.spec?.http?.find((h) => h.name === 'fledge-weighted') ?? vs.spec?.http?.[0];
      const w = (suffix: string) =>
        route?.route?.find((r) => r.destination.host.startsWith(`${name}${suffix}`))?.weight ?? 0;
      return [name, [w('-primary'), w('-canary')]];
    }),
  );
}

/** name → spec.replicas of the targets (the -primary copies left out). */
async function targetReplicas(): Promise<Map<string, number>> {
  const out = await kubectl(['-n', ns, 'get', 'deployments', '-o', 'json']);
  const list = JSON.parse(out) as { items: { metadata: { name: string }; spec?: { replicas?: number } }[] };
  return new Map(
    list.items
      .filter((d) => names.includes(d.metadata.name))
      .map((d) => [d.metadata.name, d.spec?.replicas ?? -1]),
  );
}

/** Names whose `fledge_canary_phase{phase="Initialized"}` is 1 in the operator's /metrics. */
async function reportedInitialized(f: Fledge): Promise<Set<string>> {
  const text = await f.metrics().catch(() => '');
  const re = new RegExp(`^fledge_canary_phase\\{[^}]*\\}\\s+1$`, 'gm');
  const seen = new Set<string>();
  for (const line of text.match(re) ?? []) {
    if (!line.includes(`namespace="${ns}"`) || !line.includes('phase="Initialized"')) continue;
    const name = /name="([^"]+)"/.exec(line)?.[1];
    if (name) seen.add(name);
  }
  return seen;
}

/** The `decided` debug lines of an operator's log: who it reconciled and what it chose to do. */
function decisions(f: Fledge): { name: string; phase: string; actions: string[] }[] {
  return f
    .logs()
    .split('\n')
    .filter((l) => l.includes('"msg":"decided"'))
    .map((l) => JSON.parse(l) as { name: string; phase: string; actions: string[] });
}

describe('restarting the operator over settled Canaries', () => {
  it(`starts no rollout over ${COUNT} of them`, async () => {
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
        const all = await canaries();
        return names.every((n) => all.get(n)?.phase === 'Initialized');
      },
      110_000,
      `all ${COUNT} Initialized`,
    );
    const before = await canaries();
    const weightsBefore = await weights();
    expect(weightsBefore.size).toBe(COUNT);
    for (const n of names) expect(weightsBefore.get(n), n).toEqual([100, 0]);

    await fledge.stop();
    fledge = startFledge(ns);
    // The new process reconciles each Canary at start: wait until it has reported all of them.
    await until(
      async () => (await reportedInitialized(fledge)).size === COUNT,
      60_000,
      `restarted operator reports all ${COUNT} Initialized`,
    );
    // Then watch a while longer: a rollout would show within one 5 s analysis interval.
    for (let i = 0; i < 3; i++) {
      await sleep(2000);
      const now = await canaries();
      for (const n of names) {
        expect(now.get(n), n).toEqual(before.get(n));
      }
    }
    expect(await weights()).toEqual(weightsBefore);
    const replicas = await targetReplicas();
    expect(replicas.size).toBe(COUNT);
    for (const n of names) expect(replicas.get(n), `${n} replicas`).toBe(0);
    expect((await events(ns)).filter((e) => e.startsWith('NewRevision'))).toEqual([]);

    // Every Canary was decided on by the new process, and not one decision did anything.
    const decided = decisions(fledge);
    expect(new Set(decided.map((d) => d.name))).toEqual(new Set(names));
    expect(decided.filter((d) => d.actions.length > 0 || d.phase !== 'Initialized')).toEqual([]);
    // 60–80 s here; the bound leaves room for a loaded machine (bootstrapping 50 is most of it).
  }, 180_000);
});
