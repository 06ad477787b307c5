/**
 * `fledge watch canary NAME`: follows one Canary through a rollout on watch
 * events. On a terminal the line is redrawn in place (progress bar of the
 * canary weight towards maxWeight, phase, failed checks, last metrics); in a
 * pipe or CI log it prints one line per change. Exits 0 when the canary
 * succeeds, 1 when it fails, 130 on Ctrl-C.
 */
import { parseDurationMs } from '../api/duration.js';
import { isGone } from '../kube/api-error.js';
import type { WatchStream } from '../kube/rest.js';
import { CLUSTER_HELP, CLUSTER_OPTIONS, canaryName, clusterArgs, parse } from './args.js';
import { FINAL_PHASES, formatMetric, phaseLabel, viewCanary, type CanaryView } from './canary-view.js';
import { withCluster, type Cluster } from './cluster.js';
import { command, type Io } from './command.js';
import { EXIT, UsageError } from './errors.js';
import { canaryKind, type CanaryObject } from './kinds.js';
import { progressBar } from './output.js';

export const watchUsage = `Usage: fledge watch canary NAME [-n NS] [--timeout DURATION]

Follows a canary's rollout live: a progress bar of the canary weight towards
its max weight, the phase, failed checks and the last metric values. Redraws in
place on a terminal; prints one line per change otherwise (CI logs).

Exits 0 when the canary reaches Succeeded, 1 when it reaches Failed (or is
deleted, or --timeout passes), 130 on Ctrl-C. A canary already in Succeeded or
Failed is shown once and the command exits with that result.

Options:
  --timeout DURATION     give up after this long (e.g. 10m, 1h30m); default: never
${CLUSTER_HELP}
`;

const OPTIONS = { ...CLUSTER_OPTIONS, timeout: { type: 'string' } } as const;

/** The status line; `ascii` for terminals that may not draw block characters. */
export function renderLine(v: CanaryView, opts: { width?: number; ascii?: boolean } = {}): string {
  const parts = [`${v.namespace}/${v.name}`, phaseLabel(v)];
  // After promotion or rollback the weight is back to 0; the bar says how the rollout ended instead.
  if (v.phase === 'Succeeded' || v.phase === 'Failed') {
    const max = v.maxWeight ?? 1;
    const done = v.phase === 'Succeeded';
    parts.push(`${progressBar(done ? max : 0, max, 20, opts.ascii)} ${done ? 'promoted' : 'rolled back'}`);
  } else if (v.maxWeight !== undefined) {
    parts.push(`${progressBar(v.weight, v.maxWeight, 20, opts.ascii)} ${v.weight}/${v.maxWeight}%`);
  } else {
    parts.push(`weight ${v.weight}%`);
  }
  parts.push(`failed ${v.failedChecks}/${v.threshold}`);
  if (v.metrics.length > 0) parts.push(v.metrics.map(formatMetric).join(' '));
  const line = parts.join('  ');
  return opts.width && line.length > opts.width ? `${line.slice(0, Math.max(0, opts.width - 1))}…` : line;
}

/** The last words when a rollout ends. */
export function finalLine(v: CanaryView): string {
  const ref = `Canary ${v.namespace}/${v.name}`;
  if (v.phase === 'Succeeded') return `${ref}: rollout succeeded\n`;
  return `${ref}: rollout failed${v.message ? `: ${v.message}` : ''}\n`;
}

class Printer {
  private last = '';
  private drawn = false;

  constructor(private readonly io: Io) {}

  show(v: CanaryView): void {
    if (this.io.isTTY) {
      const line = renderLine(v, { width: this.io.columns });
      if (line === this.last) return;
      this.io.out(`\r\x1b[2K${line}`);
      this.drawn = true;
      this.last = line;
    } else {
      const line = renderLine(v, { ascii: true });
      if (line === this.last) return;
      this.io.out(`${line}\n`);
      this.last = line;
    }
  }

  /** Ends the in-place line so what follows starts on its own. */
  end(): void {
    if (this.drawn) this.io.out('\n');
    this.drawn = false;
  }
}

type Outcome = { code: number; message?: string };

async function follow(c: Cluster, name: string, io: Io, signal: AbortSignal): Promise<Outcome> {
  const canaries = c.client.resources<CanaryObject>(canaryKind);
  const printer = new Printer(io);
  let obj = await canaries.get(c.namespace, name);
  let resourceVersion = obj.metadata?.resourceVersion;
  // Bounded: each round is one watch of up to five minutes; a run of a week is plenty.
  for (let round = 0; round < 2016 && !signal.aborted; round++) {
    const view = viewCanary(obj);
    printer.show(view);
    const final = FINAL_PHASES[view.phase];
    if (final !== undefined) {
      printer.end();
      io.out(finalLine(view));
      return { code: final === 0 ? EXIT.ok : EXIT.failed };
    }
    let stream: WatchStream | undefined;
    let deleted = false;
    let gone = false;
    const onAbort = () => stream?.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      stream = await canaries.watch(
        c.namespace,
        { resourceVersion, fieldSelector: `metadata.name=${name}`, timeoutSeconds: 300 },
        (e) => {
          if (e.type === 'ERROR') {
            gone = (e.object as { code?: unknown } | undefined)?.code === 410;
            stream?.abort();
            return;
          }
          const o = e.object;
          resourceVersion = o.metadata?.resourceVersion ?? resourceVersion;
          if (e.type === 'BOOKMARK') return;
          if (e.type === 'DELETED') {
            deleted = true;
            stream?.abort();
            return;
          }
          obj = o;
          const v = viewCanary(o);
          printer.show(v);
          if (FINAL_PHASES[v.phase] !== undefined) stream?.abort();
        },
      );
      await stream.done;
    } catch (err) {
      if (!isGone(err)) throw err;
      gone = true;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    if (deleted) {
      printer.end();
      return { code: EXIT.failed, message: `Canary ${c.namespace}/${name} was deleted` };
    }
    if (gone) {
      obj = await canaries.get(c.namespace, name);
      resourceVersion = obj.metadata?.resourceVersion;
    }
  }
  printer.end();
  return { code: EXIT.interrupted };
}

export const watchCommand = command('watch', watchUsage, async (args, io) => {
  const { values, positionals } = parse(args, OPTIONS);
  const name = canaryName(positionals, 'watch');
  let timeoutMs: number | undefined;
  if (typeof values['timeout'] === 'string') {
    timeoutMs = parseDurationMs(values['timeout']);
    if (timeoutMs === undefined)
      throw new UsageError(`--timeout: "${values['timeout']}" is not a duration like 30s or 10m`);
  }
  return withCluster(clusterArgs(values), async (c) => {
    const controller = new AbortController();
    let why: 'interrupted' | 'timeout' | undefined;
    const onSigint = () => {
      why = 'interrupted';
      controller.abort();
    };
    process.once('SIGINT', onSigint);
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            why = 'timeout';
            controller.abort();
          }, timeoutMs);
    try {
      const outcome = await follow(c, name, io, controller.signal);
      if (outcome.message) io.err(`fledge watch: ${outcome.message}\n`);
      if (why === 'timeout') {
        io.err(
          `fledge watch: Canary ${c.namespace}/${name} did not finish within ${String(values['timeout'])}\n`,
        );
        return EXIT.failed;
      }
      return why === 'interrupted' ? EXIT.interrupted : outcome.code;
    } finally {
      clearTimeout(timer);
      process.removeListener('SIGINT', onSigint);
    }
  });
});
