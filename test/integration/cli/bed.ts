/**
 * Runs the `fledge` CLI as a user does, as a separate process
 * (`node --import tsx src/cli/main.ts …`), against the test bed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { testbed } from '../../support/env.js';
import { kubectl, kubectlRun } from '../../support/kubectl.js';

export const repo = join(import.meta.dirname, '..', '..', '..');
export const mainTs = join(repo, 'src', 'cli', 'main.ts');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Replaces KUBECONFIG (undefined removes it). */
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

function childEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: testbed().KUBECONFIG, NO_COLOR: '1' };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** Starts the CLI; the caller collects output. */
export function spawnCli(
  args: string[],
  opts: CliOptions = {},
): ChildProcess & { output: Promise<CliResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', mainTs, ...args], {
    cwd: repo,
    env: childEnv(opts.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: opts.timeoutMs ?? 60_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const output = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? -1 : 0), stdout, stderr }));
  });
  return Object.assign(child, { output });
}

export function fledge(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return spawnCli(args, opts).output;
}

export const k = (args: string[], input?: string): Promise<string> =>
  kubectl(args, { kubeconfig: testbed().KUBECONFIG, ...(input !== undefined ? { input } : {}) });

export async function setUpNamespace(prefix: string): Promise<string> {
  await k(['apply', '--server-side', '--force-conflicts', '-f', join(repo, 'crds')]);
  await k([
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    'crd/canaries.fledge.dev',
    'crd/featureflags.fledge.dev',
    'crd/metrictemplates.fledge.dev',
  ]);
  const ns = `${prefix}-${randomBytes(3).toString('hex')}`;
  await k(['create', 'namespace', ns]);
  return ns;
}

export async function deleteNamespace(ns: string): Promise<void> {
  await kubectlRun(['delete', 'namespace', ns, '--wait=false'], { kubeconfig: testbed().KUBECONFIG });
}

/** Events recorded about `name` in `ns` with `reason`, newest last. */
export async function eventsOf(
  ns: string,
  reason: string,
): Promise<{ note?: string; regarding?: { name?: string } }[]> {
  const list = JSON.parse(await k(['get', 'events.events.k8s.io', '-n', ns, '-o', 'json'])) as {
    items: { reason?: string; note?: string; regarding?: { name?: string } }[];
  };
  return list.items.filter((e) => e.reason === reason);
}

/** A stack trace line, which the CLI must never print. */
export const STACK = /^\s+at .+\(.+:\d+:\d+\)$/m;
