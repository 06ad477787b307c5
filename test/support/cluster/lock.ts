/**
 * Cross-process locks made of a directory created atomically, holding the
 * owner's pid; a lock whose owner died is taken over. `withLock` guards
 * up/down of one bed (`.testbed/lock`), so two vitest runs or a person and a
 * test run cannot start two beds into the same state file; `withDirLock` with
 * another directory guards the shared build cache.
 */
import { readFileSync, statSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { testbedStateDir } from './paths.js';

const bedLockDir = join(testbedStateDir, 'lock');

function ownerAlive(lockDir: string): boolean {
  try {
    const pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EPERM') return true; // alive, not ours
    // No pid file: the owner is between mkdir and write, unless it died there long ago.
    if (code === 'ENOENT') return Date.now() - mtimeMs(lockDir) < 10_000;
    return false;
  }
}

function mtimeMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

export interface LockOptions {
  waitMs: number;
  /** Printed once when the lock is held by someone else. */
  waiting: string;
}

export async function withDirLock<T>(lockDir: string, fn: () => Promise<T>, opts: LockOptions): Promise<T> {
  await mkdir(dirname(lockDir), { recursive: true });
  const deadline = Date.now() + opts.waitMs;
  let announced = false;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (!ownerAlive(lockDir)) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`test bed: ${lockDir} still held after ${opts.waitMs / 60_000} min`);
      if (!announced) console.error(`[testbed] ${opts.waiting}`);
      announced = true;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

export function withLock<T>(fn: () => Promise<T>): Promise<T> {
  // A cold build happens inside `up` and holds it for minutes.
  return withDirLock(bedLockDir, fn, {
    waitMs: 60 * 60_000,
    waiting: 'waiting for another testbed up/down to finish…',
  });
}
