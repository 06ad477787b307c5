/**
 * The CLI's connection to a cluster, resolved the way kubectl resolves it
 * (--kubeconfig, then $KUBECONFIG, then ~/.kube/config, then in-cluster), but
 * saying plainly when there is nothing to connect with: the client library
 * would otherwise fall back to http://localhost:8080 and fail obscurely.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { createKubeClient, loadKubeConfig, type KubeClient } from '../kube/client.js';
import type { ClusterArgs } from './args.js';
import { CliError, EXIT } from './errors.js';

export interface Cluster {
  client: KubeClient;
  /** Namespace of the command: -n, else the context's, else "default". */
  namespace: string;
  /** undefined with --all-namespaces. */
  listNamespace: string | undefined;
  /** The kubeconfig user of the current context (what an audit Event names). */
  kubeUser: string;
  context: string;
  server: string | undefined;
}

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * Which kubeconfig would be used, or a CliError saying none exists. Pure
 * apart from existence checks, so tests can pass their own environment.
 */
export function kubeconfigSource(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  exists: (p: string) => boolean = existsSync,
): string | undefined {
  if (explicit !== undefined) {
    if (!exists(explicit)) throw new CliError(`kubeconfig ${explicit} does not exist`, EXIT.unreachable);
    return explicit;
  }
  const fromEnv = (env['KUBECONFIG'] ?? '').split(delimiter).filter(Boolean);
  if (fromEnv.length > 0) {
    if (!fromEnv.some(exists)) {
      throw new CliError(
        `KUBECONFIG is set to ${fromEnv.join(delimiter)}, but no such file exists`,
        EXIT.unreachable,
      );
    }
    return undefined; // loadFromDefault merges the files, as kubectl does
  }
  const home = join(env['HOME'] ?? homedir(), '.kube', 'config');
  if (exists(home)) return undefined;
  if (env['KUBERNETES_SERVICE_HOST'] && exists(IN_CLUSTER_TOKEN)) return undefined;
  throw new CliError(
    'no kubeconfig found: set KUBECONFIG, pass --kubeconfig PATH, or create ~/.kube/config',
    EXIT.unreachable,
  );
}

function selectContext(kc: KubeConfig, context: string | undefined): void {
  if (context === undefined) return;
  if (!kc.getContextObject(context)) {
    const known = kc.contexts.map((c) => c.name).join(', ') || 'none';
    throw new CliError(`kubeconfig has no context "${context}" (contexts: ${known})`, EXIT.unreachable);
  }
  kc.setCurrentContext(context);
}

export function connect(args: ClusterArgs): Cluster {
  const kc = loadKubeConfig(kubeconfigSource(args.kubeconfig));
  selectContext(kc, args.context);
  const context = kc.getCurrentContext();
  const namespace = args.namespace ?? kc.getContextObject(context)?.namespace ?? 'default';
  return {
    client: createKubeClient(kc),
    namespace,
    listNamespace: args.allNamespaces ? undefined : namespace,
    kubeUser: kc.getCurrentUser()?.name ?? 'unknown',
    context,
    server: kc.getCurrentCluster()?.server,
  };
}

/** Connects, runs `fn`, and always closes the connection (keep-alive sockets would hold the process). */
export async function withCluster<T>(args: ClusterArgs, fn: (c: Cluster) => Promise<T>): Promise<T> {
  const cluster = connect(args);
  try {
    return await fn(cluster);
  } finally {
    cluster.client.close();
  }
}
