/**
 * The processes the demo runs beside itself: the operator (`fledge run`), the
 * `fledge` CLI as a user types it, and the SDK workload. Each child is
 * tracked so Ctrl-C (or the end of a --no-wait run) stops all of them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
const children = new Set<ChildProcess>();

function node(args: string[], env: NodeJS.ProcessEnv, stdio: 'pipe' | 'inherit'): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: repo,
    env: { ...process.env, ...env },
    stdio: ['ignore', stdio, stdio],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export interface Operator {
  logFile: string;
  stop(): Promise<void>;
}

/** `fledge run`, scoped to the demo namespace, logging (JSON, pino) to a file. */
export function startOperator(opts: {
  namespace: string;
  kubeconfig: string;
  prometheusUrl: string;
  dir: string;
}): Operator {
  const logFile = join(opts.dir, 'operator.log');
  const out = createWriteStream(logFile);
  const child = node(
    [
      'src/cli/main.ts',
      'run',
      '--namespace',
      opts.namespace,
      '--metrics-addr',
      '127.0.0.1:0',
      '--prometheus-url',
      opts.prometheusUrl,
      '--kubeconfig',
      opts.kubeconfig,
    ],
    {},
    'pipe',
  );
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return { logFile, stop: () => stopChild(child) };
}

/**
 * Runs `fledge ARGS…` with its output shown as the user would see it;
 * resolves with the exit code and when it first printed (the API call is done by then).
 */
export function fledge(args: string[], kubeconfig: string): Promise<{ code: number; printedAt?: number }> {
  const child = node(['src/cli/main.ts', ...args], { KUBECONFIG: kubeconfig }, 'pipe');
  let printedAt: number | undefined;
  child.stdout?.on('data', (d: Buffer) => {
    printedAt ??= Date.now();
    process.stdout.write(d);
  });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
  return new Promise((resolve) =>
    child.once('close', (code) => resolve({ code: code ?? 1, ...(printedAt ? { printedAt } : {}) })),
  );
}

export interface WorkloadLine {
  at: number;
  flag: string;
  answers: Record<string, string>;
}

export interface Workload {
  /** Resolves with the first line (after `since`) that `accept` takes. */
  next(accept: (l: WorkloadLine) => boolean, timeoutMs: number): Promise<WorkloadLine>;
  stop(): Promise<void>;
}

/** The SDK workload (scripts/demo/workload.ts); its lines are printed as they come. */
export function startWorkload(opts: {
  namespace: string;
  configMap: string;
  flag: string;
  kubeconfig: string;
  print: (l: WorkloadLine) => void;
}): Workload {
  const child = node(
    ['scripts/demo/workload.ts', opts.namespace, opts.configMap, opts.flag],
    { KUBECONFIG: opts.kubeconfig },
    'pipe',
  );
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`  workload: ${d.toString()}`));
  const lines: WorkloadLine[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as WorkloadLine;
    lines.push(line);
    opts.print(line);
    for (const wake of waiters) wake();
  });
  return {
    next: (accept, timeoutMs) =>
      new Promise((resolve, reject) => {
        const seen = lines.length;
        const check = (): void => {
          const hit = lines.slice(seen).find(accept);
          if (!hit) return;
          cleanup();
          resolve(hit);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`the workload did not see the change within ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
      }),
    stop: () => stopChild(child),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Stops every child still running (Ctrl-C path). */
export async function stopAll(): Promise<void> {
  await Promise.all([...children].map(stopChild));
}
