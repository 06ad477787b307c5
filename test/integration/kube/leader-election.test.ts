import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient } from '../../../src/kube/client.js';
import type { Lease } from '../../../src/kube/leader-election.js';
import { kinds } from '../../../src/kube/resource-kind.js';
import { bedClient, bedKubeconfig, createNamespace, deleteNamespace, eventually } from './bed.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const procs: ChildProcess[] = [];
let client: KubeClient;
let ns: string;

beforeAll(async () => {
  client = bedClient();
  ns = await createNamespace(client, 'leader');
});

afterEach(() => {
  for (const p of procs.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

afterAll(async () => {
  await deleteNamespace(client, ns);
  client.close();
});

interface Running {
  proc: ChildProcess;
  identity: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** Starts `fledge run` as a user would (through tsx), as its own node process so signals reach it. */
function fledgeRun(identity: string, leaseName: string): Running {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'run',
      '--leader-elect',
      '--leader-election-namespace',
      ns,
      '--leader-election-id',
      leaseName,
      '--leader-election-identity',
      identity,
      '--metrics-addr',
      '127.0.0.1:0',
    ],
    { cwd: repo, env: { ...process.env, KUBECONFIG: bedKubeconfig() }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  procs.push(proc);
  let out = '';
  proc.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { proc, identity, output: () => out, exited };
}

async function holder(leaseName: string): Promise<string | undefined> {
  try {
    const lease = await client.resources<Lease>(kinds.lease).get(ns, leaseName);
    return lease.spec?.holderIdentity ?? undefined;
  } catch {
    return undefined;
  }
}

function metricsUrl(r: Running): string | undefined {
  const m = /"metricsAddr":"([^"]+)"/.exec(r.output());
  return m ? `http://${m[1]}` : undefined;
}

async function leaderGauge(r: Running): Promise<number | undefined> {
  const url = await eventually(() => metricsUrl(r), 30_000, `${r.identity}'s metrics address`);
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = new RegExp(`^fledge_leader\\{id="${r.identity}"\\} (\\d)`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

describe('fledge run with --leader-elect, two replicas on the real apiserver', () => {
  it('elects one leader; the standby takes over within the lease duration after the leader is SIGKILLed', async () => {
    const lease = `fledge-${randomBytes(3).toString('hex')}`;
    const a = fledgeRun('replica-a', lease);
    const b = fledgeRun('replica-b', lease);
    const first = await eventually(() => holder(lease), 60_000, 'a leader');
    const [leader, standby] = first === 'replica-a' ? [a, b] : [b, a];
    // The other one is up, healthy and ready, but not leading.
    await eventually(
      async () => (await leaderGauge(standby)) === 0 && (await leaderGauge(leader)) === 1,
      30_000,
      'leader gauges 1/0',
    );
    const standbyUrl = metricsUrl(standby) ?? '';
    expect((await fetch(`${standbyUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${standbyUrl}/readyz`)).status).toBe(200);
    // Let the standby see a few renewals, so it is tracking a live leader.
    await new Promise((r) => setTimeout(r, 5000));
    expect(await holder(lease)).toBe(leader.identity);

    const killedAt = Date.now();
    leader.proc.kill('SIGKILL');
    await eventually(
      async () => (await holder(lease)) === standby.identity,
      30_000,
      'the standby to take over',
    );
    const takeoverMs = Date.now() - killedAt;
    console.warn(`leader takeover after SIGKILL: ${takeoverMs} ms`);
    // Lease duration 15 s, counted from the leader's last renewal (≤ the kill), plus the poll that notices.
    expect(takeoverMs).toBeLessThan(15_000 + 1_000);
    await eventually(async () => (await leaderGauge(standby)) === 1, 10_000, 'the new leader gauge');
  }, 120_000);

  it('SIGTERM exits 0 within 10 s and releases the Lease', async () => {
    const lease = `fledge-${randomBytes(3).toString('hex')}`;
    const a = fledgeRun('only', lease);
    await eventually(async () => (await holder(lease)) === 'only', 60_000, 'leadership');
    const sentAt = Date.now();
    a.proc.kill('SIGTERM');
    const { code, at } = await a.exited;
    expect(code).toBe(0);
    expect(at - sentAt).toBeLessThan(10_000);
    const l = await client.resources<Lease>(kinds.lease).get(ns, lease);
    expect(l.spec?.holderIdentity ?? '').toBe('');
    expect(a.output()).toContain('released leader lease');
  }, 90_000);

  it('on SIGTERM of the leader, the standby takes over at its next retry (the Lease was released)', async () => {
    const lease = `fledge-${randomBytes(3).toString('hex')}`;
    const a = fledgeRun('handover-a', lease);
    const first = await eventually(() => holder(lease), 60_000, 'a leader');
    const b = fledgeRun('handover-b', lease);
    const [leader, standby] = first === 'handover-a' ? [a, b] : [b, a];
    await eventually(async () => (await leaderGauge(standby)) === 0, 30_000, 'the standby to be up');
    const sentAt = Date.now();
    leader.proc.kill('SIGTERM');
    expect((await leader.exited).code).toBe(0);
    await eventually(
      async () => (await holder(lease)) === standby.identity,
      10_000,
      'the standby to take over',
    );
    // Before the 15 s lease could have expired: only a released lease explains that.
    expect(Date.now() - sentAt).toBeLessThan(15_000);
  }, 90_000);
});
