/**
 * A bed that cannot come up says so in one plain last line that names what is
 * missing or broken and what to run, and leaves nothing running. Each case
 * starts a private bed (FLEDGE_TESTBED_STATE_DIR) with one real fault: a
 * missing binary, a port another process holds, a flag a component rejects.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/cluster/paths.js';

const stateDirs: string[] = [];

afterAll(async () => {
  for (const dir of stateDirs) {
    // Should a case have failed half-way, stop what its state dir still records.
    await cli(['down'], dir, {});
    rmSync(dir, { recursive: true, force: true });
  }
});

function cli(
  args: string[],
  stateDir: string,
  env: Record<string, string>,
): Promise<{ code: number; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/cli.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env, FLEDGE_TESTBED_STATE_DIR: stateDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? -1, err }));
  });
}

/** Processes whose command line mentions `text` (the bed's temp dir is in every component's). */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.includes(text)) found.push(`${pid}: ${cmd.slice(0, 160)}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function failedUp(env: Record<string, string>): Promise<{ last: string; bedDir: string; err: string }> {
  const stateDir = mkdtempSync(join(tmpdir(), 'fledge-bed-fault-'));
  stateDirs.push(stateDir);
  const { code, err } = await cli(['up'], stateDir, env);
  expect(code, err).toBe(1);
  const lines = err.trimEnd().split('\n');
  const bedDir = /starting in (\S+)/.exec(err)?.[1] ?? '';
  expect(bedDir, err).toMatch(/fledge-testbed-/);
  return { last: lines.at(-1) ?? '', bedDir, err };
}

describe('a bed that cannot start', () => {
  it('names a missing binary and what to run, and stops everything it started', async () => {
    const { last, bedDir } = await failedUp({ PROMETHEUS_BIN: '/nonexistent/fledge/prometheus' });
    expect(last).toBe(
      '[testbed] test bed: prometheus cannot start: /nonexistent/fledge/prometheus does not exist; run `npm run testbed:build`',
    );
    expect(processesMentioning(bedDir)).toEqual([]);
  });

  it('names a port another process holds, and stops everything it started', async () => {
    const holder: Server = createServer();
    const port = await new Promise<number>((resolve) =>
      holder.listen(0, '127.0.0.1', () => resolve((holder.address() as { port: number }).port)),
    );
    try {
      const { last, bedDir } = await failedUp({ FLEDGE_TESTBED_PROMETHEUS_PORT: String(port) });
      expect(last).toBe(
        `[testbed] test bed: prometheus did not start: port ${port} (FLEDGE_TESTBED_PROMETHEUS_PORT) is taken by another process; free it or unset that variable`,
      );
      expect(processesMentioning(bedDir)).toEqual([]);
    } finally {
      holder.close();
    }
  });

  it('names a component that rejects a flag, shows its log, and stops what started before it', async () => {
    const { last, bedDir, err } = await failedUp({ FLEDGE_TESTBED_KUBE_APISERVER_ARGS: '--no-such-flag=1' });
    expect(last).toMatch(
      /^\[testbed\] test bed: kube-apiserver did not start: it rejected a command-line flag \(check FLEDGE_TESTBED_KUBE_APISERVER_ARGS\); see \S+kube-apiserver\.log$/,
    );
    // The detail above the last line is the component's own complaint.
    expect(err).toMatch(/unknown flag: --no-such-flag/);
    // etcd had started before the apiserver failed: it must be gone too.
    expect(err).toMatch(/etcd ready/);
    expect(processesMentioning(bedDir)).toEqual([]);
  });
});
