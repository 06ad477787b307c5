/**
 * Routing failures against the real apiserver: each is a typed RoutingError
 * naming the Canary, never a silent no-op.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient } from '../../../src/kube/client.js';
import { createIstioRouter } from '../../../src/routing/istio.js';
import { RoutingError, type Router } from '../../../src/routing/router.js';
import { testbed } from '../../support/env.js';
import { kubectl } from '../../support/kubectl.js';
import { bedClient, createCanary, createNamespace, deleteNamespace } from './bed.js';

let client: KubeClient;
let ns: string;
let router: Router;

beforeAll(async () => {
  client = bedClient();
  ns = await createNamespace(client, 'routing-err');
  router = createIstioRouter({ client });
});

afterAll(async () => {
  await deleteNamespace(client, ns);
  client.close();
});

describe('errors', () => {
  it('setRoutes without a VirtualService is a RoutingError naming the Canary', async () => {
    const canary = await createCanary(client, ns, 'nothing-here');
    const err = await router.setRoutes(canary, { primary: 90, canary: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RoutingError);
    expect(err).toMatchObject({
      code: 'RouteMissing',
      message: expect.stringContaining(`Canary ${ns}/nothing-here`),
    });
    expect(await router.getRoutes(canary)).toMatchObject({ exists: false });
  });

  it('a VirtualService controlled by another Canary is not taken over', async () => {
    const first = await createCanary(client, ns, 'shared', { name: 'shared-svc' });
    const second = await createCanary(client, ns, 'shared-2', { name: 'shared-svc' });
    await router.reconcile(first);
    const err = await router.reconcile(second).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RoutingError);
    expect(err).toMatchObject({ code: 'OwnedElsewhere' });
    expect((err as Error).message).toMatch(
      new RegExp(`^Canary ${ns}/shared-2: .*controlled by Canary shared`),
    );
  });

  it('a patch the apiserver rejects is a RoutingError, and the weights stay as they were', async () => {
    const canary = await createCanary(client, ns, 'guarded');
    await router.reconcile(canary);
    await router.setRoutes(canary, { primary: 90, canary: 10 });
    // A real admission policy (not a mock) that refuses a canary weight of 33 in this namespace.
    const policy = `fledge-test-${ns}`;
    await kubectl(['apply', '-f', '-'], {
      kubeconfig: testbed().KUBECONFIG,
      input: admissionPolicy(policy, ns),
    });
    try {
      // Admission policies take effect asynchronously: retry until the apiserver enforces it.
      let err: unknown;
      for (let i = 0; i < 50 && !(err instanceof RoutingError); i++) {
        err = await router.setRoutes(canary, { primary: 67, canary: 33 }).catch((e: unknown) => e);
        if (!(err instanceof RoutingError)) {
          await router.setRoutes(canary, { primary: 90, canary: 10 });
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      expect(err).toBeInstanceOf(RoutingError);
      expect(err).toMatchObject({ code: 'PatchRejected' });
      expect((err as Error).message).toMatch(/weight 33 is not allowed/);
      expect(await router.getRoutes(canary)).toMatchObject({ primary: 90, canary: 10 });
    } finally {
      await kubectl(
        [
          'delete',
          'validatingadmissionpolicybinding,validatingadmissionpolicy',
          policy,
          '--ignore-not-found',
        ],
        {
          kubeconfig: testbed().KUBECONFIG,
        },
      );
    }
  });
});

function admissionPolicy(name: string, namespace: string): string {
  return `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: ${name} }
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
      - apiGroups: [networking.istio.io]
        apiVersions: ['*']
        operations: [UPDATE]
        resources: [virtualservices]
  validations:
    - expression: "!has(object.spec.http) || !object.spec.http.exists(r, has(r.route) && r.route.exists(d, has(d.weight) && d.weight == 33))"
      message: weight 33 is not allowed here
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: ${name} }
spec:
  policyName: ${name}
  validationActions: [Deny]
  matchResources:
    namespaceSelector:
      matchLabels: { kubernetes.io/metadata.name: ${namespace} }
`;
}
