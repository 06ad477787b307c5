/**
 * `fledge flags eval FLAG --context JSON`: evaluates a flag with the SDK's
 * evaluator (the code workloads run), on the flag set as published in the
 * cluster (ConfigMap `fledge-flags-<set>`) or on a local flags.json.
 */
import { readFile } from 'node:fs/promises';
import { isForbidden } from './flags-shared.js';
import { FLAGS_KEY, configMapName } from '../flags/names.js';
import { isNotFound } from '../kube/api-error.js';
import type { KubeObject } from '../kube/resource-client.js';
import { kinds } from '../kube/resource-kind.js';
import { evaluateIn } from '../sdk/evaluator/evaluate.js';
import { FlagSet } from '../sdk/evaluator/flag-set.js';
import type { EvaluationContext, FlagValue, ResolutionDetails } from '../sdk/types.js';
import { CLUSTER_OPTIONS, clusterHelp, clusterArgs, outputFormat, parse } from './args.js';
import { withCluster, type Cluster } from './cluster.js';
import { command } from './command.js';
import { CliError, EXIT, UsageError } from './errors.js';
import { featureFlagKind, str, type FeatureFlagObject } from './kinds.js';

export const evalUsage = `Usage: fledge flags eval FLAG [--context JSON] [--set NAME | --file flags.json] [-n NS] [-o json]

Evaluates FLAG for an evaluation context with Fledge's SDK, exactly as a
workload would: on the flag set published in the cluster (ConfigMap
fledge-flags-<set>), or on a local flagd flags.json with --file.

FLAG is the flag key (a FeatureFlag's spec.key, which defaults to its name).
Without --set, the set is read from the FeatureFlag named FLAG, else "default".

Options:
  --context JSON         evaluation context, e.g. '{"targetingKey":"user-1","email":"a@company.com"}'
  --set NAME             flag set (ConfigMap fledge-flags-NAME)
  --file PATH            evaluate on a local flagd flags.json instead of the cluster
  --default JSON         the caller's default value (returned when the flag is disabled or errors)
  -o, --output json      the SDK's resolution details as JSON
${clusterHelp('--kube-context')}

Exit code: 0 when the flag resolved, 3 when it does not exist, 1 on another evaluation error.
`;

const OPTIONS = {
  ...CLUSTER_OPTIONS,
  context: { type: 'string' },
  set: { type: 'string' },
  file: { type: 'string' },
  default: { type: 'string' },
  output: { type: 'string', short: 'o' },
  // kubectl's --context is the kubeconfig context; here it is the evaluation context,
  // so the kubeconfig context is --kube-context.
  'kube-context': { type: 'string' },
} as const;

export function parseContext(text: string | undefined): EvaluationContext {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--context is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError('--context must be a JSON object, e.g. \'{"email":"a@company.com"}\'');
  }
  return value as EvaluationContext;
}

function parseDefault(text: string | undefined): FlagValue | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as FlagValue;
  } catch {
    return text; // a bare word is a string default
  }
}

export interface EvalResult {
  flag: string;
  source: string;
  details: ResolutionDetails<FlagValue | null>;
}

/** Evaluates on a flags.json text; pure apart from the SDK's own work. */
export function evaluateText(
  text: string,
  flag: string,
  ctx: EvaluationContext,
  source: string,
  defaultValue?: FlagValue,
): EvalResult {
  let set: FlagSet;
  try {
    set = FlagSet.parse(text);
  } catch (err) {
    throw new CliError(`${source}: ${err instanceof Error ? err.message : String(err)}`, EXIT.failed);
  }
  // null stands for "no default given": the SDK accepts any type when none is expected.
  const details = evaluateIn<FlagValue>(set, flag, defaultValue ?? (null as unknown as FlagValue), ctx, null);
  return { flag, source, details: details };
}

export function formatEval(r: EvalResult): string {
  const d = r.details;
  const value = d.value === null ? "(none: the caller's default applies)" : JSON.stringify(d.value);
  const lines = [
    `flag:     ${r.flag}`,
    `source:   ${r.source}`,
    `value:    ${value}`,
    `variant:  ${d.variant ?? '-'}`,
    `reason:   ${d.reason}`,
  ];
  if (d.errorCode) lines.push(`error:    ${d.errorCode}${d.errorMessage ? `: ${d.errorMessage}` : ''}`);
  return `${lines.join('\n')}\n`;
}

export function evalExitCode(d: ResolutionDetails<unknown>): number {
  if (d.errorCode === 'FLAG_NOT_FOUND') return EXIT.notFound;
  return d.reason === 'ERROR' ? EXIT.failed : EXIT.ok;
}

/** The set and key of FLAG: --set wins; else the FeatureFlag's spec, when it can be read. */
async function locate(
  c: Cluster,
  flag: string,
  set: string | undefined,
): Promise<{ set: string; key: string }> {
  if (set !== undefined) return { set, key: flag };
  try {
    const ff = await c.client.resources<FeatureFlagObject>(featureFlagKind).get(c.namespace, flag);
    return { set: str(ff.spec?.flagSet) ?? 'default', key: str(ff.spec?.key) ?? flag };
  } catch (err) {
    if (isNotFound(err) || isForbidden(err)) return { set: 'default', key: flag };
    throw err;
  }
}

async function liveText(c: Cluster, set: string): Promise<{ text: string; source: string }> {
  const name = configMapName(set);
  const source = `ConfigMap ${c.namespace}/${name}`;
  let cm: KubeObject & { data?: Record<string, string> };
  try {
    cm = await c.client
      .resources<KubeObject & { data?: Record<string, string> }>(kinds.configMap)
      .get(c.namespace, name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    throw new CliError(
      `${source} not found: no flag of set "${set}" is published in namespace ${c.namespace} (is the Fledge operator running? is --set right?)`,
      EXIT.notFound,
    );
  }
  const text = cm.data?.[FLAGS_KEY];
  if (text === undefined) throw new CliError(`${source} has no ${FLAGS_KEY} key`, EXIT.failed);
  return { text, source };
}

export const flagsEvalCommand = command('flags eval', evalUsage, async (args, io) => {
  // --context means the evaluation context here; see OPTIONS.
  const { values, positionals } = parse(args, OPTIONS);
  if (positionals.length !== 1 || !positionals[0]) throw new UsageError('flags eval needs one flag key');
  const flag = positionals[0];
  const ctx = parseContext(str(values['context']));
  const format = outputFormat(values['output'], ['json'] as const);
  const defaultValue = parseDefault(str(values['default']));
  const file = str(values['file']);
  const setName = str(values['set']);
  if (file !== undefined && setName !== undefined)
    throw new UsageError('--file and --set cannot be used together');

  let result: EvalResult;
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new CliError(
        `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
        EXIT.failed,
      );
    }
    result = evaluateText(text, flag, ctx, file, defaultValue);
  } else {
    const cluster = clusterArgs({ ...values, context: values['kube-context'] });
    result = await withCluster(cluster, async (c) => {
      const { set, key } = await locate(c, flag, setName);
      const { text, source } = await liveText(c, set);
      return evaluateText(text, key, ctx, source, defaultValue);
    });
  }
  io.out(
    format === 'json'
      ? `${JSON.stringify({ flag: result.flag, source: result.source, ...result.details }, null, 2)}\n`
      : formatEval(result),
  );
  return evalExitCode(result.details);
});
