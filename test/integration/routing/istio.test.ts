/**
 * The Istio router against the bed's real apiserver and Istio CRDs: what it
 * writes must be accepted by Istio's schema, and what it reads back is what
 * the cluster holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Canary } from '../../../src/api/canary.js';
import type { HttpMatchRequest } from '../../../src/api/istio.js';
import type { KubeClient } from '../../../src/kube/client.js';
import type { ResourceClient } from '../../../src/kube/resource-client.js';
import { createIstioRouter } from '../../../src/routing/istio.js';
import {
  destinationRuleKind,
  virtualServiceKind,
  type DestinationRule,
  type VirtualService,
} from '../../../src/routing/istio-types.js';
import { RoutingError, type Router } from '../../../src/routing/router.js';
import { kubectl } from '../../support/kubectl.js';
import { testbed } from '../../support/env.js';
import { MeshClient } from '../../support/mesh/client.js';
import { bedClient, createCanary, createNamespace, deleteNamespace } from './bed.js';
import { eventually } from '../../support/eventually.js';

let client: KubeClient;
let ns: string;
let router: Router;
let vss: ResourceClient<VirtualService>;
let drs: ResourceClient<DestinationRule>;
const mesh = new MeshClient(testbed().MESH_URL);

beforeAll(async () => {
  client = bedClient();
  ns = await createNamespace(client, 'routing');
  router = createIstioRouter({ client });
  vss = client.resources<VirtualService>(virtualServiceKind);
  drs = client.resources<DestinationRule>(destinationRuleKind);
});

afterAll(async () => {
  await mesh.stopTraffic(ns, 'checkout').catch(() => undefined);
  await deleteNamespace(client, ns);
  client.close();
});

const weightsOf = (v: VirtualService) =>
  v.spec?.http?.find((r) => r.name === 'fledge-weighted')?.route?.map((d) => [d.destination.host, d.weight]);

describe('an owned VirtualService', () => {
  let canary: Canary;

  beforeAll(async () => {
    canary = await createCanary(client, ns, 'checkout', {
      retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error' },
      timeout: '30s',
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
    });
  });

  it('is created 100 % primary, with DestinationRules, all owned by the Canary and accepted by Istio’s CRDs', async () => {
    await router.reconcile(canary);
    const v = await vss.get(ns, 'checkout');
    expect(v.metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'Canary',
      uid: canary.metadata.uid,
      controller: true,
    });
    expect(v.spec?.hosts).toEqual(['checkout', 'podinfo.example.com']);
    expect(v.spec?.gateways).toEqual(['mesh']);
    expect(weightsOf(v)).toEqual([
      ['checkout-primary', 100],
      ['checkout-canary', 0],
    ]);
    expect(v.spec?.http?.[0]).toMatchObject({
      timeout: '30s',
      retries: { attempts: 3, perTryTimeout: '2s' },
    });
    for (const name of ['checkout-primary', 'checkout-canary']) {
      const dr = await drs.get(ns, name);
      expect(dr.spec).toEqual({ host: name, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });
      expect(dr.metadata?.ownerReferences?.[0]?.uid).toBe(canary.metadata.uid);
    }
    // kubectl sees it as a user would.
    const out = await kubectl(
      ['-n', ns, 'get', 'virtualservice', 'checkout', '-o', 'jsonpath={.spec.http[0].route[0].weight}'],
      {
        kubeconfig: testbed().KUBECONFIG,
      },
    );
    expect(out).toBe('100');
  });

  it('a second reconcile writes nothing', async () => {
    const before = (await vss.get(ns, 'checkout')).metadata?.resourceVersion;
    await router.reconcile(canary);
    expect((await vss.get(ns, 'checkout')).metadata?.resourceVersion).toBe(before);
  });

  it('setRoutes moves the weights and reads them back', async () => {
    for (const w of [10, 20, 50]) {
      const seen = await router.setRoutes(canary, { primary: 100 - w, canary: w });
      expect(seen).toMatchObject({ exists: true, primary: 100 - w, canary: w, match: false });
      expect(weightsOf(await vss.get(ns, 'checkout'))).toEqual([
        ['checkout-primary', 100 - w],
        ['checkout-canary', w],
      ]);
    }
    expect(await router.getRoutes(canary)).toMatchObject({ primary: 50, canary: 50 });
    // The mesh simulator (Istio's stand-in) routes by what was written.
    await mesh.setTraffic(ns, 'checkout', { rps: 0 });
    const seen = await eventually(
      async () => {
        const routes = (await mesh.virtualService(ns, 'checkout'))?.routes ?? [];
        const weights = routes
          .find((r) => r.name === 'fledge-weighted')
          ?.destinations.map((d) => [d.host, d.weight]);
        return JSON.stringify(weights) ===
          JSON.stringify([
            ['checkout-primary', 50],
            ['checkout-canary', 50],
          ])
          ? weights
          : undefined;
      },
      15_000,
      'the mesh simulator to see 50/50',
    );
    expect(seen).toHaveLength(2);
  });

  it('a resync with a changed spec updates owned fields and keeps the weights in flight', async () => {
    await router.setRoutes(canary, { primary: 70, canary: 30 });
    const changed: Canary = {
      ...canary,
      spec: {
        ...canary.spec,
        service: { ...canary.spec.service, retries: { attempts: 5 }, timeout: undefined },
      },
    };
    await router.reconcile(changed);
    const v = await vss.get(ns, 'checkout');
    expect(weightsOf(v)).toEqual([
      ['checkout-primary', 70],
      ['checkout-canary', 30],
    ]);
    expect(v.spec?.http?.[0]?.retries).toEqual({ attempts: 5 });
    expect(v.spec?.http?.[0]?.timeout).toBeUndefined();
    // A traffic policy dropped from the spec leaves the owned DestinationRules.
    const noPolicy: Canary = {
      ...changed,
      spec: { ...changed.spec, service: { ...changed.spec.service, trafficPolicy: undefined } },
    };
    await router.reconcile(noPolicy);
    expect((await drs.get(ns, 'checkout-canary')).spec).toEqual({ host: 'checkout-canary' });
    expect(weightsOf(await vss.get(ns, 'checkout'))).toEqual([
      ['checkout-primary', 70],
      ['checkout-canary', 30],
    ]);
  });

  it('A/B match and mirroring are written, accepted and removed', async () => {
    const match: HttpMatchRequest[] = [
      { headers: { 'x-user-type': { exact: 'insider' } } },
      { headers: { cookie: { regex: '^(.*?;)?(canary=always)(;.*)?$' } } },
    ];
    const ab = await router.setRoutes(canary, { primary: 100, canary: 0, match });
    expect(ab).toMatchObject({ primary: 100, canary: 0, match: true });
    const v = await vss.get(ns, 'checkout');
    expect(v.spec?.http?.[0]).toMatchObject({
      name: 'fledge-ab',
      match,
      route: [{ destination: { host: 'checkout-canary' }, weight: 100 }],
    });
    const mirrored = await router.setRoutes(canary, { primary: 100, canary: 0, mirrorWeight: 25 });
    expect(mirrored).toMatchObject({ match: false, mirrorWeight: 25 });
    const off = await router.setRoutes(canary, { primary: 100, canary: 0 });
    expect(off.mirrorWeight).toBeUndefined();
  });

  it('concurrent writers: patches carry the resourceVersion they were computed from, losers retry', async () => {
    // The mechanism: a merge patch with a stale resourceVersion is refused with 409 by the apiserver.
    const stale = (await vss.get(ns, 'checkout')).metadata?.resourceVersion;
    await router.setRoutes(canary, { primary: 95, canary: 5 });
    const refused = await vss
      .patch(ns, 'checkout', { metadata: { resourceVersion: stale }, spec: { hosts: ['checkout'] } })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 409 });
    // The router: racing calls never leak a 409 and never leave broken weights.
    const wanted = [60, 70, 80, 90];
    const results = await Promise.allSettled(
      wanted.map((p) => router.setRoutes(canary, { primary: p, canary: 100 - p })),
    );
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(RoutingError);
    }
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    const final = await router.getRoutes(canary);
    expect(final.error).toBeUndefined();
    expect(wanted).toContain(final.primary);
  });

  it('weights that do not sum to 100 are refused before anything is sent', async () => {
    const err = await router.setRoutes(canary, { primary: 60, canary: 30 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RoutingError);
    expect(err).toMatchObject({ code: 'WeightsInvalid' });
    expect((err as Error).message).toMatch(new RegExp(`^Canary ${ns}/checkout: `));
  });

  it('a VirtualService broken by hand is an error on read, and setRoutes repairs the weights', async () => {
    const v = await vss.get(ns, 'checkout');
    const http = (v.spec?.http ?? []).map((r) =>
      r.name === 'fledge-weighted' ? { ...r, route: (r.route ?? []).map((d) => ({ ...d, weight: 40 })) } : r,
    );
    await vss.patch(ns, 'checkout', { spec: { http } });
    expect((await router.getRoutes(canary)).error).toMatch(/weights sum to 80/);
    expect(await router.setRoutes(canary, { primary: 90, canary: 10 })).toMatchObject({
      primary: 90,
      canary: 10,
    });
  });
});
