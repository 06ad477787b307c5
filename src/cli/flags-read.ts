/** `fledge flags list` and `fledge flags get FLAG`. */
import { stringify } from 'yaml';
import { configMapName } from '../flags/names.js';
import { CLUSTER_HELP, CLUSTER_OPTIONS, clusterArgs, outputFormat, parse } from './args.js';
import { withCluster } from './cluster.js';
import { command, type Io } from './command.js';
import { EXIT, UsageError } from './errors.js';
import { viewFlag, type FlagView } from './flags-shared.js';
import { featureFlagKind, type FeatureFlagObject } from './kinds.js';
import { age, table } from './output.js';

export const listUsage = `Usage: fledge flags list [-n NS | -A] [-o json|yaml]

Lists FeatureFlags: flag set, state, default variant, rollout percentage
(the live one of a guarded rollout), whether the flag is Ready (published), and age.

Options:
  -A, --all-namespaces   flags of every namespace
  -o, --output FORMAT    json or yaml: the objects as the cluster holds them
${CLUSTER_HELP}
`;

export const getUsage = `Usage: fledge flags get FLAG [-n NS] [-o json|yaml]

Shows one FeatureFlag: key, flag set and its ConfigMap, state, variants,
rules, rollout, readiness (with the reason when it is not published) and conditions.

Options:
  -o, --output FORMAT    json or yaml: the object as the cluster holds it
${CLUSTER_HELP}
`;

const OPTIONS = { ...CLUSTER_OPTIONS, output: { type: 'string', short: 'o' } } as const;

export function flagRows(flags: readonly FeatureFlagObject[], now: number, withNamespace: boolean): string {
  const headers = ['name', 'set', 'state', 'default', 'rollout', 'ready', 'age'];
  const rows = flags.map((ff) => {
    const v = viewFlag(ff);
    const state = v.killSwitchFired ? `${v.state} (killed)` : v.state;
    const row = [
      v.name,
      v.set,
      state,
      v.defaultVariant,
      v.rollout,
      v.ready,
      age(ff.metadata?.creationTimestamp, now),
    ];
    return withNamespace ? [v.namespace, ...row] : row;
  });
  return table(withNamespace ? ['namespace', ...headers] : headers, rows);
}

function line(label: string, value: string | undefined): string {
  return value === undefined || value === '' ? '' : `${`${label}:`.padEnd(15)} ${value}\n`;
}

export function describeFlag(ff: FeatureFlagObject, now: number): string {
  const v: FlagView = viewFlag(ff);
  const spec = ff.spec ?? {};
  const variants =
    typeof spec.variants === 'object' && spec.variants !== null
      ? Object.entries(spec.variants)
          .map(([k, val]) => `${k}=${JSON.stringify(val)}`)
          .join(', ')
      : undefined;
  const rules = Array.isArray(spec.rules)
    ? (spec.rules as { name?: unknown; variant?: unknown }[])
        .map((r) => `${String(r.name)} → ${String(r.variant)}`)
        .join(', ')
    : undefined;
  let out = `FeatureFlag ${v.namespace}/${v.name}\n`;
  out += line('key', v.key);
  out += line('flag set', `${v.set} (ConfigMap ${configMapName(v.set)})`);
  out += line(
    'state',
    v.killSwitchFired ? `${v.state} (kill switch fired: fledge flags rearm ${v.name})` : v.state,
  );
  out += line('type', typeof spec.type === 'string' ? spec.type : undefined);
  out += line('owner', typeof spec.owner === 'string' ? spec.owner : undefined);
  out += line('expires', v.expires);
  out += line('variants', variants);
  out += line('default', v.defaultVariant);
  out += line('rules', rules);
  out += line('targeting', spec.targeting !== undefined ? JSON.stringify(spec.targeting) : undefined);
  out += line('rollout', v.rollout);
  out += line('ready', v.ready ?? 'unknown (not reconciled yet)');
  out += line('message', v.readyMessage);
  out += line('published to', v.publishedTo);
  const conditions = Array.isArray(ff.status?.conditions) ? ff.status.conditions : [];
  if (conditions.length > 0) {
    out += `\n${table(
      ['condition', 'status', 'reason', 'age'],
      conditions.map((c) => [c.type, c.status, c.reason, age(c.lastTransitionTime, now)]),
    )}`;
  }
  return out;
}

function print(io: Io, format: 'json' | 'yaml', value: unknown): void {
  io.out(format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : stringify(value));
}

export const flagsListCommand = command('flags list', listUsage, async (args, io) => {
  const { values, positionals } = parse(args, OPTIONS);
  if (positionals.length > 0) throw new UsageError('flags list takes no arguments (use flags get FLAG)');
  const format = outputFormat(values['output'], ['json', 'yaml'] as const);
  return withCluster(clusterArgs(values), async (c) => {
    const { items } = await c.client.resources<FeatureFlagObject>(featureFlagKind).list(c.listNamespace);
    if (format) {
      print(io, format, { apiVersion: 'v1', kind: 'List', items });
      return EXIT.ok;
    }
    if (items.length === 0) {
      io.err(`No feature flags found${c.listNamespace ? ` in namespace ${c.listNamespace}` : ''}.\n`);
      return EXIT.ok;
    }
    const sorted = [...items].sort(
      (a, b) =>
        (a.metadata?.namespace ?? '').localeCompare(b.metadata?.namespace ?? '') ||
        (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
    );
    io.out(flagRows(sorted, Date.now(), c.listNamespace === undefined));
    return EXIT.ok;
  });
});

export const flagsGetCommand = command('flags get', getUsage, async (args, io) => {
  const { values, positionals } = parse(args, OPTIONS);
  if (positionals.length !== 1 || !positionals[0]) throw new UsageError('flags get needs one flag name');
  const format = outputFormat(values['output'], ['json', 'yaml'] as const);
  const cluster = clusterArgs(values);
  if (cluster.allNamespaces) throw new UsageError('flags get needs one namespace, not -A');
  return withCluster(cluster, async (c) => {
    const ff = await c.client
      .resources<FeatureFlagObject>(featureFlagKind)
      .get(c.namespace, positionals[0] ?? '');
    if (format) print(io, format, ff);
    else io.out(describeFlag(ff, Date.now()));
    return EXIT.ok;
  });
});
