/** The bed pieces the routing tests need: a client, a namespace, a real Canary to own things. */
import { randomBytes } from 'node:crypto';
import type { Canary } from '../../../src/api/canary.js';
import { exampleCanary } from '../../../src/api/examples.js';
import { createKubeClient, loadKubeConfig, type KubeClient } from '../../../src/kube/client.js';
import { testbed } from '../../support/env.js';

const namespaceKind = {
  group: '',
  version: 'v1',
  plural: 'namespaces',
  kind: 'Namespace',
  namespaced: false,
};
export const canaryKind = {
  group: 'fledge.dev',
  version: 'v1alpha1',
  plural: 'canaries',
  kind: 'Canary',
  namespaced: true,
} as const;

export function bedClient(): KubeClient {
  return createKubeClient(loadKubeConfig(testbed().KUBECONFIG));
}

export async function createNamespace(client: KubeClient, prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await client.resources(namespaceKind).create({ metadata: { name, labels: { 'fledge-test': prefix } } });
  return name;
}

export async function deleteNamespace(client: KubeClient, name: string): Promise<void> {
  await client
    .resources(namespaceKind)
    .delete(undefined, name)
    .catch(() => undefined);
}

/** Creates a Canary (so ownerReferences point at a real uid the garbage collector respects). */
export async function createCanary(
  client: KubeClient,
  namespace: string,
  name: string,
  service: Partial<Canary['spec']['service']> = {},
): Promise<Canary> {
  const base = exampleCanary(namespace);
  const { status: _s, ...rest } = base;
  const created = await client.resources<Canary & { metadata: { name: string } }>(canaryKind).create({
    ...rest,
    metadata: { name, namespace },
    spec: {
      ...base.spec,
      targetRef: { ...base.spec.targetRef, name },
      service: { ...base.spec.service, ...service },
    },
  });
  return created;
}
