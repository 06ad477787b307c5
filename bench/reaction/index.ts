/**
 * Benchmark 3: how fast the operator reacts. A revision change (pod template
 * patch) → the Canary Progressing with the canary scaled up; and the
 * reconcile that judged an analysis → the VirtualService weight changing.
 * The full run starts a private bed and runs the same scenario with Fledge,
 * then (Fledge's CRDs deleted, Flagger's installed) with Flagger; quick mode
 * runs Fledge only, on the bed it is given.
 */
import { join } from 'node:path';
import type { KubeClient } from '../../src/kube/client.js';
import type { TestbedEnv } from '../../test/support/cluster/state.js';
import { kubectl } from '../../test/support/kubectl.js';
import { applyCrds, bedEnv, bedVersions, kubeFor, repo } from '../lib/bed.js';
import { machineInfo } from '../lib/machine.js';
import { withPrivateBed } from '../lib/private-bed.js';
import { machineSection, writeResult } from '../lib/report.js';
import { runFlaggerScenario } from './flagger-run.js';
import { flaggerBin, flaggerStatus, moduleVersion, type FlaggerStatus } from './flagger.js';
import { runFledgeScenario } from './fledge.js';
import { render } from './render.js';
import type { ScenarioResult } from './scenario.js';

export { TARGET_MS } from './render.js';
export const FULL = { releases: 5, intervalSeconds: 10 };
export const QUICK = { releases: 1, intervalSeconds: 5 };

export async function runReaction(opts: {
  quick: boolean;
  command: string;
  out?: string;
  env?: TestbedEnv;
}): Promise<{ fledge: ScenarioResult; flagger: FlaggerStatus; markdown: string }> {
  const started = new Date();
  const machine = machineInfo();
  const o = opts.quick ? QUICK : FULL;
  const flagger = await flaggerStatus({ build: !opts.quick });
  const run = async (env: TestbedEnv, bed: string): Promise<{ fledge: ScenarioResult; markdown: string }> => {
    const kube = kubeFor(env);
    try {
      await applyCrds(env);
      const fledge = await runFledgeScenario(env, kube, o.releases, o.intervalSeconds);
      const versions = await bedVersions(env, kube);
      if (opts.quick) {
        console.log('  [flagger] skipped in quick mode (it needs a private bed; the full run has it)');
        flagger.notes.push(
          '- **Quick mode: Flagger was not run.** It needs a private bed of its own; `npx tsx bench/run.ts reaction` runs it.',
        );
      } else {
        await runFlagger(env, kube, flagger, o);
      }
      const markdown = render({
        fledge,
        flagger,
        quick: opts.quick,
        machine: machineSection(opts.command, started, machine),
        bed,
        versions: [...versions, `- Flagger: ${flagger.version ?? 'not built'}`],
      });
      return { fledge, markdown };
    } finally {
      kube.close();
    }
  };
  const { fledge, markdown } = opts.quick
    ? await run(opts.env ?? bedEnv(), 'the shared test bed')
    : await withPrivateBed((env) =>
        run(
          env,
          'a private test bed started for this run (`FLEDGE_TESTBED_STATE_DIR=<temp dir> tsx test/support/cli.ts up`, `down` at the end): Fledge first, then Fledge’s CRDs deleted and Flagger’s installed',
        ),
      );
  if (opts.out) writeResult(opts.out, markdown);
  return { fledge, flagger, markdown };
}

/** Swaps Fledge's CRDs for Flagger's on the private bed and runs the scenario with Flagger. */
async function runFlagger(
  env: TestbedEnv,
  kube: KubeClient,
  flagger: FlaggerStatus,
  o: { releases: number; intervalSeconds: number },
): Promise<void> {
  const version = moduleVersion(flagger);
  if (!version) {
    flagger.notes.push('- **Flagger was not run**: no binary (see above).');
    return;
  }
  await kubectl(['delete', '-f', join(repo, 'crds'), '--ignore-not-found'], { kubeconfig: env.KUBECONFIG });
  try {
    const r = await runFlaggerScenario(env, kube, flaggerBin, version, o.releases, o.intervalSeconds);
    flagger.ran = true;
    flagger.result = r;
    flagger.notes.push(
      `- Run: \`flagger -kubeconfig <private bed> -mesh-provider=istio -metrics-server=<timing proxy → private Prometheus> -namespace=<ns> -enable-leader-election=false -log-level=debug\`, Canary \`flagger.app/v1beta1\` with the same interval, threshold, stepWeight and maxWeight, and the builtin \`request-success-rate\` check (min 99 %, 15 s window). Log: \`${r.logFile}\` (removed with the temp dir on reboot).`,
    );
  } catch (err) {
    console.error(err);
    flagger.notes.push(
      `- **Flagger run failed**: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`,
    );
  }
}
