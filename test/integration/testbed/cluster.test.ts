/**
 * Proves the bed's Kubernetes is real: rollouts through kube-controller-manager,
 * kube-scheduler and kwok; ownerReference garbage collection; Istio CRD schema
 * validation; watches; RBAC for a second identity.
 */
import { randomBytes } from 'node:crypto';
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  Watch,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testbed } from '../../support/env.js';
import { kubectl, kubectlRun } from '../../support/kubectl.js';
import { eventually } from '../../support/eventually.js';

const env = testbed();
const ns = `tb-cluster-${randomBytes(3).toString('hex')}`;
const kc = new KubeConfig();
kc.loadFromFile(env.KUBECONFIG);
const core = kc.makeApiClient(CoreV1Api);
const apps = kc.makeApiClient(AppsV1Api);
const custom = kc.makeApiClient(CustomObjectsApi);
const admin = { kubeconfig: env.KUBECONFIG };
const unprivileged = { kubeconfig: env.KUBECONFIG_UNPRIVILEGED };

const isNotFound = (err: unknown): boolean => err instanceof ApiException && err.code === 404;

beforeAll(async () => {
  await kubectl(['create', 'namespace', ns], admin);
  // Pods are rejected until the namespace's default ServiceAccount exists.
  await eventually(
    async () => ((await kubectlRun(['get', 'sa', 'default', '-n', ns], admin)).code === 0 ? true : undefined),
    30_000,
    'default serviceaccount',
  );
});

afterAll(async () => {
  await kubectlRun(['delete', 'namespace', ns, '--wait=false'], admin);
});

describe('test bed cluster', () => {
  it('rolls out a Deployment applied with kubectl to Ready pods on the kwok node', async () => {
    const manifest = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${ns} }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: example.com/web:1 }]
`;
    await kubectl(['apply', '-f', '-'], { ...admin, input: manifest });
    await kubectl(['rollout', 'status', `deployment/web`, '-n', ns, '--timeout=60s'], admin);

    const dep = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    expect(dep.status?.availableReplicas).toBe(3);
    expect(dep.status?.readyReplicas).toBe(3);
    const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=web' });
    expect(pods.items).toHaveLength(3);
    for (const pod of pods.items) {
      expect(pod.spec?.nodeName).toBe('kwok-node-0');
      expect(pod.status?.phase).toBe('Running');
      expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
      expect(pod.metadata?.ownerReferences?.[0]?.kind).toBe('ReplicaSet');
    }
  });

  it('garbage-collects dependents when their owner is deleted', async () => {
    const owner = await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'owner' }, data: { a: '1' } },
    });
    const ownerReferences = [
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata!.uid! },
    ];
    await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'dep-cm', ownerReferences } },
    });
    await core.createNamespacedSecret({
      namespace: ns,
      body: { metadata: { name: 'dep-secret', ownerReferences } },
    });
    // An unowned object must survive, or the test would pass if everything were wiped.
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'bystander' } } });

    await core.deleteNamespacedConfigMap({ name: 'owner', namespace: ns });

    await eventually(
      async () => {
        const cm = await core
          .readNamespacedConfigMap({ name: 'dep-cm', namespace: ns })
          .catch((e: unknown) => e);
        const sec = await core
          .readNamespacedSecret({ name: 'dep-secret', namespace: ns })
          .catch((e: unknown) => e);
        return isNotFound(cm) && isNotFound(sec) ? true : undefined;
      },
      30_000,
      'dependents deleted',
    );
    await expect(core.readNamespacedConfigMap({ name: 'bystander', namespace: ns })).resolves.toBeDefined();
  });

  const vs = (route: object[]) => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: `vs-${randomBytes(3).toString('hex')}` },
    spec: { hosts: ['web'], http: [{ route }] },
  });
  const create = (body: object) =>
    custom.createNamespacedCustomObject({
      group: 'networking.istio.io',
      version: 'v1',
      namespace: ns,
      plural: 'virtualservices',
      body,
    });

  it('accepts a valid VirtualService', async () => {
    const ok = vs([
      { destination: { host: 'web-primary' }, weight: 90 },
      { destination: { host: 'web-canary' }, weight: 10 },
    ]);
    await expect(create(ok)).resolves.toMatchObject({
      spec: { http: [{ route: [{ weight: 90 }, { weight: 10 }] }] },
    });
  });

  it.each([
    ['a weight that is not an integer', [{ destination: { host: 'web' }, weight: 'fifty' }], /weight/],
    ['a route without destination', [{ weight: 100 }], /destination/],
  ])('rejects a VirtualService with %s', async (_name, route, field) => {
    const err = await create(vs(route)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiException);
    expect((err as ApiException<unknown>).code).toBe(422);
    expect(String((err as ApiException<unknown>).body)).toMatch(field);
  });

  it('delivers watch events in order with increasing resourceVersions', async () => {
    const seen: { type: string; rv: bigint; value: string | undefined }[] = [];
    const watch = new Watch(kc);
    const ctl = await watch.watch(
      `/api/v1/namespaces/${ns}/configmaps`,
      { fieldSelector: 'metadata.name=watched' },
      (type, obj: { metadata: { resourceVersion: string }; data?: Record<string, string> }) =>
        seen.push({ type, rv: BigInt(obj.metadata.resourceVersion), value: obj.data?.['v'] }),
      () => undefined,
    );
    try {
      await core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: 'watched' }, data: { v: '1' } },
      });
      for (const v of ['2', '3']) {
        const body = [{ op: 'replace', path: '/data/v', value: v }];
        await core.patchNamespacedConfigMap({ name: 'watched', namespace: ns, body });
      }
      await core.deleteNamespacedConfigMap({ name: 'watched', namespace: ns });
      await eventually(() => (seen.length >= 4 ? true : undefined), 30_000, 'four watch events');
    } finally {
      ctl.abort();
    }
    expect(seen.map((e) => [e.type, e.value])).toEqual([
      ['ADDED', '1'],
      ['MODIFIED', '2'],
      ['MODIFIED', '3'],
      ['DELETED', '3'],
    ]);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.rv).toBeGreaterThan(seen[i - 1]!.rv);
  });

  it('denies the unprivileged identity until a RoleBinding grants it, and only what was granted', async () => {
    const denied = await kubectlRun(['get', 'pods', '-n', ns], unprivileged);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(/forbidden.*"fledge-test-user"/i);

    await kubectl(['create', 'role', 'pod-reader', '--verb=get,list', '--resource=pods', '-n', ns], admin);
    await kubectl(
      ['create', 'rolebinding', 'pod-reader', '--role=pod-reader', '--user=fledge-test-user', '-n', ns],
      admin,
    );

    await eventually(
      async () => ((await kubectlRun(['get', 'pods', '-n', ns], unprivileged)).code === 0 ? true : undefined),
      30_000,
      'RBAC grant visible',
    );
    const del = await kubectlRun(['delete', 'pods', '--all', '-n', ns], unprivileged);
    expect(del.code).not.toBe(0);
    expect(del.stderr).toMatch(/forbidden/i);
    const otherNs = await kubectlRun(['get', 'pods', '-n', 'kube-system'], unprivileged);
    expect(otherNs.code).not.toBe(0);
  });
});
