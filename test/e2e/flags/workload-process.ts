/** Starts and drives the simulated workload (workload.ts) from a test. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { TrafficConfig } from './workload.js';

const repo = join(import.meta.dirname, '..', '..', '..');

export interface Snapshot {
  at: number;
  share: number;
  users: number[];
}

export class Workload {
  private nextId = 1;
  private readonly waiting = new Map<number, (msg: Record<string, unknown>) => void>();
  private stderr = '';

  private metricsAt = '';

  private constructor(private readonly proc: ChildProcess) {
    proc.stderr?.on('data', (c: Buffer) => (this.stderr += c.toString()));
  }

  /** Where Prometheus scrapes it. */
  get metricsUrl(): string {
    return this.metricsAt;
  }

  static async start(
    kubeconfig: string,
    namespace: string,
    configMap: string,
    flag: string,
    dflt: unknown = false,
  ): Promise<Workload> {
    const proc = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join('test', 'e2e', 'flags', 'workload.ts'),
        namespace,
        configMap,
        flag,
        JSON.stringify(dflt),
      ],
      { cwd: repo, env: { ...process.env, KUBECONFIG: kubeconfig }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const w = new Workload(proc);
    const lines = createInterface({ input: proc.stdout });
    w.metricsAt = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`workload did not start in 30 s:\n${w.stderr}`)),
        30_000,
      );
      proc.once('exit', (code) => reject(new Error(`workload exited (${code}):\n${w.stderr}`)));
      lines.on('line', (line) => {
        const msg = JSON.parse(line) as Record<string, unknown>;
        if (typeof msg['metricsUrl'] === 'string') {
          clearTimeout(timer);
          resolve(msg['metricsUrl']);
          return;
        }
        const id = msg['id'] as number;
        w.waiting.get(id)?.(msg);
        w.waiting.delete(id);
      });
    });
    return w;
  }

  get log(): string {
    return this.stderr;
  }

  send<T = Record<string, unknown>>(cmd: Record<string, unknown>, timeoutMs = 60_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`workload: no answer to ${String(cmd['cmd'])} in ${timeoutMs} ms:\n${this.stderr}`));
      }, timeoutMs);
      this.waiting.set(id, (msg) => {
        clearTimeout(timer);
        if (msg['error']) reject(new Error(`workload: ${JSON.stringify(msg['error'])}`));
        else resolve(msg as T);
      });
      this.proc.stdin!.write(`${JSON.stringify({ id, ...cmd })}\n`);
    });
  }

  ready(): Promise<{ flags: string[] }> {
    return this.send({ cmd: 'ready' });
  }

  async traffic(traffic: TrafficConfig): Promise<void> {
    await this.send({ cmd: 'traffic', traffic });
  }

  /** Records, on every config change, which users of the pool get `variant`. */
  async watch(variant: string): Promise<void> {
    await this.send({ cmd: 'watch', variant });
  }

  async snapshots(): Promise<Snapshot[]> {
    return (await this.send<{ snapshots: Snapshot[] }>({ cmd: 'snapshots' })).snapshots;
  }

  async burst(requests: number): Promise<void> {
    await this.send({ cmd: 'burst', requests });
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null) return;
    const exited = new Promise<void>((r) => this.proc.once('exit', () => r()));
    this.proc.stdin?.end();
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(t);
  }
}
