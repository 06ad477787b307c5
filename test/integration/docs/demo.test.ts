/**
 * README's first command, `npm run demo`, end to end on the bed this test
 * run uses (`--no-wait` exits after the summary instead of waiting for
 * Ctrl-C; a namespace of its own keeps it apart from other tests).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/doc-commands.js';
import { testbed } from '../../support/env.js';
import { eventually } from '../../support/eventually.js';
import { kubectlRun } from '../../support/kubectl.js';

const env = testbed();

function demo(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'demo', '--', ...args], {
      cwd: repoRoot,
      env: { ...process.env, KUBECONFIG: env.KUBECONFIG },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => resolve({ code: code ?? -1, out }));
  });
}

describe('npm run demo', () => {
  it('promotes a healthy release, rolls back a faulty one, flips a flag a workload sees, and cleans up', async () => {
    const ns = `demo-${randomBytes(3).toString('hex')}`;
    const { code, out } = await demo(['--no-wait', '--namespace', ns]);
    expect(code, out).toBe(0);
    expect(out).toContain('reusing the running bed');
    expect(out).toMatch(/✔ release 6\.7\.1: Succeeded after \d+ s/);
    expect(out).toMatch(/✔ release 6\.7\.2: Failed after \d+ s/);
    expect(out).toMatch(/✔ flag disabled: seen by the workload (\d+ ms after|before) the command/);
    expect(out).toMatch(/✔ flag enabled: seen by the workload (\d+ ms after|before) the command/);
    // The live progress of `fledge watch` (one line per change in a pipe) showed the weights.
    expect(out).toMatch(/Progressing.*\b10\b/);
    expect(out).toContain(`kubectl -n ${ns} get canaries,featureflags`);
    // Cleaned up: its namespace goes, the shared bed stays.
    await eventually(
      async () => {
        const res = await kubectlRun(['get', 'namespace', ns, '-o', 'jsonpath={.status.phase}']);
        return res.code !== 0 || res.stdout === 'Terminating' ? true : undefined;
      },
      60_000,
      `namespace ${ns} deleted`,
    );
    expect((await kubectlRun(['get', 'nodes'])).code).toBe(0);
  }, 420_000);
});
