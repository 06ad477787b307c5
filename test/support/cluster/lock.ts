/**
 * A cross-process lock around up/down (`.testbed/lock`, a directory made
 * atomically), so two vitest runs or a person and a test run cannot start two
 * beds into the same state file. A lock whose owner died is taken over.
 */
import { readFileSync, statSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { testbedStateDir } from './paths.js';

const lockDir = join(testbedStateDir, 'lock');
const waitMs = 20 * 60_000; // a cold build holds it for minutes

function ownerAlive(): boolean {
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

export async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  await mkdir(testbedStateDir, { recursive: true });
  const deadline = Date.now() + waitMs;
  let announced = false;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (!ownerAlive()) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`test bed: ${lockDir} still held after ${waitMs / 60_000} min`);
      if (!announced) console.error('[testbed] waiting for another testbed up/down to finish…');
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
