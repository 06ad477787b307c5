/** The Router factory: Istio is the only mesh for now; the interface keeps others possible. */
import type { Logger } from 'pino';
import type { KubeClient } from '../kube/client.js';
import { createIstioRouter, type CachedReader } from './istio.js';
import type { VirtualService } from './istio-types.js';
import type { Router } from './types.js';

export type { ObservedRoutes, RouteSpec, Router } from './types.js';
export type { CachedReader } from './istio.js';
export { RoutingError, type RoutingErrorCode } from './errors.js';

export type MeshProvider = 'istio';

export function createRouter(options: {
  provider?: MeshProvider;
  client: KubeClient;
  logger?: Logger;
  /** A VirtualService informer to read from instead of GETting each time. */
  virtualServices?: CachedReader<VirtualService>;
}): Router {
  switch (options.provider ?? 'istio') {
    case 'istio':
      return createIstioRouter(options);
  }
}
