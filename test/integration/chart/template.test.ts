/**
 * The chart through the real Helm of the test bed: lint, the two RBAC modes,
 * leader election, the values schema, and deploy/ being the chart's output.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestFile, renderManifests } from '../../../scripts/render-manifests.js';
import { testbed } from '../../support/env.js';
import { chartDir, helm, template, type K8sObject } from './helm.js';

const kinds = (objs: K8sObject[]) => objs.map((o) => o.kind).sort();
const deployment = (objs: K8sObject[]) =>
  objs.find((o) => o.kind === 'Deployment') as K8sObject & {
    spec: { template: { spec: { containers: { args: string[] }[] } } };
  };
const args = (objs: K8sObject[]) => deployment(objs).spec.template.spec.containers[0]!.args;

describe('helm lint', () => {
  it.each([
    ['default values', []],
    ['namespaced mode', ['--set', 'watchNamespaces={shop,payments}', '--set', 'replicaCount=2']],
    [
      'every optional object',
      ['--set', 'metrics.serviceMonitor.enabled=true', '--set', 'podDisruptionBudget.enabled=true'],
    ],
  ])('passes --strict with %s', async (_, extra) => {
    const res = await helm(['lint', chartDir, '--strict', ...extra]);
    expect(res.stdout + res.stderr).toMatch(/0 chart\(s\) failed/);
    expect(res.code).toBe(0);
  });
});

describe('helm template', () => {
  it('cluster-wide by default: a ClusterRole and no Lease grant with one replica', async () => {
    const { objects } = await template('fledge', 'fledge-system');
    expect(kinds(objects)).toEqual([
      'ClusterRole',
      'ClusterRoleBinding',
      'Deployment',
      'Service',
      'ServiceAccount',
    ]);
    expect(args(objects)).toContain('--no-leader-elect');
    expect(args(objects).some((a) => a.startsWith('--namespace'))).toBe(false);
  });

  it('namespaced: a Role and RoleBinding per watched namespace, nothing cluster-scoped', async () => {
    const { objects } = await template('fledge', 'fledge-system', { watchNamespaces: ['shop', 'payments'] });
    expect(objects.some((o) => o.kind.startsWith('Cluster'))).toBe(false);
    const roles = objects.filter((o) => o.kind === 'Role').map((o) => o.metadata.namespace);
    expect(roles.sort()).toEqual(['payments', 'shop']);
    const bindings = objects.filter((o) => o.kind === 'RoleBinding').map((o) => o.metadata.namespace);
    expect(bindings.sort()).toEqual(['payments', 'shop']);
    expect(args(objects)).toEqual(expect.arrayContaining(['--namespace=shop', '--namespace=payments']));
  });

  it('turns leader election on with more than one replica, with a Lease Role in the release namespace', async () => {
    const { objects } = await template('fledge', 'ops', { replicaCount: 3 });
    expect(args(objects)).toEqual(
      expect.arrayContaining([
        '--leader-elect',
        '--leader-election-namespace=ops',
        '--leader-election-id=fledge-leader',
      ]),
    );
    const lease = objects.find(
      (o) => o.kind === 'Role' && o.metadata.name.endsWith('-leader-election'),
    ) as K8sObject & {
      rules: { resources: string[]; verbs: string[]; resourceNames?: string[] }[];
    };
    expect(lease.metadata.namespace).toBe('ops');
    expect(lease.rules.every((r) => r.resources.join() === 'leases')).toBe(true);
    expect(lease.rules.find((r) => r.verbs.includes('update'))?.resourceNames).toEqual(['fledge-leader']);
  });

  it('refuses several replicas without leader election', async () => {
    await expect(
      template('fledge', 'ops', { replicaCount: 2, leaderElection: { enabled: false } }),
    ).rejects.toThrow(/needs leader election/);
  });

  it('renders the ServiceMonitor and the PodDisruptionBudget only when asked', async () => {
    const { objects } = await template('fledge', 'ops', {
      metrics: { serviceMonitor: { enabled: true } },
      podDisruptionBudget: { enabled: true },
    });
    expect(kinds(objects)).toEqual(expect.arrayContaining(['ServiceMonitor', 'PodDisruptionBudget']));
  });

  it('pins the image by digest when one is given', async () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const { objects } = await template('fledge', 'ops', {
      image: { repository: 'registry.example/fledge', digest },
    });
    const image = (deployment(objects).spec.template.spec.containers[0] as unknown as { image: string })
      .image;
    expect(image).toBe(`registry.example/fledge@${digest}`);
  });

  it('is refused by values.schema.json on a typo or a wrong type', async () => {
    await expect(template('fledge', 'ops', { watchNamespace: ['shop'] })).rejects.toThrow(
      /additional properties 'watchNamespace'/,
    );
    await expect(template('fledge', 'ops', { workers: 'many' })).rejects.toThrow(/\/workers.*want integer/);
  });

  it('installs the same CRDs as crds/ (helm template --include-crds)', async () => {
    const res = await helm(['template', 'fledge', chartDir, '--include-crds']);
    for (const crd of ['canaries.fledge.dev', 'featureflags.fledge.dev', 'metrictemplates.fledge.dev'])
      expect(res.stdout).toContain(`name: ${crd}`);
  });
});

describe('deploy/fledge.yaml', () => {
  it('is the chart rendered by scripts/render-manifests.ts (npm run manifests:render)', async () => {
    expect(readFileSync(manifestFile, 'utf8')).toBe(await renderManifests(testbed().HELM));
  });
});
