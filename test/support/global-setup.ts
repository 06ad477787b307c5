/**
 * vitest global setup of the `integration` project. Reuses the bed that
 * `.testbed/state.json` records when it is live (started by hand with
 * `npm run testbed:up`, or by another test run), else starts one. At the end
 * the bed is stopped only if a test run started it and no other run still
 * uses it; a bed started by hand stays up. FLEDGE_TESTBED_KEEP=1 keeps it.
 */
import type { TestProject } from 'vitest/node';
import './env.js';
import { describeBedFailure } from './cluster/bed-error.js';
import { kubectlRun } from './kubectl.js';
import { release, up } from './testbed.js';

/**
 * Every suite that starts the operator needs Fledge's CRDs: its informers
 * wait for them before /readyz turns ready. Applied on every run (server-side,
 * so a reused bed picks up changed CRDs) and waited for until Established.
 */
async function installFledgeCrds(kubeconfig: string): Promise<void> {
  const apply = await kubectlRun(['apply', '--server-side', '--force-conflicts', '-f', 'crds/'], {
    kubeconfig,
  });
  if (apply.code !== 0) throw new Error(`[testbed] kubectl apply -f crds/ failed: ${apply.stderr}`);
  const wait = await kubectlRun(['wait', '--for=condition=Established', '--timeout=60s', '-f', 'crds/'], {
    kubeconfig,
  });
  if (wait.code !== 0) throw new Error(`[testbed] Fledge CRDs not Established: ${wait.stderr}`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let env: Awaited<ReturnType<typeof up>>['env'];
  try {
    ({ env } = await up({ owner: 'vitest', user: process.pid }));
  } catch (err) {
    // vitest prints an error's stack; the person needs the one line that says what to do.
    const { detail, summary } = describeBedFailure(err);
    if (detail.trim()) console.error(detail.trimEnd());
    throw new Error(summary);
  }
  Object.assign(process.env, env);
  project.provide('testbed', env);
  await installFledgeCrds(env.KUBECONFIG);
  return async () => {
    if (process.env['FLEDGE_TESTBED_KEEP'] === '1') {
      console.error('[testbed] FLEDGE_TESTBED_KEEP=1: leaving the bed up (npm run testbed:down stops it)');
      return;
    }
    await release(process.pid);
  };
}
