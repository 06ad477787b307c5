/**
 * The Router contract the canary controller drives. Routing is behind an
 * interface so the state machine never knows it is talking to Istio.
 */
import type { Canary } from '../api/canary.js';
import type { HttpMatchRequest } from '../api/istio.js';

/** The routes to write; primary + canary must be 100. */
export interface RouteSpec {
  primary: number;
  canary: number;
  /** A/B: requests matching any block go 100 % to the canary. */
  match?: HttpMatchRequest[] | undefined;
  /** Blue/green: mirror this percentage of the traffic to the canary. */
  mirrorWeight?: number | undefined;
}

/** The routes as read back from the cluster; the canary core's `Observed.routing`. */
export interface ObservedRoutes {
  exists: boolean;
  primary: number;
  canary: number;
  /** An A/B match route to the canary is present. */
  match: boolean;
  mirrorWeight?: number | undefined;
  /** Why the routes are not usable: missing route, weights not summing to 100, empty host. */
  error?: string | undefined;
}

export interface Router {
  /**
   * Creates what is missing (routing 100 % to primary) and repairs drift in
   * the fields Fledge owns. Never changes the weights of an existing route.
   */
  reconcile(canary: Canary): Promise<void>;
  /** Writes the weights (and A/B match / mirror), reads them back and verifies them; throws RoutingError. */
  setRoutes(canary: Canary, routes: RouteSpec): Promise<ObservedRoutes>;
  /** Reads the routes; a broken VirtualService is reported in `error`, not thrown. */
  getRoutes(canary: Canary): Promise<ObservedRoutes>;
  /** Deletion: gives an adopted VirtualService its original route back; owned objects go with their owner. */
  finalize(canary: Canary): Promise<void>;
}
