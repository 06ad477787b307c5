/**
 * docs/install.md promises that its `sh` blocks run as written: this runs
 * them, in order, with bash against the test bed (Helm of the bed first on
 * PATH), then removes what they installed. The CRDs they apply are the ones
 * the bed already has; they stay.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testbed } from '../../support/env.js';
import { eventually, repoRoot, run } from './helm.js';

const page = readFileSync(join(repoRoot, 'docs', 'install.md'), 'utf8');
const blocks = [...page.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
const NAMESPACES = ['fledge-system', 'team-a', 'team-b'];
let existed: string[] = [];

function bash(script: string): { code: number; stdout: string; stderr: string } {
  const bed = testbed();
  const res = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 180_000,
    env: {
      ...process.env,
      KUBECONFIG: bed.KUBECONFIG,
      PATH: `${dirname(bed.HELM)}:${process.env['PATH'] ?? ''}`,
    },
  });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

beforeAll(async () => {
  // A previous run's namespace may still be terminating: wait for it to go.
  await eventually(
    async () =>
      (await run(['get', 'namespace', 'fledge-system', '-o', 'jsonpath={.status.phase}'])).stdout !==
      'Terminating',
    120_000,
    'namespace fledge-system to finish terminating',
  );
  const got = await run(['get', 'namespace', ...NAMESPACES, '--ignore-not-found', '-o', 'name']);
  existed = got.stdout
    .split('\n')
    .filter(Boolean)
    .map((n) => n.replace('namespace/', ''));
  // The page installs into fledge-system: it must not be someone else's.
  expect(existed).not.toContain('fledge-system');
}, 150_000);

afterAll(() => {
  bash('helm uninstall fledge --namespace fledge-system --wait >/dev/null 2>&1 || true');
  bash('kubectl delete -f deploy/ --ignore-not-found --wait=false >/dev/null 2>&1 || true');
  const mine = NAMESPACES.filter((n) => !existed.includes(n));
  bash(`kubectl delete namespace ${mine.join(' ')} --ignore-not-found --wait=false`);
});

describe('docs/install.md', () => {
  it('has the kubectl, Helm, namespaced and uninstall steps', () => {
    expect(blocks.join('\n')).toMatch(/kubectl apply -f crds\/ -f deploy\//);
    expect(blocks.join('\n')).toMatch(/helm install fledge charts\/fledge/);
    expect(blocks.join('\n')).toMatch(/watchNamespaces=\{team-a,team-b\}/);
    expect(blocks.join('\n')).toMatch(/helm uninstall fledge/);
  });

  it('every sh block runs as written, in order', () => {
    for (const [i, block] of blocks.entries()) {
      const res = bash(block);
      expect(res.code, `block ${i + 1}:\n${block}\nstdout:\n${res.stdout}\nstderr:\n${res.stderr}`).toBe(0);
      // The page says: the first can-i answers yes, the second no.
      if (block.includes('auth can-i'))
        expect(res.stdout.trim().split('\n').slice(-2)).toEqual(['yes', 'no']);
    }
  }, 600_000);
});
