/**
 * The two processes the flag e2e runs beside the test: the operator, started
 * as `fledge run` exactly as a user would (its own Node process, so SIGTERM
 * reaches it), and an SDK workload (sdk-probe.ts) driven over stdio.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const repo = join(import.meta.dirname, '..', '..', '..');

async function until<T>(fn: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export interface OperatorProcess {
  proc: ChildProcess;
  output(): string;
  metricsUrl: string;
  stop(): Promise<void>;
}

/** `fledge run -n <namespace>`; resolves once /readyz answers 200 (informers synced). */
export async function startFledge(kubeconfig: string, namespace: string): Promise<OperatorProcess> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'run', '-n', namespace, '--metrics-addr', '127.0.0.1:0'],
    { cwd: repo, env: { ...process.env, KUBECONFIG: kubeconfig }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  proc.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const addr = await until(
      () => /"metricsAddr":"([^"]+)"/.exec(out)?.[1] ?? (proc.exitCode !== null ? 'exited' : undefined),
      60_000,
      'fledge run to log its metrics address',
    );
    if (addr === 'exited') throw new Error(`fledge run exited early:\n${out}`);
    const metricsUrl = `http://${addr}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ok = await fetch(`${metricsUrl}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`fledge run never became ready:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return { proc, output: () => out, metricsUrl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export interface EvalResult {
  value: unknown;
  variant?: string;
  reason: string;
  errorCode?: string;
}

/** The SDK workload: one command in, one answer out. */
export class SdkProbe {
  private nextId = 1;
  private readonly waiting = new Map<number, (msg: Record<string, unknown>) => void>();
  private stderr = '';

  private constructor(private readonly proc: ChildProcess) {
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const msg = JSON.parse(line) as Record<string, unknown>;
      const id = msg['id'] as number;
      this.waiting.get(id)?.(msg);
      this.waiting.delete(id);
    });
    proc.stderr?.on('data', (c: Buffer) => (this.stderr += c.toString()));
  }

  static start(kubeconfig: string, namespace: string, configMap: string): SdkProbe {
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', join('test', 'e2e', 'flags', 'sdk-probe.ts'), namespace, configMap],
      { cwd: repo, env: { ...process.env, KUBECONFIG: kubeconfig }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    return new SdkProbe(proc);
  }

  get log(): string {
    return this.stderr;
  }

  send<T = Record<string, unknown>>(cmd: Record<string, unknown>, timeoutMs = 60_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(
          new Error(
            `sdk probe: no answer to ${String(cmd['cmd'])} in ${timeoutMs} ms; stderr:\n${this.stderr}`,
          ),
        );
      }, timeoutMs);
      this.waiting.set(id, (msg) => {
        clearTimeout(timer);
        if (msg['error']) reject(new Error(`sdk probe: ${JSON.stringify(msg['error'])}`));
        else resolve(msg as T);
      });
      this.proc.stdin!.write(`${JSON.stringify({ id, ...cmd })}\n`);
    });
  }

  ready(): Promise<{ flags: string[] }> {
    return this.send({ cmd: 'ready' });
  }

  async eval(flag: string, dflt: unknown, contexts: object[]): Promise<EvalResult[]> {
    return (await this.send<{ results: EvalResult[] }>({ cmd: 'eval', flag, default: dflt, contexts }))
      .results;
  }

  split(
    flag: string,
    dflt: unknown,
    keys: string[],
  ): Promise<{ counts: Record<string, number>; digest: string }> {
    return this.send({ cmd: 'split', flag, default: dflt, keys });
  }

  /** Resolves with the time (ms, wall clock) the probe first saw `context` evaluate to `value`. */
  async waitFor(
    flag: string,
    dflt: unknown,
    context: object,
    value: unknown,
    opts: { reason?: string; timeoutMs?: number } = {},
  ): Promise<{ at?: number; timeout?: boolean; already?: boolean; last?: EvalResult }> {
    const timeoutMs = opts.timeoutMs ?? 10_000;
    return this.send(
      { cmd: 'waitFor', flag, default: dflt, context, value, reason: opts.reason, timeoutMs },
      timeoutMs + 5_000,
    );
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((r) => this.proc.once('exit', () => r()));
    if (this.proc.exitCode !== null) return;
    this.proc.stdin?.end();
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(t);
  }
}
