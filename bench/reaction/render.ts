/** The results file of benchmark 3 (reaction), Fledge and Flagger side by side. */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { quantile } from '../lib/bed.js';
import { fmt, table } from '../lib/report.js';
import type { FlaggerStatus } from './flagger.js';
import type { ScenarioResult } from './scenario.js';

export const TARGET_MS = 1000;

interface Figures {
  detect: number[];
  judged: number[];
  firstStep: number[];
  gaps: number[];
}

function figures(r: ScenarioResult): Figures {
  return {
    detect: r.releases.map((x) => x.detectMs),
    judged: r.releases.flatMap((x) =>
      x.steps.flatMap((s) => (s.judgedToVsMs === undefined ? [] : [s.judgedToVsMs])),
    ),
    firstStep: r.releases.flatMap((x) => (x.steps[0] ? [x.steps[0].sinceSentMs] : [])),
    gaps: r.releases.flatMap((x) =>
      x.steps.slice(1).map((s, i) => s.sinceSentMs - (x.steps[i]?.sinceSentMs ?? 0)),
    ),
  };
}

const stat = (xs: number[]): string =>
  xs.length === 0 ? '–' : `${fmt(quantile(xs, 0.5))} / ${fmt(quantile(xs, 1))}`;
const verdict = (xs: number[]): string =>
  xs.length === 0 ? 'NOT measured' : quantile(xs, 1) < TARGET_MS ? 'met' : 'NOT met';

function details(r: ScenarioResult): string[] {
  const f = figures(r);
  return [
    `## Details (${r.tool})`,
    '',
    table([
      ['Measure', 'median / max ms'],
      ['template change → first weight (10 %) in the VirtualService', stat(f.firstStep)],
      [`time between weight steps (interval ${r.intervalSeconds} s)`, stat(f.gaps)],
    ]),
    '',
    table([
      ['Release', 'Detect ms', 'Steps (weight: ms since patch, judged → VS ms)', 'Outcome'],
      ...r.releases.map((x, i) => [
        String(i + 1),
        fmt(x.detectMs),
        x.steps
          .map(
            (s) =>
              `${s.weight}: ${fmt(s.sinceSentMs)}, ${s.judgedToVsMs === undefined ? '–' : fmt(s.judgedToVsMs)}`,
          )
          .join('; '),
        x.outcome,
      ]),
    ]),
    '',
  ];
}

export function render(o: {
  fledge: ScenarioResult;
  flagger: FlaggerStatus;
  quick: boolean;
  machine: string;
  bed: string;
  versions: string[];
}): string {
  const f = figures(o.fledge);
  const g = o.flagger.result ? figures(o.flagger.result) : undefined;
  const flaggerCell = (xs: number[] | undefined): string[] =>
    xs ? [stat(xs), String(xs.length), verdict(xs)] : ['not run', '–', '–'];
  return [
    '# Benchmark 3: reaction, revision change → first canary action',
    '',
    ...(o.quick ? ['> Quick mode: one release, figures are NOT meaningful.', ''] : []),
    o.machine,
    `- Load average at end (1/5/15 min): ${loadavg()
      .map((l) => Math.round(l * 100) / 100)
      .join(' / ')}`,
    `- Bed: ${o.bed}`,
    `- Releases: ${o.fledge.releases.length}, analysis interval ${o.fledge.intervalSeconds} s, stepWeight 10 up to 30, 100 rps of healthy traffic from the mesh simulator`,
    '',
    '## Targets (issue 7)',
    '',
    `Under ${TARGET_MS} ms (event-driven) for both, against a polling design's interval. Verdicts use the worst release.`,
    '',
    table([
      ['Measure', 'Fledge median / max ms', 'n', 'Target', 'Flagger median / max ms', 'n', 'Target'],
      ['template change → Progressing, canary scaled up', ...cells(f.detect), ...flaggerCell(g?.detect)],
      ['analysis judged → VirtualService weight changed', ...cells(f.judged), ...flaggerCell(g?.judged)],
    ]),
    '',
    '## Versions',
    '',
    ...o.versions,
    '',
    ...details(o.fledge),
    ...(o.flagger.result ? details(o.flagger.result) : []),
    '## Flagger',
    '',
    ...o.flagger.notes,
    '- Why a private bed: Flagger’s CRDs (`artifacts/flagger/crd.yaml` of its module) define `canaries.flagger.app` and `metrictemplates.flagger.app`, with the same plural and singular names as Fledge’s `fledge.dev` CRDs; on the shared bed they would change what every other user’s `kubectl get canary` resolves to.',
    '- Flagger’s design (v1.36.1, `pkg/controller/scheduler.go`): each Canary gets a `time.Ticker` at `analysis.interval`, and the whole state machine (noticing a new revision, scaling the canary up, starting the analysis, running the checks, moving the weight) runs on that tick, one state per tick.',
    '',
    '## Method',
    '',
    '- A fresh namespace, a podinfo Deployment (2 replicas, kwok pods) and a Canary with the same analysis (interval, threshold 2, stepWeight 10, maxWeight 30); the mesh simulator sends 100 rps of healthy traffic. Fledge: `fledge run -n <namespace> --log-level debug` (TypeScript through tsx), builtin success-rate and error-rate checks.',
    '- Each release patches a pod-template annotation through the API (the clock starts just before the request). Watches on the Canary, the target Deployment and the VirtualService, in the benchmark process, record each change with its arrival time.',
    '- "Progressing, canary scaled up" is the later of the Canary’s `status.phase` turning Progressing and the target’s `spec.replicas` turning non-zero.',
    '- "Analysis judged", Fledge: the timestamp of the operator’s `decided` log line (logged after observe — the Prometheus queries — and the pure decide, before any action) of the reconcile that set the routes. Flagger logs nothing between its checks and the routing, so its metrics server is a proxy in the benchmark process in front of Prometheus: "judged" is the last query answer before the weight change, since the previous step. Flagger routes the first step (10 %) before any check, so that step has no "judged" time (–). The end is the VirtualService watch event with the new weight. All clocks are this machine’s.',
    '- The next release starts after the previous one Succeeded; releases are sequential.',
    '',
    o.quick ? '' : analysis(),
  ].join('\n');
}

function cells(xs: number[]): string[] {
  return [stat(xs), String(xs.length), verdict(xs)];
}

/** The why (profile, next steps), written by hand next to the code after a run. */
function analysis(): string {
  const file = new URL('./analysis.md', import.meta.url);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}
