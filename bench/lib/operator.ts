/**
 * The operator as a benchmark runs it: `fledge run` in its own Node process
 * (as a user would start it), scoped to the benchmark's namespaces so it
 * never touches what other users of the shared bed run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestbedEnv } from '../../test/support/cluster/state.js';
import { repo, sleep, waitFor } from './bed.js';

export interface Operator {
  pid: number;
  /** Wall-clock time the process was spawned. */
  startedAt: number;
  metricsUrl: string;
  logFile: string;
  logs(): string;
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

export interface OperatorOptions {
  namespaces: string[];
  logLevel?: 'info' | 'debug';
  workers?: number;
  /** Run compiled JavaScript (see buildOperator) instead of the TypeScript through tsx. */
  builtMain?: string;
  /** Extra `node --import` modules (plain JavaScript) and environment for the process. */
  preload?: string[];
  env?: Record<string, string>;
  /** Node/V8 options placed before the script (e.g. `--max-semi-space-size=2`). */
  nodeArgs?: string[];
}

/**
 * Compiles src/ to a temporary directory and returns its CLI entry point, so
 * memory and CPU figures are those of plain JavaScript, as the image runs it,
 * without tsx's loader. Type errors elsewhere in the tree do not stop the emit.
 */
export async function buildOperator(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'fledge-bench-dist-'));
  await new Promise<void>((resolve, reject) => {
    const tsc = spawn(
      process.execPath,
      [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', out],
      { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    tsc.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    tsc.once('error', reject);
    tsc.once('exit', () =>
      existsSync(join(out, 'src', 'cli', 'main.js')) ? resolve() : reject(new Error(err)),
    );
  });
  // The compiled ESM needs the repo's node_modules and package.json (type: module) next to it.
  symlinkSync(join(repo, 'node_modules'), join(out, 'node_modules'));
  symlinkSync(join(repo, 'package.json'), join(out, 'package.json'));
  return join(out, 'src', 'cli', 'main.js');
}

export async function startOperator(env: TestbedEnv, opts: OperatorOptions): Promise<Operator> {
  const dir = mkdtempSync(join(tmpdir(), 'fledge-bench-'));
  const logFile = join(dir, 'operator.log');
  const out = createWriteStream(logFile);
  const args = [...(opts.nodeArgs ?? []), ...(opts.preload ?? []).flatMap((p) => ['--import', p])];
  // For the explanations in the results files: a V8 CPU profile of the operator, written when it exits.
  const profileDir = process.env['FLEDGE_BENCH_CPU_PROF'];
  if (profileDir) args.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  args.push(...(opts.builtMain ? [opts.builtMain, 'run'] : ['--import', 'tsx', 'src/cli/main.ts', 'run']));
  for (const ns of opts.namespaces) args.push('--namespace', ns);
  args.push(
    '--metrics-addr',
    '127.0.0.1:0',
    '--prometheus-url',
    env.PROMETHEUS_URL,
    '--kubeconfig',
    env.KUBECONFIG,
    '--log-level',
    opts.logLevel ?? 'info',
  );
  if (opts.workers) args.push('--workers', String(opts.workers));
  const startedAt = Date.now();
  const proc: ChildProcess = spawn(process.execPath, args, {
    cwd: repo,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.pipe(out);
  proc.stderr?.pipe(out);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const logs = (): string => readFileSync(logFile, 'utf8');
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!done) {
      proc.kill('SIGKILL');
      await exited;
    }
  };
  try {
    const addr = await waitFor(
      () => {
        if (proc.exitCode !== null) throw new Error(`fledge run exited ${proc.exitCode}:\n${logs()}`);
        return /"metricsAddr":"([^"]+)"/.exec(logs())?.[1];
      },
      120_000,
      'fledge run to log its metrics address',
    );
    const metricsUrl = `http://${addr}`;
    await waitFor(
      async () => ((await fetch(`${metricsUrl}/readyz`)).status === 200 ? true : undefined),
      180_000,
      'fledge run /readyz',
    );
    return {
      pid: proc.pid ?? 0,
      startedAt,
      metricsUrl,
      logFile,
      logs,
      metrics: async () => (await fetch(`${metricsUrl}/metrics`)).text(),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
