/**
 * Starts the mesh simulator (test/support/mesh/main.ts, ours) as a detached
 * process. Its contract: one stdout line `MESH_READY <url>` once listening.
 * The recorded command line carries the port it got, so a re-spawn keeps the
 * URL that Prometheus scrapes.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BedError } from './bed-error.js';
import { StartError, isAlive, logTail, spawnDetached, stopProc } from './proc.js';
import { repoRoot } from './paths.js';
import type { ComponentState } from './state.js';

export const meshMain = join(repoRoot, 'test', 'support', 'mesh', 'main.ts');

export function meshAvailable(): boolean {
  return existsSync(meshMain);
}

export async function startMesh(
  dir: string,
  kubeconfig: string,
  onSpawned: (c: ComponentState) => Promise<void>,
  timeoutMs = 60_000,
): Promise<{ state: ComponentState; url: string }> {
  const logFile = join(dir, 'logs', 'mesh.log');
  const spec = {
    name: 'mesh',
    command: process.execPath,
    cwd: repoRoot,
    logFile,
    args: ['--import', 'tsx', meshMain, '--kubeconfig', kubeconfig, '--port', '0'],
  };
  const started = Date.now();
  const rec = spawnDetached(spec);
  await onSpawned({ ...rec, probe: { url: '' } });
  const deadline = started + timeoutMs;
  try {
    for (;;) {
      const text = await readFile(logFile, 'utf8').catch(() => '');
      const m = /^MESH_READY (http:\/\/\S+)\s*$/m.exec(text);
      if (m?.[1]) {
        const url = m[1].replace(/\/$/, '');
        const port = new URL(url).port;
        const args = [...spec.args.slice(0, -1), port];
        console.error(
          `[testbed] mesh ready in ${((Date.now() - started) / 1000).toFixed(1)}s at ${url} (pid ${rec.pid})`,
        );
        return { state: { ...rec, args, probe: { url: `${url}/metrics` } }, url };
      }
      if (!isAlive(rec)) throw new StartError('mesh', 'exited during start', await logTail(logFile));
      if (Date.now() > deadline) {
        throw new StartError('mesh', `no MESH_READY line after ${timeoutMs / 1000}s`, await logTail(logFile));
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    await stopProc(rec, 3000);
    if (!(err instanceof StartError)) throw err;
    throw new BedError(
      `test bed: the mesh simulator did not start: ${err.reason}; see ${logFile} (run \`npm ci\` if a module is missing)`,
      err.log,
      { cause: err },
    );
  }
}
