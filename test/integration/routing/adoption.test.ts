/**
 * Adoption of a VirtualService a user already had: only its route to the
 * service becomes Fledge's weighted route; the user's other routes, retries
 * and fault injection stay; finalize gives the route back.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KubeClient } from '../../../src/kube/client.js';
import { createIstioRouter } from '../../../src/routing/istio.js';
import { virtualServiceKind, type VirtualService } from '../../../src/routing/istio-types.js';
import { bedClient, createCanary, createNamespace, deleteNamespace } from './bed.js';

let client: KubeClient;
let ns: string;

beforeAll(async () => {
  client = bedClient();
  ns = await createNamespace(client, 'adopt');
});

afterAll(async () => {
  await deleteNamespace(client, ns);
  client.close();
});

it('adopts a user VirtualService, keeps what the user wrote, and gives it back on finalize', async () => {
  const vss = client.resources<VirtualService>(virtualServiceKind);
  const adminRoute = {
    name: 'admin',
    match: [{ uri: { prefix: '/admin' } }],
    route: [{ destination: { host: 'admin' } }],
  };
  const mainRoute = {
    name: 'main',
    retries: { attempts: 4, perTryTimeout: '1s' },
    fault: { delay: { fixedDelay: '2s', percentage: { value: 0.5 } } },
    route: [{ destination: { host: 'shop' } }],
  };
  await vss.create({
    metadata: { name: 'shop', namespace: ns },
    spec: { hosts: ['shop', 'shop.example.com'], gateways: ['public-gw'], http: [adminRoute, mainRoute] },
  });
  const router = createIstioRouter({ client });
  const canary = await createCanary(client, ns, 'shop', { hosts: undefined, gateways: undefined });

  await router.reconcile(canary);
  await router.setRoutes(canary, { primary: 80, canary: 20 });
  const v = await vss.get(ns, 'shop');
  expect(v.metadata?.ownerReferences ?? []).toEqual([]);
  expect(v.metadata?.annotations?.['fledge.dev/adopted-by']).toBe('shop');
  expect(v.spec?.hosts).toEqual(['shop', 'shop.example.com']);
  expect(v.spec?.gateways).toEqual(['public-gw']);
  expect(v.spec?.http?.[0]).toEqual(adminRoute);
  expect(v.spec?.http?.[1]).toMatchObject({
    name: 'main',
    retries: mainRoute.retries,
    fault: mainRoute.fault,
    route: [
      { destination: { host: 'shop-primary' }, weight: 80 },
      { destination: { host: 'shop-canary' }, weight: 20 },
    ],
  });

  // A resync leaves the adopted VirtualService and its weights alone.
  const rv = v.metadata?.resourceVersion;
  await router.reconcile(canary);
  expect((await vss.get(ns, 'shop')).metadata?.resourceVersion).toBe(rv);

  await router.finalize(canary);
  const back = await vss.get(ns, 'shop');
  expect(back.spec?.http).toEqual([adminRoute, mainRoute]);
  expect(back.metadata?.annotations?.['fledge.dev/adopted-by']).toBeUndefined();
});
