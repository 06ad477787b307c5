/**
 * What the runtime's integration tests need from the test bed: a client for
 * the real apiserver, a throwaway namespace, and etcd for forcing compaction.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createKubeClient, loadKubeConfig, type KubeClient } from '../../../src/kube/client.js';
import type { KubeObject, ResourceClient } from '../../../src/kube/resource-client.js';
import { kinds } from '../../../src/kube/resource-kind.js';
import { envFile } from '../../support/cluster/paths.js';
import { parseEnv, readState } from '../../support/cluster/state.js';
export { eventually } from '../../support/eventually.js';

export function bedKubeconfig(): string {
  const fromFile = (() => {
    try {
      return parseEnv(readFileSync(envFile, 'utf8')).KUBECONFIG;
    } catch {
      return undefined;
    }
  })();
  const kc = fromFile ?? process.env.KUBECONFIG;
  if (!kc)
    throw new Error(`test bed: no KUBECONFIG in ${envFile} or the environment; run npm run testbed:up`);
  return kc;
}

export function bedClient(): KubeClient {
  return createKubeClient(loadKubeConfig(bedKubeconfig()));
}

export async function createNamespace(client: KubeClient, prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await client
    .resources({ group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false })
    .create({
      metadata: { name },
    });
  return name;
}

export async function deleteNamespace(client: KubeClient, name: string): Promise<void> {
  await client
    .resources({ group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false })
    .delete(undefined, name)
    .catch(() => undefined);
}

export type ConfigMap = KubeObject & { data?: Record<string, string> };

export function configMaps(client: KubeClient): ResourceClient<ConfigMap> {
  return client.resources<ConfigMap>(kinds.configMap);
}

/** Compacts etcd's whole history up to now, so any older resourceVersion is gone for good. */
export async function compactEtcd(): Promise<number> {
  const etcd = readState()?.components.find((c) => c.name === 'etcd');
  if (!etcd) throw new Error('test bed: no etcd recorded in .testbed/state.json');
  const base = etcd.probe.url.replace(/\/health$/, '');
  const range = await fetch(`${base}/v3/kv/range`, {
    method: 'POST',
    body: JSON.stringify({ key: Buffer.from('/').toString('base64') }),
  });
  const rev = Number(((await range.json()) as { header?: { revision?: string } }).header?.revision);
  if (!Number.isFinite(rev)) throw new Error('etcd: could not read the current revision');
  const res = await fetch(`${base}/v3/kv/compaction`, {
    method: 'POST',
    body: JSON.stringify({ revision: String(rev), physical: true }),
  });
  if (!res.ok) throw new Error(`etcd compact to ${rev}: HTTP ${res.status} ${await res.text()}`);
  return rev;
}
