import { readFileSync } from 'node:fs';
import { fmt, machineSection, table, writeResult } from '../lib/report.js';
import { machineInfo, packageVersion } from '../lib/machine.js';
import type { MeasureOptions } from '../lib/measure.js';
import { PEERS, checkAgreement, runCases, runCasesIsolated } from './run-cases.js';
import type { Agreement, CaseResult } from './run-cases.js';
import { SHAPES } from './shapes.js';

export const TARGET_RATIO = 5;
export const TARGET_P99_NS = 2000;
export const FULL: MeasureOptions = { iterations: 500_000, warmup: 100_000, batch: 64 };
export const QUICK: MeasureOptions = { iterations: 2_000, warmup: 200, batch: 16 };
/** Rounds of Fledge and flagd-core in a full run: the machine is shared, so one round proves little. */
export const FULL_ROUNDS = 5;

export interface FlagEvalRun {
  cases: CaseResult[];
  agreement: Agreement[];
  markdown: string;
}

/** Benchmark 1: in-process flag evaluation, Fledge vs the peers' Node SDKs. */
export async function runFlagEval(opts: {
  quick: boolean;
  command: string;
  out?: string;
}): Promise<FlagEvalRun> {
  const started = new Date();
  const machine = machineInfo();
  const agreement = await checkAgreement();
  // Quick runs stay in this process (seconds, for CI); full runs isolate every case.
  const cases = opts.quick ? await runCases(QUICK) : await runCasesIsolated(FULL, FULL_ROUNDS);
  const markdown = render(cases, agreement, opts, started, machineSection(opts.command, started, machine));
  if (opts.out) writeResult(opts.out, markdown);
  return { cases, agreement, markdown };
}

/** Fledge ÷ flagd-core per round, sorted, so the reader sees how much the machine moved them. */
function roundRatios(rows: CaseResult[]): string {
  const a = rows.find((c) => c.peer === 'Fledge SDK')?.rounds ?? [];
  const b = rows.find((c) => c.peer === 'flagd-core')?.rounds ?? [];
  const ratios = a.flatMap((m, i) => (b[i] ? [m.opsPerSec / b[i].opsPerSec] : []));
  return ratios.length > 1
    ? ratios
        .sort((x, y) => x - y)
        .map((r) => `${fmt(r, 1)}×`)
        .join(', ')
    : '–';
}

function render(
  cases: CaseResult[],
  agreement: Agreement[],
  opts: { quick: boolean },
  started: Date,
  machine: string,
): string {
  const m = opts.quick ? { ...QUICK } : { ...FULL };
  const verdicts: string[] = [];
  const sections = SHAPES.map((shape) => {
    const rows = cases.filter((c) => c.shape === shape);
    const base = rows.find((c) => c.peer === 'flagd-core')?.result?.opsPerSec;
    const fledge = rows.find((c) => c.peer === 'Fledge SDK')?.result;
    if (fledge && base) {
      const ratio = fledge.opsPerSec / base;
      const ok = ratio >= TARGET_RATIO && fledge.p99Ns < TARGET_P99_NS;
      const range = roundRatios(rows);
      verdicts.push(
        `| ${shape} | ${fmt(ratio, 1)}× | ${range} | ${fmt(fledge.p99Ns)} ns | ${ok ? 'met' : 'NOT met'} |`,
      );
    }
    const body = rows.map((c) =>
      c.result
        ? [
            c.peer,
            fmt(c.result.opsPerSec),
            fmt(c.result.p50Ns),
            fmt(c.result.p99Ns),
            base ? `${fmt(c.result.opsPerSec / base, 2)}×` : '–',
          ]
        : [c.peer, 'cannot express', '–', '–', '–'],
    );
    return `### ${shape}\n\n${table([['Peer', 'ops/s', 'p50 ns', 'p99 ns', 'vs flagd-core'], ...body])}`;
  });
  const versions = PEERS.map(
    (p) =>
      `- ${p.name}: ${p.pkg ? `\`${p.pkg}\` ${packageVersion(p.pkg)}` : p === PEERS[0] ? 'this work tree (src/sdk)' : 'n/a'}`,
  );
  const notes = PEERS.filter((p) => p.notes).map((p) => `- **${p.name}**: ${p.notes}`);
  const agree = agreement.map((a) => `| ${a.shape} | ${a.checked} | ${a.mismatches} | ${a.distinct} |`);
  return [
    '# Benchmark 1: flag evaluation in-process',
    '',
    ...(opts.quick ? ['> Quick mode: tiny iteration counts, figures are NOT meaningful.', ''] : []),
    machine,
    `- Iterations per case: ${fmt(m.iterations)} timed after ${fmt(m.warmup)} warm-up, batches of ${m.batch}`,
    opts.quick
      ? '- Cases: all in this process'
      : `- Cases: each in its own Node process; Fledge and flagd-core ${FULL_ROUNDS} rounds each (alternating, median reported), the other peers 1 round`,
    '',
    '## Targets (issue 7)',
    '',
    `Fledge ≥ ${TARGET_RATIO}× flagd-core throughput on every shape, and p99 < ${TARGET_P99_NS} ns per evaluation.`,
    '',
    '| Shape | Fledge / flagd-core (median rounds) | Per-round ratios | Fledge p99 | Target |',
    '| --- | --- | --- | --- | --- |',
    ...verdicts,
    '',
    '## Versions',
    '',
    ...versions,
    '',
    '## Results',
    '',
    sections.join('\n\n'),
    '',
    '## Correctness: Fledge vs flagd-core on the same contexts',
    '',
    '| Shape | Evaluations compared | Mismatches | Distinct answers |',
    '| --- | --- | --- | --- |',
    ...agree,
    '',
    '## Method',
    '',
    '- All peers load the same six flag shapes (see `bench/flag-eval/shapes.ts`), each in its own format, offline: no peer makes a network call.',
    "- Contexts: a pool of 1,024 pre-built users (varied email domains, plans and keys), converted once to each peer's context type and cycled by index, so every peer sees the same sequence.",
    '- Timing: after warm-up, `process.hrtime.bigint()` is read around batches of evaluations; ops/s is total evaluations over total time, and p50/p99 are percentiles of the per-batch mean (batch time ÷ batch size). A single hrtime read costs about as much as one evaluation, so timing each call alone would measure the timer. The batch mean smooths outliers inside a batch: p99 is the 99th percentile of batch means, i.e. a sustained-latency figure, not the worst single call.',
    "- Full runs start a fresh Node process per case (peer × shape, `bench/flag-eval/case-worker.ts`), one at a time. In one shared process the harness's `op(i)` call site sees every peer's closure and turns megamorphic, and earlier peers' code shares the JIT and GC with later ones; that costs the fastest evaluators the most. Fledge and flagd-core run several rounds, alternating, because the machine is shared: the per-round ratios show the spread. Quick runs (CI) keep every case in one process.",
    '- Results are kept in a sink so the JIT cannot drop an evaluation.',
    '',
    '## How peers express the shapes',
    '',
    '- **Fledge SDK** and **flagd-core** load the identical flagd JSON (`ends_with`, `in`, `fractional`).',
    ...notes,
    '',
    // The why (profile, next steps) is written by hand and kept next to the code.
    opts.quick ? '' : readFileSync(new URL('./analysis.md', import.meta.url), 'utf8'),
  ].join('\n');
}
