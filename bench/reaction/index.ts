/**
 * Benchmark 3: how fast the operator reacts. A revision change (pod template
 * patch) → the Canary Progressing with the canary scaled up; and the
 * reconcile that judged an analysis → the VirtualService weight changing.
 * Flagger is built from its Go module for comparison (see flagger.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { TestbedEnv } from '../../test/support/cluster/state.js';
import { applyCrds, bedEnv, bedVersions, kubeFor, quantile } from '../lib/bed.js';
import { machineInfo } from '../lib/machine.js';
import { fmt, machineSection, table, writeResult } from '../lib/report.js';
import { flaggerStatus, type FlaggerStatus } from './flagger.js';
import { runFledgeScenario } from './fledge.js';
import type { ScenarioResult } from './scenario.js';

export const TARGET_MS = 1000;
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
  const env = opts.env ?? bedEnv();
  const kube = kubeFor(env);
  const o = opts.quick ? QUICK : FULL;
  try {
    await applyCrds(env);
    const flagger = await flaggerStatus({ build: !opts.quick });
    const fledge = await runFledgeScenario(env, kube, o.releases, o.intervalSeconds);
    const markdown = render(fledge, flagger, opts.quick, machineSection(opts.command, started, machine), [
      ...(await bedVersions(env, kube)),
      `- Flagger: ${flagger.version ?? 'not built'}`,
    ]);
    if (opts.out) writeResult(opts.out, markdown);
    return { fledge, flagger, markdown };
  } finally {
    kube.close();
  }
}

function render(
  fledge: ScenarioResult,
  flagger: FlaggerStatus,
  quick: boolean,
  machine: string,
  versions: string[],
): string {
  const detect = fledge.releases.map((r) => r.detectMs);
  const judged = fledge.releases.flatMap((r) =>
    r.steps.flatMap((s) => (s.judgedToVsMs === undefined ? [] : [s.judgedToVsMs])),
  );
  const firstStep = fledge.releases.flatMap((r) => (r.steps[0] ? [r.steps[0].sinceSentMs] : []));
  const gaps = fledge.releases.flatMap((r) =>
    r.steps.slice(1).map((s, i) => s.sinceSentMs - (r.steps[i]?.sinceSentMs ?? 0)),
  );
  const verdict = (xs: number[]): string =>
    xs.length > 0 && quantile(xs, 1) < TARGET_MS ? 'met' : xs.length === 0 ? 'NOT measured' : 'NOT met';
  const stat = (xs: number[]): string =>
    xs.length === 0 ? '–' : `${fmt(quantile(xs, 0.5))} / ${fmt(quantile(xs, 1))}`;
  return [
    '# Benchmark 3: reaction, revision change → first canary action',
    '',
    ...(quick ? ['> Quick mode: one release, figures are NOT meaningful.', ''] : []),
    machine,
    `- Releases: ${fledge.releases.length}, analysis interval ${fledge.intervalSeconds} s, stepWeight 10 up to 30, 100 rps of healthy traffic from the mesh simulator`,
    '',
    '## Targets (issue 7)',
    '',
    `Under ${TARGET_MS} ms (event-driven) for both, against a polling design's interval. Verdicts use the worst release.`,
    '',
    table([
      ['Measure', 'Fledge median / max ms', 'Samples', 'Target', 'Flagger'],
      [
        'template change → Progressing, canary scaled up',
        stat(detect),
        String(detect.length),
        verdict(detect),
        flagger.ran ? 'see below' : 'not run (see below)',
      ],
      [
        'analysis judged → VirtualService weight changed',
        stat(judged),
        String(judged.length),
        verdict(judged),
        flagger.ran ? 'see below' : 'not run (see below)',
      ],
    ]),
    '',
    '## Versions',
    '',
    ...versions,
    '',
    '## Details (Fledge)',
    '',
    table([
      ['Measure', 'median / max ms'],
      ['template change → first weight (10 %) in the VirtualService', stat(firstStep)],
      [`time between weight steps (interval ${fledge.intervalSeconds} s)`, stat(gaps)],
    ]),
    '',
    table([
      ['Release', 'Detect ms', 'Steps (weight: ms since patch, judged → VS ms)', 'Outcome'],
      ...fledge.releases.map((r, i) => [
        String(i + 1),
        fmt(r.detectMs),
        r.steps
          .map(
            (s) =>
              `${s.weight}: ${fmt(s.sinceSentMs)}, ${s.judgedToVsMs === undefined ? '?' : fmt(s.judgedToVsMs)}`,
          )
          .join('; '),
        r.outcome,
      ]),
    ]),
    '',
    '## Flagger',
    '',
    ...flagger.notes,
    '',
    '## Method',
    '',
    '- A fresh namespace, `fledge run -n <namespace> --log-level debug` (TypeScript through tsx), a podinfo Deployment (2 replicas, kwok pods) and a Canary with the builtin success-rate and error-rate checks; the mesh simulator sends 100 rps of healthy traffic.',
    '- Each release patches a pod-template annotation through the API (the clock starts just before the request). Watches on the Canary, the target Deployment and the VirtualService, in the benchmark process, record each change with its arrival time.',
    '- "Progressing, canary scaled up" is the later of the Canary’s `status.phase` turning Progressing and the target’s `spec.replicas` turning non-zero.',
    '- "Analysis judged" is the timestamp of the operator’s `decided` log line (logged after observe — the Prometheus queries — and the pure decide, before any action) of the reconcile that set the routes; the end is the VirtualService watch event with the new weight. Both clocks are this machine’s.',
    '- The next release starts after the previous one Succeeded; releases are sequential.',
    '',
    quick ? '' : analysis(),
  ].join('\n');
}

/** The why (profile, next steps), written by hand next to the code after a run. */
function analysis(): string {
  const file = new URL('./analysis.md', import.meta.url);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}
