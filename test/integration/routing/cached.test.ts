/**
 * The Istio router reading VirtualServices from an informer instead of a GET
 * each time, against the bed's real apiserver: idle reads cost no request, the
 * router's own write is seen before the cache catches up, and a stale cache
 * costs a 409 and one live read, never a lost or wrong write.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Canary } from '../../../src/api/canary.js';
import type { KubeClient } from '../../../src/kube/client.js';
import type { Informer } from '../../../src/kube/informer.js';
import { InformerFactory } from '../../../src/kube/informer-factory.js';
import type { KubeObject, ResourceClient } from '../../../src/kube/resource-client.js';
import type { ResourceKind } from '../../../src/kube/resource-kind.js';
import { createIstioRouter, type CachedReader } from '../../../src/routing/istio.js';
import { virtualServiceKind, type VirtualService } from '../../../src/routing/istio-types.js';
import type { Router } from '../../../src/routing/router.js';
import { eventually } from '../../support/eventually.js';
import { bedClient, createCanary, createNamespace, deleteNamespace } from './bed.js';

let client: KubeClient;
let ns: string;
let factory: InformerFactory;
let informer: Informer<VirtualService>;
let vss: ResourceClient<VirtualService>;
/** VirtualService GETs the router sent (real requests; only counted here). */
let gets = 0;

/** The bed's client with VirtualService GETs counted. */
function counting(inner: KubeClient): KubeClient {
  return {
    ...inner,
    resources: <T extends KubeObject>(kind: ResourceKind) => {
      const rc = inner.resources<T>(kind);
      if (kind.plural !== virtualServiceKind.plural) return rc;
      const get = rc.get.bind(rc);
      rc.get = (namespace, name) => {
        gets++;
        return get(namespace, name);
      };
      return rc;
    },
  };
}

beforeAll(async () => {
  client = bedClient();
  ns = await createNamespace(client, 'routing-cache');
  vss = client.resources<VirtualService>(virtualServiceKind);
  factory = new InformerFactory(client, { namespaces: [ns], logger: pino({ level: 'silent' }) });
  informer = factory.informerFor<VirtualService>(virtualServiceKind);
  factory.start();
  await informer.waitForSync();
});

afterAll(async () => {
  await factory.stop();
  await deleteNamespace(client, ns);
  client.close();
});

const weights = (v: VirtualService | undefined) =>
  v?.spec?.http?.find((r) => r.name === 'fledge-weighted')?.route?.map((d) => d.weight);

describe('a Router with a synced VirtualService informer', () => {
  let canary: Canary;
  let router: Router;

  beforeAll(async () => {
    canary = await createCanary(client, ns, 'checkout');
    router = createIstioRouter({ client: counting(client), virtualServices: informer });
    await router.reconcile(canary);
  });

  it('reads the routes from the cache, with no GET', async () => {
    await eventually(() => informer.get(ns, 'checkout'), 10_000, 'the informer to hold the VirtualService');
    gets = 0;
    const seen = await router.getRoutes(canary);
    expect(seen).toMatchObject({ exists: true, primary: 100, canary: 0, match: false });
    expect(gets).toBe(0);
  });

  it('verifies a write from the apiserver’s answer and sees it before the cache does', async () => {
    // A cache that lags: it keeps showing the copy from before the write.
    const before = await vss.get(ns, 'checkout');
    const lagging: CachedReader<VirtualService> = { hasSynced: () => true, get: () => before };
    const lagRouter = createIstioRouter({ client: counting(client), virtualServices: lagging });
    gets = 0;
    const written = await lagRouter.setRoutes(canary, { primary: 90, canary: 10 });
    expect(written).toMatchObject({ primary: 90, canary: 10 });
    expect(await lagRouter.getRoutes(canary)).toMatchObject({ primary: 90, canary: 10 });
    expect(gets).toBe(0);
    expect(weights(await vss.get(ns, 'checkout'))).toEqual([90, 10]);
    // The shared informer catches up on its own.
    await eventually(
      () => weights(informer.get(ns, 'checkout'))?.join('/') === '90/10',
      10_000,
      'the informer to show the write',
    );
  });

  it('retries from a live read when the cached copy is out of date (409), and writes the weights', async () => {
    const stale = await vss.get(ns, 'checkout');
    // Someone else writes after the cache's copy was taken.
    await vss.patch(ns, 'checkout', { metadata: { labels: { touched: 'yes' } } });
    const staleRouter = createIstioRouter({
      client: counting(client),
      virtualServices: { hasSynced: () => true, get: () => stale },
    });
    gets = 0;
    await staleRouter.setRoutes(canary, { primary: 80, canary: 20 });
    expect(gets).toBe(1);
    const now = await vss.get(ns, 'checkout');
    expect(weights(now)).toEqual([80, 20]);
    expect(now.metadata?.labels?.['touched']).toBe('yes');
  });

  it('reads live while the cache has not synced', async () => {
    const unsynced = createIstioRouter({
      client: counting(client),
      virtualServices: { hasSynced: () => false, get: () => undefined },
    });
    gets = 0;
    expect(await unsynced.getRoutes(canary)).toMatchObject({ exists: true, primary: 80, canary: 20 });
    expect(gets).toBe(1);
  });
});
