/**
 * Argument parsing shared by the commands, on node:util's parseArgs: every
 * command accepts kubectl's connection options, so `kubectl fledge …` and
 * `fledge …` read the same flags a kubectl user already types.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options of every command that talks to a cluster. */
export const CLUSTER_OPTIONS = {
  namespace: { type: 'string', short: 'n' },
  'all-namespaces': { type: 'boolean', short: 'A' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** Help text of CLUSTER_OPTIONS; `contextFlag` where a command uses --context for something else. */
export function clusterHelp(contextFlag = '--context'): string {
  return `Cluster options:
  -n, --namespace NS     namespace (default: the kubeconfig context's, else "default")
  --kubeconfig PATH      kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)
  ${`${contextFlag} NAME`.padEnd(21)}  kubeconfig context to use (default: the current one)
  -h, --help             show this help`;
}

export const CLUSTER_HELP = clusterHelp();

export interface ClusterArgs {
  namespace?: string | undefined;
  allNamespaces: boolean;
  kubeconfig?: string | undefined;
  context?: string | undefined;
}

export interface Parsed<V> {
  values: V;
  positionals: string[];
  help: boolean;
}

/** parseArgs with errors turned into UsageErrors (exit 2) in the CLI's words. */
export function parse<O extends Options>(
  args: readonly string[],
  options: O,
): Parsed<Record<string, unknown>> {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
    });
    const vals = values as Record<string, unknown>;
    return { values: vals, positionals, help: vals['help'] === true };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    // parseArgs explains itself well, minus a hint about '--' nobody needs here.
    throw new UsageError(msg.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

export function clusterArgs(values: Record<string, unknown>): ClusterArgs {
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? values[k] : undefined);
  const out: ClusterArgs = {
    namespace: str('namespace'),
    allNamespaces: values['all-namespaces'] === true,
    kubeconfig: str('kubeconfig'),
    context: str('context'),
  };
  if (out.namespace !== undefined && out.allNamespaces) {
    throw new UsageError('--namespace and --all-namespaces cannot be used together');
  }
  return out;
}

export const CANARY_WORDS = new Set(['canary', 'canaries', 'cnry']);

/**
 * `[canary] NAME`: the kind word is optional (`fledge promote canary web` or
 * `fledge promote web`). Returns the name, or throws a usage error.
 */
export function canaryName(positionals: readonly string[], command: string): string {
  const rest =
    positionals.length === 2 && CANARY_WORDS.has(positionals[0] ?? '') ? positionals.slice(1) : positionals;
  if (rest.length !== 1 || !rest[0]) {
    throw new UsageError(`${command} needs one canary name: fledge ${command} canary NAME`);
  }
  return rest[0];
}

/** `-o` values a command accepts; anything else is a usage error. */
export function outputFormat<F extends string>(value: unknown, allowed: readonly F[]): F | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as F;
  throw new UsageError(`--output must be one of: ${allowed.join(', ')}`);
}
