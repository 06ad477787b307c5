/**
 * The workload actions against the bed's apiserver. A primary that is
 * missing when the template is promoted (deleted mid-rollout) is created the
 * one way bootstrap creates it: the `-primary` config copies first, so its
 * pods never start on configuration that does not exist (or is stale).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCanaryDefaults, type DefaultedCanary } from '../../../src/api/canary-defaults.js';
import {
  ensurePrimaryHpa,
  promoteTemplate,
  type WorkloadClients,
} from '../../../src/canary/act-workloads.js';
import { canaryKinds } from '../../../src/canary/controller-kinds.js';
import type { ConfigObject } from '../../../src/canary/observe.js';
import type { Hpa } from '../../../src/canary/primary-hpa.js';
import type { Deployment, Service } from '../../../src/canary/resources.js';
import { isNotFound } from '../../../src/kube/api-error.js';
import type { KubeClient } from '../../../src/kube/client.js';
import { bedClient, createCanary, createNamespace, deleteNamespace } from '../routing/bed.js';

let client: KubeClient;
let ns: string;
let k: WorkloadClients;

beforeAll(async () => {
  client = bedClient();
  ns = await createNamespace(client, 'act-workloads');
  k = {
    deployments: client.resources<Deployment>(canaryKinds.deployment),
    services: client.resources<Service>(canaryKinds.service),
    configMaps: client.resources<ConfigObject>(canaryKinds.configMap),
    secrets: client.resources<ConfigObject>(canaryKinds.secret),
    hpas: client.resources<Hpa>(canaryKinds.hpa),
  };
});

afterAll(async () => {
  await deleteNamespace(client, ns);
  client.close();
});

async function target(name: string, configMap: string): Promise<void> {
  await k.deployments.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: 'app', image: 'podinfo:6.0.1', envFrom: [{ configMapRef: { name: configMap } }] },
          ],
        },
      },
    },
  });
}

async function canaryFor(
  name: string,
  spec: Partial<DefaultedCanary['spec']> = {},
): Promise<DefaultedCanary> {
  const c = await createCanary(client, ns, name);
  return withCanaryDefaults({ ...c, spec: { ...c.spec, ...spec } });
}

describe('promoteTemplate with the primary gone', () => {
  it('writes the -primary config copy before it recreates the primary', async () => {
    await k.configMaps.create({ metadata: { name: 'settings', namespace: ns }, data: { color: 'green' } });
    await target('shop', 'settings');
    const c = await canaryFor('shop');

    await promoteTemplate(c, 'rev-2', new Set(['configmap/settings']), k);

    const primary = await k.deployments.get(ns, 'shop-primary');
    expect(primary.spec?.template.spec?.containers[0]?.envFrom?.[0]?.configMapRef?.name).toBe(
      'settings-primary',
    );
    const copy = await k.configMaps.get(ns, 'settings-primary');
    expect(copy.data).toEqual({ color: 'green' });
    expect(copy.metadata?.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'fledge' });
  });
});

describe('ensurePrimaryHpa', () => {
  it('creates <hpa>-primary for the primary and brings it back in line with the HPA', async () => {
    await target('cart', 'none');
    await k.hpas.create({
      metadata: { name: 'cart', namespace: ns },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'cart' },
        minReplicas: 1,
        maxReplicas: 4,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
        ],
      },
    });
    const c = await canaryFor('cart', { autoscalerRef: { name: 'cart' } });

    await ensurePrimaryHpa(c, k);
    const copy = await k.hpas.get(ns, 'cart-primary');
    expect(copy.spec?.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'cart-primary',
    });
    expect(copy.spec?.maxReplicas).toBe(4);
    expect(copy.metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'Canary',
      name: 'cart',
      uid: c.metadata.uid,
    });

    await k.hpas.patch(ns, 'cart', { spec: { maxReplicas: 6 } });
    await ensurePrimaryHpa(c, k);
    expect((await k.hpas.get(ns, 'cart-primary')).spec?.maxReplicas).toBe(6);
  });

  it('does nothing without an autoscalerRef', async () => {
    const c = await canaryFor('none');
    await ensurePrimaryHpa(c, k);
    await expect(k.hpas.get(ns, 'none-primary')).rejects.toSatisfy(isNotFound);
  });
});
