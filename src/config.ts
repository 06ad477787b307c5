import os from 'node:os';
import { parseArgs } from 'node:util';
import { FledgeError } from './api/errors.js';
import { LOG_LEVELS, type LogLevel } from './observability/logger.js';
import { parseAddr } from './observability/server.js';

/** Everything `fledge run` can be told, resolved from flags, then FLEDGE_* env, then defaults. */
export interface Config {
  kubeconfig: string | undefined;
  /** Namespaces to watch; empty means all namespaces. */
  namespaces: string[];
  metricsAddr: string;
  leaderElect: boolean;
  leaderElectionNamespace: string;
  leaderElectionId: string;
  leaderElectionIdentity: string;
  logLevel: LogLevel;
  /** Default Prometheus for metric checks that name no provider address. */
  prometheusUrl: string | undefined;
  workers: number;
}

export class ConfigError extends FledgeError {
  constructor(message: string) {
    super('InvalidConfig', message);
  }
}

/** Flag name → env var name (`--metrics-addr` → `FLEDGE_METRICS_ADDR`). */
const envName = (flag: string): string => `FLEDGE_${flag.toUpperCase().replace(/-/g, '_')}`;

const OPTIONS = {
  kubeconfig: { type: 'string' },
  namespace: { type: 'string', multiple: true, short: 'n' },
  'metrics-addr': { type: 'string' },
  'leader-elect': { type: 'boolean' },
  'no-leader-elect': { type: 'boolean' },
  'leader-election-namespace': { type: 'string' },
  'leader-election-id': { type: 'string' },
  'leader-election-identity': { type: 'string' },
  'log-level': { type: 'string' },
  'prometheus-url': { type: 'string' },
  workers: { type: 'string' },
} as const;

export const CONFIG_USAGE = `Options (each also settable as FLEDGE_<NAME>, e.g. FLEDGE_METRICS_ADDR):
  --kubeconfig PATH                 kubeconfig (default: $KUBECONFIG, ~/.kube/config, in-cluster)
  -n, --namespace NS                watch only NS; repeatable (env: comma-separated). Default: all
  --metrics-addr HOST:PORT          /metrics, /healthz, /readyz (default :8080)
  --leader-elect / --no-leader-elect  elect one active replica via a Lease (default off)
  --leader-election-namespace NS    namespace of the Lease (default: $POD_NAMESPACE or fledge-system)
  --leader-election-id NAME         name of the Lease (default fledge-leader)
  --leader-election-identity ID     this replica's identity (default: $POD_NAME or host_pid)
  --log-level LEVEL                 ${LOG_LEVELS.join('|')} (default info)
  --prometheus-url URL              default Prometheus for metric checks
  --workers N                       concurrent reconciles per controller (default 2)`;

export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Config {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true }));
  } catch (err) {
    throw new ConfigError(err instanceof Error ? err.message : String(err));
  }
  const str = (flag: keyof typeof OPTIONS): string | undefined => {
    const v = values[flag];
    if (typeof v === 'string') return v;
    const e = env[envName(flag)];
    return e === undefined || e === '' ? undefined : e;
  };

  const namespaces =
    (values.namespace as string[] | undefined) ??
    (env[envName('namespace')] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  for (const ns of namespaces) {
    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(ns))
      throw new ConfigError(`--namespace: "${ns}" is not a valid namespace name`);
  }

  const metricsAddr = str('metrics-addr') ?? ':8080';
  try {
    parseAddr(metricsAddr);
  } catch {
    throw new ConfigError(
      `--metrics-addr: "${metricsAddr}" is not host:port (e.g. ":8080" or "127.0.0.1:0")`,
    );
  }

  let leaderElect = false;
  if (values['leader-elect'] === true) leaderElect = true;
  else if (values['no-leader-elect'] === true) leaderElect = false;
  else if (env[envName('leader-elect')] !== undefined && env[envName('leader-elect')] !== '') {
    leaderElect = parseBool('--leader-elect', env[envName('leader-elect')] as string);
  }

  const logLevel = (str('log-level') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError(`--log-level: "${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);

  const prometheusUrl = str('prometheus-url');
  if (prometheusUrl !== undefined) {
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(prometheusUrl).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new ConfigError(`--prometheus-url: "${prometheusUrl}" is not an http(s) URL`);
  }

  const workersText = str('workers') ?? '2';
  const workers = Number(workersText);
  if (!/^\d+$/.test(workersText) || workers < 1 || workers > 64) {
    throw new ConfigError(`--workers: "${workersText}" is not a whole number between 1 and 64`);
  }

  const leNs = str('leader-election-namespace') ?? env.POD_NAMESPACE ?? 'fledge-system';
  const leId = str('leader-election-id') ?? 'fledge-leader';
  for (const [flag, v] of [
    ['--leader-election-namespace', leNs],
    ['--leader-election-id', leId],
  ] as const) {
    if (!/^[a-z0-9]([-.a-z0-9]{0,251}[a-z0-9])?$/.test(v))
      throw new ConfigError(`${flag}: "${v}" is not a valid Kubernetes name`);
  }

  return {
    // $KUBECONFIG (possibly a path list) is left to the loader, as kubectl does.
    kubeconfig: str('kubeconfig'),
    namespaces,
    metricsAddr,
    leaderElect,
    leaderElectionNamespace: leNs,
    leaderElectionId: leId,
    leaderElectionIdentity:
      str('leader-election-identity') ?? env.POD_NAME ?? `${os.hostname()}_${process.pid}`,
    logLevel,
    prometheusUrl,
    workers,
  };
}

function parseBool(flag: string, v: string): boolean {
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  throw new ConfigError(`${flag}: "${v}" is not a boolean (true/false)`);
}
