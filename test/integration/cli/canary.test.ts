/**
 * The canary commands against the bed's apiserver: a Canary with a
 * hand-written status (no controller runs in this namespace), read by
 * `status` and `watch`, changed by `promote|abort|pause|resume`, and the
 * clear errors for a missing kubeconfig, an unreachable server, a forbidden
 * action and a missing object.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleCanary } from '../../../src/api/examples.js';
import { testbed } from '../../support/env.js';
import { kubectlBin } from '../../support/kubectl.js';
import {
  STACK,
  deleteNamespace,
  eventsOf,
  fledge,
  k,
  mainTs,
  repo,
  setUpNamespace,
  spawnCli,
} from './bed.js';

let ns = '';
let tmp = '';

const status = (phase: string, weight: number, failedChecks: number) => ({
  status: {
    phase,
    canaryWeight: weight,
    failedChecks,
    lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    metrics: [
      {
        name: 'request-success-rate',
        value: 99.5,
        verdict: 'Pass',
        time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      },
      {
        name: 'request-duration',
        value: 812,
        verdict: 'Fail',
        reason: 'AboveMax',
        time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    ],
    ...(phase === 'Failed'
      ? {
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'RolledBack',
              message: 'request-duration above 500',
              lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
            },
          ],
        }
      : {}),
  },
});

async function setStatus(name: string, phase: string, weight: number, failed: number): Promise<void> {
  await k([
    'patch',
    'canary',
    name,
    '-n',
    ns,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify(status(phase, weight, failed)),
  ]);
}

async function createCanary(name: string): Promise<void> {
  const c = exampleCanary(ns);
  c.metadata.name = name;
  c.spec.analysis = { ...c.spec.analysis, webhooks: [] };
  c.spec.analysis.metrics = [{ name: 'request-success-rate', thresholdRange: { min: 99 }, interval: '1m' }];
  await k(['create', '-f', '-'], JSON.stringify(c));
}

const annotations = async (name: string): Promise<Record<string, string>> =>
  (
    JSON.parse(await k(['get', 'canary', name, '-n', ns, '-o', 'json'])) as {
      metadata: { annotations?: Record<string, string> };
    }
  ).metadata.annotations ?? {};

beforeAll(async () => {
  ns = await setUpNamespace('cli-canary');
  tmp = mkdtempSync(join(tmpdir(), 'fledge-cli-'));
  await createCanary('web');
  await setStatus('web', 'Progressing', 20, 1);
});

afterAll(async () => {
  if (ns) await deleteNamespace(ns);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('fledge status', () => {
  it('shows the canary from its status', async () => {
    const r = await fledge(['status', '-n', ns]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [header, row] = r.stdout.trim().split('\n');
    expect(header).toMatch(/^NAME\s+PHASE\s+WEIGHT\s+FAILED\s+METRICS\s+LAST TRANSITION$/);
    expect(row).toMatch(
      /^web\s+Progressing\s+20\/50\s+1\/5\s+request-success-rate=99\.5 request-duration=812!Fail\s+\d+s$/,
    );
  });

  it('lists every namespace with -A', async () => {
    const r = await fledge(['status', '-A']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${ns}\\s+web\\s+Progressing`, 'm'));
  });

  it('details one canary', async () => {
    const r = await fledge(['status', 'canary', 'web', '-n', ns]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^request-duration\s+812\s+-\s+Fail\s+AboveMax/m);
  });

  it('prints the objects with -o json', async () => {
    const r = await fledge(['status', '-n', ns, '-o', 'json']);
    expect(
      (JSON.parse(r.stdout) as { items: { status: { canaryWeight: number } }[] }).items[0]?.status
        .canaryWeight,
    ).toBe(20);
  });

  it('says when a canary does not exist (exit 3)', async () => {
    const r = await fledge(['status', 'nope', '-n', ns]);
    expect(r).toMatchObject({ code: 3, stdout: '' });
    expect(r.stderr).toBe(`fledge status: Canary ${ns}/nope not found\n`);
  });
});

describe('fledge promote|abort|pause|resume', () => {
  it.each(['promote', 'abort'])('%s sets the annotation and records who asked', async (action) => {
    const r = await fledge([action, 'canary', 'web', '-n', ns]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Canary ${ns}/web: ${action} requested (fledge.dev/${action})`);
    expect(Date.parse((await annotations('web'))[`fledge.dev/${action}`] ?? '')).toBeGreaterThan(0);
    const events = await eventsOf(ns, 'CanaryCommandByCLI');
    expect(events.some((e) => e.note?.includes(`${action} requested by fledge-admin`))).toBe(true);
  });

  it('pause and resume', async () => {
    expect((await fledge(['pause', 'web', '-n', ns])).code).toBe(0);
    expect(await annotations('web')).toHaveProperty(['fledge.dev/pause']);
    expect((await fledge(['status', '-n', ns])).stdout).toContain('Progressing (paused)');
    expect((await fledge(['resume', 'web', '-n', ns])).code).toBe(0);
    const a = await annotations('web');
    expect(a).toHaveProperty(['fledge.dev/resume']);
    expect(a).not.toHaveProperty(['fledge.dev/pause']);
  });

  it('notes when the phase makes promote a no-op', async () => {
    await createCanary('done');
    await setStatus('done', 'Succeeded', 0, 0);
    const r = await fledge(['promote', 'canary', 'done', '-n', ns]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'note: the canary is Succeeded; promote only acts in phase Waiting, Progressing, WaitingPromotion',
    );
  });
});

describe('fledge watch', () => {
  it.each([
    ['Succeeded', 0, 'rollout succeeded'],
    ['Failed', 1, 'rollout failed: request-duration above 500'],
  ])('follows a rollout to %s (exit %i), one line per change', async (phase, code, last) => {
    const name = `watched-${phase.toLowerCase()}`;
    await createCanary(name);
    await setStatus(name, 'Progressing', 10, 0);
    const child = spawnCli(['watch', 'canary', name, '-n', ns]);
    let seen = '';
    child.stdout?.on('data', (d: Buffer) => (seen += d.toString()));
    const waitFor = async (text: string) => {
      for (let i = 0; i < 300 && !seen.includes(text); i++) await new Promise((r) => setTimeout(r, 100));
      expect(seen).toContain(text);
    };
    await waitFor('[####----------------] 10/50%');
    await setStatus(name, 'Progressing', 30, 1);
    await waitFor('30/50%  failed 1/5');
    await setStatus(name, phase, phase === 'Failed' ? 0 : 50, phase === 'Failed' ? 5 : 0);
    const r = await child.output;
    expect(r.code).toBe(code);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${ns}/${name}  Progressing  \\[#{4}-{16}\\] 10/50%  failed 0/5`));
    expect(lines.at(-1)).toBe(`Canary ${ns}/${name}: ${last}`);
    expect(r.stderr).toBe('');
  });
});

describe('clear errors', () => {
  it('forbidden with the unprivileged kubeconfig', async () => {
    const r = await fledge(['status', '-n', ns], { env: { KUBECONFIG: testbed().KUBECONFIG_UNPRIVILEGED } });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /^fledge status: forbidden: .*cannot list resource "canaries" in API group "fledge.dev"/,
    );
    expect(r.stderr).toContain('ask a cluster admin for that permission (RBAC)');
    expect(r.stderr).not.toMatch(STACK);
    const p = await fledge(['promote', 'web', '-n', ns], {
      env: { KUBECONFIG: testbed().KUBECONFIG_UNPRIVILEGED },
    });
    expect(p.code).toBe(4);
    expect(p.stderr).toMatch(/cannot patch resource "canaries"/);
  });

  it('missing kubeconfig', async () => {
    const r = await fledge(['status'], { env: { KUBECONFIG: join(tmp, 'absent.yaml') } });
    expect(r).toMatchObject({ code: 5, stdout: '' });
    expect(r.stderr).toBe(
      `fledge status: KUBECONFIG is set to ${join(tmp, 'absent.yaml')}, but no such file exists\n`,
    );
    const none = await fledge(['status'], {
      env: { KUBECONFIG: undefined, HOME: tmp, KUBERNETES_SERVICE_HOST: undefined },
    });
    expect(none.code).toBe(5);
    expect(none.stderr).toBe(
      'fledge status: no kubeconfig found: set KUBECONFIG, pass --kubeconfig PATH, or create ~/.kube/config\n',
    );
  });

  it('unreachable API server', async () => {
    const kc = join(tmp, 'dead.yaml');
    writeFileSync(
      kc,
      `apiVersion: v1
kind: Config
clusters: [{ name: dead, cluster: { server: "https://127.0.0.1:1", insecure-skip-tls-verify: true } }]
users: [{ name: someone, user: { token: x } }]
contexts: [{ name: dead, context: { cluster: dead, user: someone } }]
current-context: dead
`,
    );
    const r = await fledge(['status', '--kubeconfig', kc]);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(
      /^fledge status: cannot reach the Kubernetes API server \(connect ECONNREFUSED 127\.0\.0\.1:1\)/,
    );
    expect(r.stderr).not.toMatch(STACK);
  });
});

describe('kubectl fledge', () => {
  it('runs as a kubectl plugin', async () => {
    const bin = join(tmp, 'bin');
    mkdirSync(bin, { recursive: true });
    const plugin = join(bin, 'kubectl-fledge');
    writeFileSync(plugin, `#!/bin/sh\nexec "${process.execPath}" --import tsx "${mainTs}" "$@"\n`);
    chmodSync(plugin, 0o755);
    const env = {
      ...process.env,
      KUBECONFIG: testbed().KUBECONFIG,
      PATH: `${bin}${delimiter}${process.env['PATH'] ?? ''}`,
    };
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
        execFile(kubectlBin, args, { env, cwd: repo, timeout: 60_000 }, (err, stdout) => {
          if (err && typeof err.code !== 'number')
            reject(new Error(`kubectl ${args.join(' ')}: ${err.message}`));
          else resolve({ code: err ? Number(err.code) : 0, stdout });
        });
      });
    const version = await run(['fledge', '--version']);
    expect(version).toMatchObject({ code: 0 });
    expect(version.stdout).toMatch(/^fledge \d+\.\d+\.\d+/);
    const r = await run(['fledge', 'status', '-n', ns]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^web\s+Progressing/m);
  });
});
