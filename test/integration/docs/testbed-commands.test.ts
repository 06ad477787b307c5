/**
 * The test bed's lifecycle as README.md and docs/testbed.md write it (up,
 * env, kubectl get nodes, status, down), run with bash exactly as written,
 * on a second bed beside the one the test run uses: FLEDGE_TESTBED_STATE_DIR
 * points both the commands and `.testbed/env` at a temp dir, so `down` stops
 * only that bed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docCommands, repoRoot, type DocCommand } from '../../support/doc-commands.js';

const stateDir = mkdtempSync(join(tmpdir(), 'fledge-doc-bed-'));

/** The ```sh block of `page` that holds `marker`, as one script. */
function blockWith(commands: DocCommand[], marker: string): string {
  const hit = commands.find((c) => c.command.includes(marker));
  if (!hit) throw new Error(`no command with "${marker}" on ${commands[0]?.page ?? 'the page'}`);
  return commands
    .filter((c) => c.block === hit.block)
    .map((c) => c.command)
    .join('\n');
}

function withoutKubeconfig(): NodeJS.ProcessEnv {
  const { KUBECONFIG: _omit, ...rest } = process.env;
  return rest;
}

function bash(script: string): { code: number; out: string } {
  // The only substitution: the env file of the second bed is in its state dir.
  const body = script.replaceAll('.testbed/env', '"$FLEDGE_TESTBED_STATE_DIR/env"');
  const res = spawnSync('bash', ['-euo', 'pipefail', '-c', body], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 240_000,
    // A fresh shell: no KUBECONFIG of the test run's bed; the docs' commands must set it.
    env: { ...withoutKubeconfig(), FLEDGE_TESTBED_STATE_DIR: stateDir },
  });
  return { code: res.status ?? -1, out: `${res.stdout}\n${res.stderr}` };
}

afterAll(() => {
  // Should `down` have failed, stop what the state dir still records.
  spawnSync('npx', ['tsx', 'test/support/cli.ts', 'down'], {
    cwd: repoRoot,
    env: { ...process.env, FLEDGE_TESTBED_STATE_DIR: stateDir },
    timeout: 120_000,
  });
  rmSync(stateDir, { recursive: true, force: true });
});

describe('test bed commands as the docs write them', () => {
  it("README.md's block: up, source the env, kubectl get nodes, down", () => {
    const script = blockWith(docCommands('README.md'), 'npm run testbed:up');
    expect(script).toContain('npm run testbed:down');
    const res = bash(script);
    expect(res.code, res.out).toBe(0);
    // kubectl talked to the second bed's apiserver: kwok's fake node is listed as Ready.
    expect(res.out).toMatch(/\bReady\b/);
    expect(res.out).toContain('[testbed] stopped and removed');
  }, 300_000);

  it("docs/testbed.md's block: build, eval up, kubectl, status, down", () => {
    const script = blockWith(docCommands('docs/testbed.md'), 'testbed:up');
    expect(script).toContain('status');
    const res = bash(script);
    expect(res.code, res.out).toBe(0);
    expect(res.out).toMatch(/\bReady\b/);
    expect(res.out).toMatch(/^live: /m);
    expect(res.out).toContain('[testbed] stopped and removed');
  }, 300_000);
});
