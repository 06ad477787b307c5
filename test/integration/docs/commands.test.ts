/**
 * Commands of README.md, docs/cli.md and docs/flags.md, run with bash as
 * written against the test bed (the ledger in test/unit/docs/commands.test.ts
 * says which test runs which command). Declared substitutions, nothing else:
 * - `fledge` is this checkout's CLI (a PATH shim for `node --import tsx src/cli/main.ts`);
 * - `npm start`'s metrics port 8080 becomes a free port, and FLEDGE_NAMESPACE
 *   keeps that operator to an empty namespace so it cannot touch other tests;
 * - `fledge COMMAND --help` is run for every command.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands as cliCommands } from '../../../src/cli/main.js';
import { docCommands, repoRoot, type DocCommand } from '../../support/doc-commands.js';
import { testbed } from '../../support/env.js';
import { eventually } from '../../support/eventually.js';
import { kubectl, kubectlRun } from '../../support/kubectl.js';
import { createNamespace, startFledge, type Fledge } from '../../e2e/canary/support.js';

const env = testbed();
const shimDir = mkdtempSync(join(tmpdir(), 'fledge-shim-'));
writeFileSync(
  join(shimDir, 'fledge'),
  `#!/usr/bin/env bash\nexec "${process.execPath}" --import tsx "${join(repoRoot, 'src/cli/main.ts')}" "$@"\n`,
);
chmodSync(join(shimDir, 'fledge'), 0o755);

/**
 * Async on purpose: an operator started by this file pipes its logs through
 * this process, and a blocking spawnSync would stall it on a full pipe.
 */
function bash(script: string): Promise<{ code: number; stdout: string; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: repoRoot,
      env: { ...process.env, KUBECONFIG: env.KUBECONFIG, PATH: `${shimDir}:${process.env['PATH'] ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 180_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, out: `${stdout}\n${stderr}` }));
  });
}

function one(commands: DocCommand[], pattern: RegExp): string {
  const hits = commands.filter((c) => pattern.test(c.command));
  expect(
    hits.map((h) => h.command),
    `exactly one command matches ${pattern.source}`,
  ).toHaveLength(1);
  return hits[0]!.command;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** Every file under `dir` with its content, to prove a generator changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(repoRoot, dir))) {
    const rel = join(dir, name);
    if (statSync(join(repoRoot, rel)).isDirectory()) Object.assign(out, snapshot(rel));
    else out[rel] = readFileSync(join(repoRoot, rel), 'utf8');
  }
  return out;
}

describe("README.md's commands", () => {
  const readme = docCommands('README.md');

  it('kubectl apply -f crds/', async () => {
    const res = await bash(one(readme, /^kubectl apply -f crds\/$/));
    expect(res.code, res.out).toBe(0);
    expect(res.stdout).toMatch(/customresourcedefinition\.apiextensions\.k8s\.io\/canaries\.fledge\.dev/);
  });

  it('npm start -- … starts an operator that turns ready', async () => {
    const command = one(readme, /^npm start -- /);
    const port = await freePort();
    const ns = await createNamespace('doc-start');
    const child = spawn('bash', ['-c', `exec ${command.replace('127.0.0.1:8080', `127.0.0.1:${port}`)}`], {
      cwd: repoRoot,
      env: { ...process.env, KUBECONFIG: env.KUBECONFIG, FLEDGE_NAMESPACE: ns },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await eventually(
        async () => {
          if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${out}`);
          const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
          return res?.status === 200 ? true : undefined;
        },
        90_000,
        `the operator started by "${command}" is ready`,
      );
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('fledge_');
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
      await kubectlRun(['delete', 'namespace', ns, '--wait=false']);
    }
  }, 120_000);

  it('npm run gen:crds regenerates exactly what is committed', async () => {
    const dirs = ['crds', 'docs/reference', 'charts/fledge/crds'];
    const before = dirs.map(snapshot);
    const res = await bash(one(readme, /^npm run gen:crds$/));
    expect(res.code, res.out).toBe(0);
    expect(dirs.map(snapshot)).toEqual(before);
  }, 120_000);
});

describe("docs/cli.md's commands", () => {
  const page = docCommands('docs/cli.md');

  it('fledge --help lists every command', async () => {
    const res = await bash(one(page, /^fledge --help$/));
    expect(res.code, res.out).toBe(0);
    for (const name of Object.keys(cliCommands)) expect(res.stdout).toContain(name);
  });

  it.each(Object.keys(cliCommands))('fledge COMMAND --help, for %s', async (name) => {
    const res = await bash(one(page, /^fledge COMMAND --help$/).replace('COMMAND', name));
    expect(res.code, res.out).toBe(0);
    expect(res.stdout).toMatch(/Usage: fledge/);
  });

  it('fledge --version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    const res = await bash(one(page, /^fledge --version$/));
    expect(res.code, res.out).toBe(0);
    expect(res.stdout).toContain(version);
  });
});

describe("docs/flags.md's commands, on the page's own example in namespace shop", () => {
  const page = docCommands('docs/flags.md');
  let fledge: Fledge | undefined;

  beforeAll(async () => {
    await eventually(
      async () => ((await kubectlRun(['get', 'namespace', 'shop'])).code !== 0 ? true : undefined),
      120_000,
      'namespace shop from an earlier run is gone',
    );
    await kubectl(['create', 'namespace', 'shop']);
    await kubectl(['apply', '-n', 'shop', '-f', 'examples/flags/new-checkout.yaml']);
    fledge = startFledge('shop');
  });

  afterAll(async () => {
    await fledge?.stop();
    await kubectlRun(['delete', 'namespace', 'shop', '--wait=false']);
  });

  it('kubectl wait for Ready, then read its message', async () => {
    const wait = await bash(one(page, /^kubectl wait --for=condition=Ready ff\/new-checkout/));
    expect(wait.code, `${wait.out}\n${fledge?.logs().slice(-4000) ?? ''}`).toBe(0);
    const message = await bash(one(page, /^kubectl get ff new-checkout .*jsonpath/));
    expect(message.code, message.out).toBe(0);
    expect(message.stdout).toMatch(/fledge-flags-default/);
  }, 90_000);
});
