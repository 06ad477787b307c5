import { existsSync, readFileSync } from 'node:fs';
import type { MachineInfo } from '../lib/machine.js';
import { fmt, machineSection, table } from '../lib/report.js';

export interface Point {
  namespaces: number;
  canaries: number;
  flags: number;
}

export interface PointResult {
  point: Point;
  /** Operator start → every Canary Initialized and every flag published (first start, nothing existed yet). */
  firstSyncMs: number;
  rssMiB: number;
  idleCpuPercent: number;
  requestsPerMin: number;
  /** The idle requests by `METHOD host /path`, per minute, busiest first. */
  idleRequestsPerMinByTarget: [string, number][];
  /** Restart: process start → /readyz (informers synced). */
  readyMs: number;
  /** Restart: process start → the work queue empty. */
  drainMs: number;
  rssAfterRestartMiB: number;
}

/** Least-squares slope and intercept of y over x: how a figure grows per object. */
function fit(xs: number[], ys: number[]): { slope: number; intercept: number } {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  const slope = den === 0 ? 0 : num / den;
  return { slope, intercept: my - slope * mx };
}

export function render(
  results: PointResult[],
  o: {
    quick: boolean;
    command: string;
    started: Date;
    machine: MachineInfo;
    idleMs: number;
    settleMs: number;
    versions: string[];
    targets: { rssMiB: number; drainS: number; idleCpuPercent: number };
  },
): string {
  const t = o.targets;
  const largest = results.at(-1);
  // Objects = Canaries + FeatureFlags: the points keep the issue's 1:5 mix, so one axis suffices.
  const xs = results.map((r) => r.point.canaries + r.point.flags);
  const extrapolate = (ys: number[]): number => {
    if (results.length < 2) return NaN;
    const f = fit(xs, ys);
    return f.intercept + f.slope * 12_000;
  };
  const rss12k = extrapolate(results.map((r) => r.rssMiB));
  const drain12k = extrapolate(results.map((r) => r.drainMs / 1000));
  const cpu12k = extrapolate(results.map((r) => r.idleCpuPercent));
  const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  const measured = largest ? `${largest.point.canaries}/${largest.point.flags}` : '–';
  return [
    '# Benchmark 4: scale and memory',
    '',
    ...(o.quick ? ['> Quick mode: tiny counts, figures are NOT meaningful.', ''] : []),
    machineSection(o.command, o.started, o.machine),
    `- Idle window: ${fmt(o.idleMs / 1000)} s, after ${fmt(o.settleMs / 1000)} s of settling once steady`,
    '',
    '## Targets (issue 7)',
    '',
    `One replica with 2,000 Canaries and 10,000 FeatureFlags across 50 namespaces: RSS under ${t.rssMiB} MiB, the work queue drained under ${t.drainS} s after a restart, idle CPU under ${t.idleCpuPercent} %.`,
    '',
    `**What ran:** ${results.map((r) => `${r.point.canaries} Canaries + ${r.point.flags} FeatureFlags in ${r.point.namespaces} namespaces`).join('; ')}. The full 2,000/10,000 did not fit in the time this run had on a shared 2-core machine; the 2,000/10,000 column is a straight-line extrapolation over the measured points, not a measurement.`,
    '',
    table([
      [
        'Figure',
        `Measured at ${measured}`,
        'Target',
        'Verdict (measured)',
        'Extrapolated to 2,000/10,000',
        'Verdict (extrapolated)',
      ],
      [
        'RSS at steady state',
        largest ? `${fmt(largest.rssMiB)} MiB` : '–',
        `< ${t.rssMiB} MiB`,
        largest ? verdict(largest.rssMiB < t.rssMiB) : '–',
        Number.isNaN(rss12k) ? '–' : `${fmt(rss12k)} MiB`,
        Number.isNaN(rss12k) ? '–' : verdict(rss12k < t.rssMiB),
      ],
      [
        'Queue drained after a restart',
        largest ? `${fmt(largest.drainMs / 1000, 1)} s` : '–',
        `< ${t.drainS} s`,
        largest ? verdict(largest.drainMs / 1000 < t.drainS) : '–',
        Number.isNaN(drain12k) ? '–' : `${fmt(drain12k, 1)} s`,
        Number.isNaN(drain12k) ? '–' : verdict(drain12k < t.drainS),
      ],
      [
        'CPU at idle (% of one core)',
        largest ? `${fmt(largest.idleCpuPercent, 2)} %` : '–',
        `< ${t.idleCpuPercent} %`,
        largest ? verdict(largest.idleCpuPercent < t.idleCpuPercent) : '–',
        Number.isNaN(cpu12k) ? '–' : `${fmt(cpu12k, 2)} %`,
        Number.isNaN(cpu12k) ? '–' : verdict(cpu12k < t.idleCpuPercent),
      ],
      [
        'API requests per minute at idle',
        largest ? fmt(largest.requestsPerMin, 1) : '–',
        '(no target)',
        '–',
        '–',
        '–',
      ],
    ]),
    '',
    '## Versions',
    '',
    ...o.versions,
    '',
    '## Growth',
    '',
    table([
      [
        'Canaries / flags / namespaces',
        'First sync s',
        'RSS MiB',
        'Idle CPU %',
        'Requests / min idle',
        'Restart: ready s',
        'Restart: drained s',
        'RSS after restart MiB',
      ],
      ...results.map((r) => [
        `${r.point.canaries} / ${r.point.flags} / ${r.point.namespaces}`,
        fmt(r.firstSyncMs / 1000, 1),
        fmt(r.rssMiB),
        fmt(r.idleCpuPercent, 2),
        fmt(r.requestsPerMin, 1),
        fmt(r.readyMs / 1000, 1),
        fmt(r.drainMs / 1000, 1),
        fmt(r.rssAfterRestartMiB),
      ]),
    ]),
    '',
    `## Requests at idle, by target (${measured})`,
    '',
    largest && largest.idleRequestsPerMinByTarget.length > 0
      ? table([
          ['Request (names left out)', 'per minute'],
          ...largest.idleRequestsPerMinByTarget.slice(0, 15).map(([k, n]) => [`\`${k}\``, fmt(n, 1)]),
        ])
      : 'None.',
    '',
    '## Method',
    '',
    '- Per point: fresh namespaces; Deployments (1 replica, kwok pods), one Canary each (interval 1m, success-rate check), and FeatureFlags spread round-robin over the namespaces (one flag set per namespace), all created through the API 16 at a time before the operator starts.',
    '- The operator is `src/` compiled with `tsc` to a temporary directory and run with plain `node` (as the image runs it, no tsx loader), scoped with one `--namespace` per namespace so it never touches other users of the shared bed. A cluster-wide operator would hold one watch per kind instead of one per kind and namespace.',
    '- Steady state: every Canary `Initialized` and every flag in its set’s ConfigMap, then the settle time above. RSS is `VmRSS` of `/proc/<pid>/status` after the idle window; idle CPU is utime+stime of `/proc/<pid>/stat` over the idle window, as % of one core.',
    '- API requests: `bench/scale/count-requests.mjs`, preloaded into the operator with `node --import`, counts every HTTP request the process starts (`diagnostics_channel` `http.client.request.start`; a watch counts once, when it opens). Fledge’s own metrics have no request counter, and the apiserver’s `apiserver_request_total` cannot tell this operator from the other users of the shared bed.',
    '- Restart: SIGTERM, then a new process; drained is when `fledge_workqueue_depth` (summed over queues) reads 0 twice in a row, 100 ms apart, after at least as many keys were added as there are Canaries; times are from the new process’s spawn, so they include Node start-up and the initial lists.',
    '',
    o.quick ? '' : analysis(),
  ].join('\n');
}

/** The why (profile, next steps), written by hand next to the code after a run. */
function analysis(): string {
  const file = new URL('./analysis.md', import.meta.url);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}
