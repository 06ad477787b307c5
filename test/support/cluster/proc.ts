/**
 * Detached component processes: spawned in their own process group with output
 * to a log file, so they outlive `npm run testbed:up`, and recorded by pid and
 * command line so any later process (a test worker, `testbed:down`) can stop or
 * re-spawn them. Before signalling a recorded pid we check that it still runs
 * the recorded binary: a recycled pid is never killed.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { BedError } from './bed-error.js';

export interface ProcSpec {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  env?: Record<string, string>;
  cwd?: string;
  /** How long SIGTERM may take before SIGKILL (default 10 s). */
  graceMs?: number;
}

export interface ProcRecord extends ProcSpec {
  pid: number;
}

export function spawnDetached(spec: ProcSpec): ProcRecord {
  if (spec.command.startsWith('/') && !existsSync(spec.command)) {
    throw new BedError(
      `test bed: ${spec.name} cannot start: ${spec.command} does not exist; run \`npm run testbed:build\``,
    );
  }
  const fd = openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.command, spec.args, {
      detached: true,
      cwd: spec.cwd,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, ...spec.env },
    });
    if (child.pid === undefined) {
      throw new BedError(`test bed: ${spec.name} cannot start: could not run ${spec.command}`);
    }
    child.on('error', () => undefined); // reported by the readiness wait (process gone)
    child.unref();
    return { ...spec, pid: child.pid };
  } finally {
    closeSync(fd);
  }
}

/** Alive and still our binary (not a zombie, not a recycled pid). */
export function isAlive(rec: Pick<ProcRecord, 'pid' | 'command'>): boolean {
  try {
    const stat = readFileSync(`/proc/${rec.pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
    const argv0 = readFileSync(`/proc/${rec.pid}/cmdline`, 'utf8').split('\0')[0];
    return argv0 === rec.command;
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProc(rec: ProcRecord, graceMs = rec.graceMs ?? 10_000): Promise<void> {
  if (!isAlive(rec)) return;
  signal(rec.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(rec)) return;
    await sleep(50);
  }
  signal(rec.pid, 'SIGKILL');
  for (let i = 0; i < 100 && isAlive(rec); i++) await sleep(50);
  if (isAlive(rec)) throw new Error(`${rec.name} (pid ${rec.pid}) survived SIGKILL`);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

export async function logTail(file: string, lines = 30): Promise<string> {
  try {
    const text = await readFile(file, 'utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n');
  } catch {
    return '(no log)';
  }
}

/** A port that was free a moment ago; callers retry on collision. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

export class StartError extends Error {
  constructor(
    readonly component: string,
    readonly reason: string,
    readonly log: string,
  ) {
    super(`${component}: ${reason}\n--- last lines of ${component}'s log ---\n${log}`);
    this.name = 'StartError';
  }

  get portInUse(): boolean {
    return /address already in use|bind: address/i.test(this.log);
  }
}

/**
 * Polls `ready` until it is true. Fails fast, with the log tail, when the
 * process exits; fails with the log tail on timeout.
 */
export async function waitReady(
  rec: ProcRecord,
  ready: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(rec)) throw new StartError(rec.name, `exited during start`, await logTail(rec.logFile));
    if (await ready().catch(() => false)) return;
    await sleep(100);
  }
  throw new StartError(rec.name, `not ready after ${timeoutMs / 1000}s`, await logTail(rec.logFile));
}
