import type { Canary } from '../../../src/api/canary.js';
import { exampleCanary } from '../../../src/api/examples.js';
import { routingNames } from '../../../src/routing/names.js';
import type { HttpRoute, VirtualService } from '../../../src/routing/istio-types.js';

export function canary(service: Partial<Canary['spec']['service']> = {}): Canary {
  const c = exampleCanary('shop');
  return {
    ...c,
    metadata: { ...c.metadata, uid: 'uid-1' },
    spec: { ...c.spec, service: { ...c.spec.service, ...service } },
  };
}

export const names = routingNames(canary());

export function weighted(primary: number, canaryWeight: number, extra: Partial<HttpRoute> = {}): HttpRoute {
  return {
    name: 'fledge-weighted',
    ...extra,
    route: [
      { destination: { host: 'podinfo-primary' }, weight: primary },
      { destination: { host: 'podinfo-canary' }, weight: canaryWeight },
    ],
  };
}

export function vs(http: HttpRoute[], hosts = ['podinfo']): VirtualService {
  return { metadata: { name: 'podinfo', namespace: 'shop', resourceVersion: '1' }, spec: { hosts, http } };
}
