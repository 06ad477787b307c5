/**
 * A private test bed beside the shared one: the same `test/support/cli.ts
 * up|down`, with FLEDGE_TESTBED_STATE_DIR pointing at a temp dir. For what
 * must not run on the shared bed (Flagger's CRDs take the names `canary` and
 * `metrictemplate`, so installing them there would change what every other
 * user's `kubectl get canary` means). Always torn down, also on failure.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv, type TestbedEnv } from '../../test/support/cluster/state.js';
import { repo } from './bed.js';

function cli(cmd: 'up' | 'down', stateDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('nice', ['-n', '5', 'npx', 'tsx', 'test/support/cli.ts', cmd], {
      cwd: repo,
      env: { ...process.env, FLEDGE_TESTBED_STATE_DIR: stateDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`private test bed: \`${cmd}\` exited ${code}: ${err.slice(-2000)}`)),
    );
  });
}

/** Starts a private bed, runs `fn` against it, and stops it whatever happens. */
export async function withPrivateBed<T>(fn: (env: TestbedEnv) => Promise<T>): Promise<T> {
  const stateDir = mkdtempSync(join(tmpdir(), 'fledge-bench-bed-'));
  try {
    await cli('up', stateDir);
    const env = parseEnv(readFileSync(join(stateDir, 'env'), 'utf8')) as TestbedEnv;
    return await fn(env);
  } finally {
    await cli('down', stateDir).catch((err: unknown) => console.error(String(err)));
    rmSync(stateDir, { recursive: true, force: true });
  }
}
