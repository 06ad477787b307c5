/** `fledge status [CANARY]`: a table of canaries, or one canary with its checks. */
import { stringify } from 'yaml';
import type { ResourceClient } from '../kube/resource-client.js';
import { CLUSTER_HELP, CLUSTER_OPTIONS, CANARY_WORDS, clusterArgs, outputFormat, parse } from './args.js';
import { formatMetric, phaseLabel, viewCanary, weightLabel, type CanaryView } from './canary-view.js';
import { withCluster } from './cluster.js';
import { command, type Io } from './command.js';
import { EXIT, UsageError } from './errors.js';
import { canaryKind, type CanaryObject } from './kinds.js';
import { age, formatNumber, table } from './output.js';

export const statusUsage = `Usage: fledge status [canary] [NAME] [-n NS | -A] [-o json|yaml]

Shows canaries: phase, canary weight / max weight, failed checks / threshold,
the last value of each metric check (a "!" marks a check that did not pass),
and when the phase last changed. With NAME, also each check's threshold and verdict.

Options:
  -A, --all-namespaces   canaries of every namespace
  -o, --output FORMAT    json or yaml: the objects as the cluster holds them
${CLUSTER_HELP}
`;

const OPTIONS = { ...CLUSTER_OPTIONS, output: { type: 'string', short: 'o' } } as const;

export function statusRows(views: readonly CanaryView[], now: number, withNamespace: boolean): string {
  const headers = ['name', 'phase', 'weight', 'failed', 'metrics', 'last transition'];
  const rows = views.map((v) => [
    v.name,
    phaseLabel(v),
    weightLabel(v),
    `${v.failedChecks}/${v.threshold}`,
    v.metrics.map(formatMetric).join(' '),
    age(v.lastTransitionTime, now),
  ]);
  return withNamespace
    ? table(
        ['namespace', ...headers],
        rows.map((r, i) => [views[i]?.namespace, ...r]),
      )
    : table(headers, rows);
}

/** One canary: the summary line, then a table of its checks. */
export function statusDetail(v: CanaryView, now: number): string {
  let out = statusRows([v], now, false);
  if (v.message) out += `\nMessage: ${v.message}\n`;
  if (v.metrics.length > 0) {
    const rows = v.metrics.map((m) => [
      m.name,
      m.value === undefined ? 'none' : formatNumber(m.value),
      range(m.thresholdRange),
      m.verdict,
      m.reason,
      age(m.time, now),
    ]);
    out += `\n${table(['check', 'value', 'threshold', 'verdict', 'reason', 'measured'], rows)}`;
  }
  return out;
}

function range(r: { min?: number | undefined; max?: number | undefined } | undefined): string {
  if (!r || (r.min === undefined && r.max === undefined)) return '-';
  if (r.max === undefined) return `>= ${formatNumber(r.min)}`;
  if (r.min === undefined) return `<= ${formatNumber(r.max)}`;
  return `${formatNumber(r.min)}..${formatNumber(r.max)}`;
}

function nameOf(positionals: string[]): string | undefined {
  const rest = CANARY_WORDS.has(positionals[0] ?? '') ? positionals.slice(1) : positionals;
  if (rest.length > 1) throw new UsageError('status takes at most one canary name');
  return rest[0];
}

function print(io: Io, format: 'json' | 'yaml', value: unknown): void {
  io.out(format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : stringify(value));
}

export const statusCommand = command('status', statusUsage, async (args, io) => {
  const { values, positionals } = parse(args, OPTIONS);
  const cluster = clusterArgs(values);
  const format = outputFormat(values['output'], ['json', 'yaml'] as const);
  const name = nameOf(positionals);
  if (name !== undefined && cluster.allNamespaces)
    throw new UsageError('a canary name needs one namespace, not -A');
  return withCluster(cluster, async (c) => {
    const canaries: ResourceClient<CanaryObject> = c.client.resources<CanaryObject>(canaryKind);
    const now = Date.now();
    if (name !== undefined) {
      const obj = await canaries.get(c.namespace, name);
      if (format) print(io, format, obj);
      else io.out(statusDetail(viewCanary(obj), now));
      return EXIT.ok;
    }
    const { items } = await canaries.list(c.listNamespace);
    if (format) {
      print(io, format, { apiVersion: 'v1', kind: 'List', items });
      return EXIT.ok;
    }
    if (items.length === 0) {
      io.err(`No canaries found${c.listNamespace ? ` in namespace ${c.listNamespace}` : ''}.\n`);
      return EXIT.ok;
    }
    const views = items
      .map(viewCanary)
      .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
    io.out(statusRows(views, now, c.listNamespace === undefined));
    return EXIT.ok;
  });
});
