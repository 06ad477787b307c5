/**
 * docs/canary.md's walkthrough, as written, on the test bed: every ```sh
 * block of the page runs with bash in order, with the example's own 30 s
 * interval. The bed stands in for the user's cluster: the operator runs
 * scoped to `demo` with the bed's Prometheus, and the mesh simulator sends the
 * traffic a real mesh would. A `-w` command runs until the state its comment
 * names appears (the word after the last →), as a person watching would stop it.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docCommands, repoRoot, type DocCommand } from '../../support/doc-commands.js';
import { eventually } from '../../support/eventually.js';
import { kubectl, kubectlRun } from '../../support/kubectl.js';
import {
  bed,
  getCanary,
  phaseIs,
  startFledge,
  until,
  vsWeights,
  type Fledge,
} from '../../e2e/canary/support.js';

const { env, mesh } = bed();
const ns = 'demo';
const commands = docCommands('docs/canary.md');
let fledge: Fledge | undefined;

/** Runs one documented command; a `-w` watch ends once its output shows `until`. */
function run(c: DocCommand, timeoutMs: number): Promise<string> {
  const watchFor = / -w\b/.test(c.command) ? c.comment.split('→').at(-1)?.trim() : undefined;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', `exec ${c.command}`], {
      cwd: repoRoot,
      env: { ...process.env, KUBECONFIG: env.KUBECONFIG },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `"${c.command}" (${c.page}:${c.line}): no "${watchFor ?? 'exit'}" in ${timeoutMs} ms:\n${out}\n${fledge?.story() ?? ''}`,
        ),
      );
    }, timeoutMs);
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (watchFor && out.includes(watchFor)) child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (watchFor ? out.includes(watchFor) : code === 0) resolve(out);
      else reject(new Error(`"${c.command}" (${c.page}:${c.line}) exited ${code}:\n${out}`));
    });
  });
}

function blockOf(marker: string): DocCommand[] {
  const hit = commands.find((c) => c.command.includes(marker));
  if (!hit) throw new Error(`docs/canary.md has no command with "${marker}"`);
  return commands.filter((c) => c.block === hit.block);
}

beforeAll(async () => {
  await eventually(
    async () => ((await kubectlRun(['get', 'namespace', ns])).code !== 0 ? true : undefined),
    120_000,
    'namespace demo from an earlier run is gone',
  );
  fledge = startFledge(ns);
}, 180_000);

afterAll(async () => {
  await mesh.stopTraffic(ns, 'podinfo').catch(() => undefined);
  await kubectlRun(['-n', ns, 'delete', 'canaries', '--all', '--timeout=60s']);
  await fledge?.stop();
  await kubectlRun(['delete', 'namespace', ns, '--wait=false']);
});

describe('docs/canary.md, as written', () => {
  it('has the blocks this test runs', () => {
    expect(commands.map((c) => c.block)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 2]);
  });

  it('the walkthrough: Initialized, then 10 … 50, Promoting, Succeeded, and kubectl wait', async () => {
    const weights: number[] = [];
    for (const c of blockOf('kubectl create namespace demo')) {
      if (c.command.includes('set image')) {
        // What the user's mesh does: 100 rps through the VirtualService.
        await mesh.setTraffic(ns, 'podinfo', { rps: 100 });
        await mesh.setWorkload(ns, 'podinfo', { errorRate: 0 });
      }
      const sample = setInterval(() => {
        void vsWeights(ns, 'podinfo').then((w) => {
          if (w && w[1] > 0 && weights.at(-1) !== w[1]) weights.push(w[1]);
        });
      }, 1000);
      try {
        await run(c, 360_000);
      } finally {
        clearInterval(sample);
      }
    }
    expect(weights).toEqual([10, 20, 30, 40, 50]);
    expect((await getCanary(ns, 'podinfo')).status?.phase).toBe('Succeeded');
  }, 480_000);

  it('status and signals', async () => {
    const [list, metrics] = blockOf('get canaries');
    expect(await run(list!, 30_000)).toMatch(/podinfo\s+Succeeded\s+0\s+0/);
    const measured = JSON.parse(await run(metrics!, 30_000)) as { name: string; verdict: string }[];
    expect(measured.some((m) => m.name === 'request-success-rate' && m.verdict === 'Pass')).toBe(true);
  }, 60_000);

  it('the abort annotation rolls a rollout back', async () => {
    await kubectl([
      '-n',
      ns,
      'set',
      'image',
      'deploy/podinfo',
      'podinfod=ghcr.io/stefanprodan/podinfo:6.7.2',
    ]);
    await until(() => phaseIs(ns, 'podinfo', 'Progressing'), 60_000, 'Progressing');
    const [abort] = blockOf('fledge.dev/abort=true');
    await run(abort!, 30_000);
    const failed = await until(() => phaseIs(ns, 'podinfo', 'Failed'), 60_000, 'Failed after abort');
    expect(failed.status?.conditions?.find((c) => c.type === 'Promoted')?.status).toBe('False');
    expect(await vsWeights(ns, 'podinfo')).toEqual([100, 0]);
  }, 120_000);
});
