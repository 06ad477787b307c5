/**
 * The rendered chart applied to the bed: server-side dry run, then for real in
 * a namespace that enforces the restricted Pod Security profile (the pods must
 * be admitted and run; kwok runs them), then the ServiceAccount's effective
 * permissions: everything the code uses is allowed, the rest denied, in both
 * RBAC modes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNamespace,
  deleteNamespaces,
  eventually,
  k,
  mismatches,
  run,
  template,
  uniqueName,
  type AccessCheck,
  type K8sObject,
} from './helm.js';

const RESTRICTED = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
};

const release = uniqueName('fl');
const ns = {
  release: uniqueName('fledge-chart'),
  a: uniqueName('watched'),
  b: uniqueName('watched'),
  other: uniqueName('unwatched'),
};
const sa = { namespace: ns.release, name: `${release}-fledge` };
let objects: K8sObject[] = [];
let manifest = '';

beforeAll(async () => {
  await createNamespace(ns.release, RESTRICTED);
  for (const n of [ns.a, ns.b, ns.other]) await createNamespace(n);
  ({ objects, text: manifest } = await template(release, ns.release, {
    watchNamespaces: [ns.a, ns.b],
    replicaCount: 2,
  }));
});

afterAll(async () => {
  await deleteNamespaces(Object.values(ns));
});

describe('the namespaced chart in a restricted namespace', () => {
  it('passes a server-side dry run with no warning', async () => {
    const res = await run(['apply', '--dry-run=server', '-f', '-'], manifest);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/deployment.apps\/\S+ created \(server dry run\)/);
  });

  it('is applied without PodSecurity warnings and its pods are admitted and run', async () => {
    const res = await run(['apply', '-f', '-'], manifest);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const selector = `app.kubernetes.io/instance=${release}`;
    await eventually(
      async () => {
        const pods = JSON.parse(await k(['get', 'pods', '-n', ns.release, '-l', selector, '-o', 'json'])) as {
          items: { status?: { phase?: string } }[];
        };
        return pods.items.length === 2 && pods.items.every((p) => p.status?.phase === 'Running');
      },
      60_000,
      'two Running operator pods',
    );
    // The ReplicaSet was never refused a pod.
    const events = JSON.parse(
      await k(['get', 'events', '-n', ns.release, '--field-selector', 'reason=FailedCreate', '-o', 'json']),
    ) as { items: unknown[] };
    expect(events.items).toEqual([]);
  });

  it('is really enforced: the same namespace refuses a pod without the restricted securityContext', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'loose', namespace: ns.release },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    };
    const res = await run(['apply', '--dry-run=server', '-f', '-'], JSON.stringify(pod));
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/violates PodSecurity "restricted/);
  });

  it('the Deployment carries the restricted securityContext and probes', () => {
    const d = objects.find((o) => o.kind === 'Deployment') as unknown as {
      spec: { template: { spec: { securityContext: object; containers: Record<string, unknown>[] } } };
    };
    const c = d.spec.template.spec.containers[0]!;
    expect(d.spec.template.spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c['securityContext']).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(c['livenessProbe']).toMatchObject({ httpGet: { path: '/healthz' } });
    expect(c['readinessProbe']).toMatchObject({ httpGet: { path: '/readyz' } });
    expect(c['resources']).toMatchObject({
      requests: { cpu: expect.any(String), memory: expect.any(String) },
    });
  });
});

type Check = [verb: string, resource: string, subresource?: string];

/** What the operator's code does in a watched namespace (see the rules in charts/fledge/templates/_helpers.tpl). */
const NEEDED: Check[] = [
  ...verbs(['get', 'list', 'watch', 'patch'], 'canaries.fledge.dev'),
  ['update', 'canaries.fledge.dev', 'status'],
  ['update', 'canaries.fledge.dev', 'finalizers'],
  ...verbs(['get', 'list', 'watch'], 'featureflags.fledge.dev'),
  ['update', 'featureflags.fledge.dev', 'status'],
  ...verbs(['get', 'list', 'watch'], 'metrictemplates.fledge.dev'),
  ...verbs(['get', 'list', 'watch', 'create', 'update', 'patch'], 'deployments.apps'),
  ...verbs(['get', 'list', 'watch', 'create', 'patch'], 'services'),
  ...verbs(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], 'configmaps'),
  ...verbs(['get', 'list', 'watch', 'create', 'update'], 'secrets'),
  ...verbs(['get', 'list', 'watch', 'create', 'update'], 'horizontalpodautoscalers.autoscaling'),
  ...verbs(['get', 'list', 'watch', 'create', 'patch'], 'virtualservices.networking.istio.io'),
  ...verbs(['get', 'create', 'patch'], 'destinationrules.networking.istio.io'),
  ...verbs(['create', 'patch'], 'events.events.k8s.io'),
];

/** What the operator never does, even in a watched namespace. */
const NEVER: Check[] = [
  ['delete', 'secrets'],
  ['create', 'pods', 'exec'],
  ...verbs(['get', 'delete'], 'pods'),
  ...verbs(['create', 'update', 'delete'], 'canaries.fledge.dev'),
  ...verbs(['create', 'update', 'patch', 'delete'], 'featureflags.fledge.dev'),
  ...verbs(['create', 'update', 'patch', 'delete'], 'metrictemplates.fledge.dev'),
  ['delete', 'deployments.apps'],
  ['update', 'deployments.apps', 'scale'],
  ...verbs(['update', 'delete'], 'services'),
  ...verbs(['update', 'delete'], 'virtualservices.networking.istio.io'),
  ...verbs(['list', 'watch', 'update', 'delete'], 'destinationrules.networking.istio.io'),
  ...verbs(['patch', 'delete'], 'horizontalpodautoscalers.autoscaling'),
  ['create', 'events'],
  ['create', 'leases.coordination.k8s.io'],
  ...verbs(['create', 'bind', 'escalate'], 'roles.rbac.authorization.k8s.io'),
  ['create', 'rolebindings.rbac.authorization.k8s.io'],
  ['create', 'serviceaccounts', 'token'],
];

/** Cluster-scoped, never granted in either mode. */
const NEVER_CLUSTER: Check[] = [
  ['get', 'nodes'],
  ['list', 'namespaces'],
  ['create', 'clusterroles.rbac.authorization.k8s.io'],
  ['create', 'clusterrolebindings.rbac.authorization.k8s.io'],
  ['get', 'customresourcedefinitions.apiextensions.k8s.io'],
  ['create', 'customresourcedefinitions.apiextensions.k8s.io'],
];

function verbs(vs: string[], resource: string): Check[] {
  return vs.map((v) => [v, resource]);
}

const at = (checks: Check[], namespace?: string): AccessCheck[] =>
  checks.map(([verb, resource, subresource]) => ({
    verb,
    resource,
    ...(subresource ? { subresource } : {}),
    ...(namespace ? { namespace } : {}),
  }));

describe('RBAC in namespaced mode', () => {
  it('allows every verb the code uses, in each watched namespace', async () => {
    expect(await mismatches(sa, [...at(NEEDED, ns.a), ...at(NEEDED, ns.b)], true)).toEqual([]);
  });

  it('denies what the code never does, even in a watched namespace', async () => {
    expect(await mismatches(sa, at(NEVER, ns.a), false)).toEqual([]);
  });

  it('denies everything outside the watched namespaces and cluster-wide', async () => {
    expect(
      await mismatches(sa, [...at(NEEDED, ns.other), ...at(NEEDED), ...at(NEVER_CLUSTER)], false),
    ).toEqual([]);
  });

  it('may hold only its own Lease, and only in the release namespace', async () => {
    const lease = (verb: string, name?: string): AccessCheck => ({
      verb,
      resource: 'leases.coordination.k8s.io',
      namespace: ns.release,
      ...(name ? { name } : {}),
    });
    expect(
      await mismatches(
        sa,
        [lease('create'), lease('get', 'fledge-leader'), lease('update', 'fledge-leader')],
        true,
      ),
    ).toEqual([]);
    const denied: AccessCheck[] = [
      lease('update', 'someone-else'),
      lease('delete', 'fledge-leader'),
      lease('list'),
      { verb: 'create', resource: 'leases.coordination.k8s.io', namespace: ns.a },
      { verb: 'get', resource: 'secrets', namespace: ns.release },
    ];
    expect(await mismatches(sa, denied, false)).toEqual([]);
  });
});

describe('RBAC in cluster-wide mode', () => {
  const wide = uniqueName('fledge-wide');
  const wideSa = { namespace: ns.release, name: wide };

  afterAll(async () => {
    await run(['delete', 'clusterrolebinding', wide, '--ignore-not-found']);
    await run(['delete', 'clusterrole', wide, '--ignore-not-found']);
  });

  it('allows the same verbs in every namespace, and nothing beyond them', async () => {
    const { objects: wideObjects } = await template(wide, ns.release, { fullnameOverride: wide });
    const rbacAndSa = wideObjects.filter((o) =>
      ['ClusterRole', 'ClusterRoleBinding', 'ServiceAccount'].includes(o.kind),
    );
    expect(rbacAndSa.map((o) => o.kind).sort()).toEqual([
      'ClusterRole',
      'ClusterRoleBinding',
      'ServiceAccount',
    ]);
    await k(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: rbacAndSa }));
    expect(await mismatches(wideSa, [...at(NEEDED, ns.other), ...at(NEEDED)], true)).toEqual([]);
    expect(await mismatches(wideSa, [...at(NEVER, ns.other), ...at(NEVER_CLUSTER)], false)).toEqual([]);
  });

  it('grants no Secret access at all with rbac.secrets=false', async () => {
    const { objects: tight } = await template(wide, ns.release, {
      fullnameOverride: wide,
      rbac: { secrets: false },
    });
    const role = tight.find((o) => o.kind === 'ClusterRole')!;
    await k(['apply', '-f', '-'], JSON.stringify(role));
    expect(
      await mismatches(
        wideSa,
        at(verbs(['get', 'list', 'watch', 'create', 'update'], 'secrets'), ns.other),
        false,
      ),
    ).toEqual([]);
    expect(
      await mismatches(
        wideSa,
        at(
          NEEDED.filter(([, r]) => r !== 'secrets'),
          ns.other,
        ),
        true,
      ),
    ).toEqual([]);
  });
});
