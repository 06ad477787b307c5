/** The Router factory: Istio is the only mesh for now; the interface keeps others possible. */
import type { Logger } from 'pino';
import type { KubeClient } from '../kube/client.js';
import { createIstioRouter } from './istio.js';
import type { Router } from './types.js';

export type { ObservedRoutes, RouteSpec, Router } from './types.js';
export { RoutingError, type RoutingErrorCode } from './errors.js';

export type MeshProvider = 'istio';

export function createRouter(options: {
  provider?: MeshProvider;
  client: KubeClient;
  logger?: Logger;
}): Router {
  switch (options.provider ?? 'istio') {
    case 'istio':
      return createIstioRouter({ client: options.client, logger: options.logger });
  }
}
