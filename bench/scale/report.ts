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
  /** From the operator's own /metrics (prom-client default metrics), read with the RSS. */
  heapUsedMiB?: number;
  heapTotalMiB?: number;
  externalMiB?: number;
  idleCpuPercent: number;
  requestsPerMin: number;
  /** The idle requests by `METHOD host /path`, per minute, busiest first. */
  idleRequestsPerMinByTarget: [string, number][];
  /** Restart: process start → /readyz (informers synced). */
  readyMs: number;
  /** Restart: process start → the work queue empty. */
  drainMs: number;
  rssAfterRestartMiB: number;
  /** Set when the operator watched every namespace (one watch per kind) instead of one per namespace. */
  clusterWide?: boolean;
  /** Steady-state memory after further restarts with other Node settings (see MemoryVariant). */
  memoryVariants?: MemoryReading[];
}

/** Node settings to compare at steady state: same objects, same code, a restart each. */
export interface MemoryVariant {
  name: string;
  nodeArgs?: string[];
  env?: Record<string, string>;
}

export interface MemoryReading {
  name: string;
  rssMiB: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
  drainMs: number;
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

/** A point measured separately (`bench/scale/large-point.ts`, private bed), stored beside the results. */
export interface StoredPoint {
  command: string;
  started: string;
  machine: MachineInfo;
  result: PointResult;
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
    /** Larger points measured on private beds; shown with their own command and date. */
    separate?: StoredPoint[];
  },
): string {
  const t = o.targets;
  const separate = o.quick ? [] : (o.separate ?? []);
  const objects = (r: PointResult): number => r.point.canaries + r.point.flags;
  // Every point, smallest first, with where it was measured.
  const all = [
    ...results.map((r) => ({ r, run: 'this run' })),
    ...separate.map((s) => ({ r: s.result, run: `${s.started.slice(0, 16)}Z` })),
  ].sort((a, b) => objects(a.r) - objects(b.r));
  const largest = all.at(-1)?.r;
  const FULL_SIZE = 12_000;
  const reachesFull = largest !== undefined && objects(largest) >= FULL_SIZE;
  // Objects = Canaries + FeatureFlags: the points keep the 1:5 mix, so one axis suffices.
  const xs = all.map((a) => objects(a.r));
  const extrapolate = (ys: number[]): number => {
    if (reachesFull || all.length < 2) return NaN;
    const f = fit(xs, ys);
    return f.intercept + f.slope * FULL_SIZE;
  };
  const rss12k = extrapolate(all.map((a) => a.r.rssMiB));
  const drain12k = extrapolate(all.map((a) => a.r.drainMs / 1000));
  const cpu12k = extrapolate(all.map((a) => a.r.idleCpuPercent));
  const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  const measured = largest ? `${largest.point.canaries}/${largest.point.flags}` : '–';
  const describe = (r: PointResult): string =>
    `${r.point.canaries} Canaries + ${r.point.flags} FeatureFlags in ${r.point.namespaces} namespaces`;
  const row = (
    name: string,
    value: string,
    target: string,
    ok: boolean | undefined,
    ex: string,
    exOk: string,
  ): string[] =>
    reachesFull
      ? [name, value, target, ok === undefined ? '–' : verdict(ok)]
      : [name, value, target, ok === undefined ? '–' : verdict(ok), ex, exOk];
  const exCell = (n: number, text: string): string => (Number.isNaN(n) ? '–' : text);
  const exVerdict = (n: number, target: number): string => (Number.isNaN(n) ? '–' : verdict(n < target));
  const variants = separate.filter((s) => (s.result.memoryVariants ?? []).length > 0);
  return [
    '# Benchmark 4: scale and memory',
    '',
    ...(o.quick ? ['> Quick mode: tiny counts, figures are NOT meaningful.', ''] : []),
    machineSection(o.command, o.started, o.machine),
    `- Idle window: ${fmt(o.idleMs / 1000)} s, after ${fmt(o.settleMs / 1000)} s of settling once steady`,
    ...separate.map(
      (s) =>
        `- ${s.result.point.canaries}/${s.result.point.flags}: measured separately on a private bed with \`${s.command}\` (${s.started}, load average at start ${s.machine.loadAverage.join(' / ')}); same measurement, stored in \`bench/results/scale-${s.result.point.canaries}-${s.result.point.flags}.json\``,
    ),
    '',
    '## Targets (issue 7)',
    '',
    `One replica with 2,000 Canaries and 10,000 FeatureFlags across 50 namespaces: RSS under ${t.rssMiB} MiB, the work queue drained under ${t.drainS} s after a restart, idle CPU under ${t.idleCpuPercent} %.`,
    '',
    `**What ran:** ${all.map((a) => describe(a.r)).join('; ')}.${reachesFull ? '' : ' The largest point is smaller than 2,000/10,000, so that column is a straight-line extrapolation over the measured points, not a measurement.'}`,
    '',
    table([
      reachesFull
        ? ['Figure', `Measured at ${measured}`, 'Target', 'Verdict']
        : [
            'Figure',
            `Measured at ${measured}`,
            'Target',
            'Verdict (measured)',
            'Extrapolated to 2,000/10,000',
            'Verdict (extrapolated)',
          ],
      row(
        'RSS at steady state',
        largest ? `${fmt(largest.rssMiB)} MiB` : '–',
        `< ${t.rssMiB} MiB`,
        largest ? largest.rssMiB < t.rssMiB : undefined,
        exCell(rss12k, `${fmt(rss12k)} MiB`),
        exVerdict(rss12k, t.rssMiB),
      ),
      row(
        'Queue drained after a restart',
        largest ? `${fmt(largest.drainMs / 1000, 1)} s` : '–',
        `< ${t.drainS} s`,
        largest ? largest.drainMs / 1000 < t.drainS : undefined,
        exCell(drain12k, `${fmt(drain12k, 1)} s`),
        exVerdict(drain12k, t.drainS),
      ),
      row(
        'CPU at idle (% of one core)',
        largest ? `${fmt(largest.idleCpuPercent, 2)} %` : '–',
        `< ${t.idleCpuPercent} %`,
        largest ? largest.idleCpuPercent < t.idleCpuPercent : undefined,
        exCell(cpu12k, `${fmt(cpu12k, 2)} %`),
        exVerdict(cpu12k, t.idleCpuPercent),
      ),
      row(
        'API requests per minute at idle',
        largest ? fmt(largest.requestsPerMin, 1) : '–',
        '(no target)',
        undefined,
        '–',
        '–',
      ),
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
        'Measured',
        'Watches',
        'First sync s',
        'RSS MiB',
        'Heap used / total MiB',
        'Idle CPU %',
        'Requests / min idle',
        'Restart: ready s',
        'Restart: drained s',
        'RSS after restart MiB',
      ],
      ...all.map(({ r, run }) => [
        `${r.point.canaries} / ${r.point.flags} / ${r.point.namespaces}`,
        run,
        r.clusterWide ? 'one per kind' : 'one per kind and namespace',
        fmt(r.firstSyncMs / 1000, 1),
        fmt(r.rssMiB),
        r.heapUsedMiB === undefined ? '–' : `${fmt(r.heapUsedMiB)} / ${fmt(r.heapTotalMiB ?? NaN)}`,
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
    ...variants.flatMap((s) => [
      `## Memory by Node setting (${s.result.point.canaries}/${s.result.point.flags})`,
      '',
      'The same objects and code after the restart, the operator started once per setting (same settling), read once the work queue drained and the settle time above passed:',
      '',
      table([
        ['Node setting', 'RSS MiB', 'Heap used / total MiB', 'External MiB', 'Drained s'],
        ...(s.result.memoryVariants ?? []).map((v) => [
          `\`${v.name}\``,
          fmt(v.rssMiB),
          `${fmt(v.heapUsedMiB)} / ${fmt(v.heapTotalMiB)}`,
          fmt(v.externalMiB),
          fmt(v.drainMs / 1000, 1),
        ]),
      ]),
      '',
    ]),
    '## Method',
    '',
    '- Per point: fresh namespaces; Deployments (1 replica, kwok pods), one Canary each (interval 1m, success-rate check), and FeatureFlags spread round-robin over the namespaces (one flag set per namespace), all created through the API 16 at a time before the operator starts.',
    '- The operator is `src/` compiled with `tsc` to a temporary directory and run with plain `node` (as the image runs it, no tsx loader). On the shared bed it is scoped with one `--namespace` per namespace so it never touches other users of the bed (one watch per kind and namespace); the separately measured points run on a private bed with nobody else on it, so the operator watches every namespace, one watch per kind, as a cluster-wide install does.',
    '- Steady state: every Canary `Initialized` and every flag in its set’s ConfigMap, then the settle time above. RSS is `VmRSS` of `/proc/<pid>/status` after the idle window; heap figures are the operator’s own prom-client default metrics read at the same time; idle CPU is utime+stime of `/proc/<pid>/stat` over the idle window, as % of one core.',
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
