/**
 * The Istio objects as Fledge reads and writes them. Loose on purpose: every
 * field Fledge does not own must survive a read-modify-write untouched.
 */
import type { KubeObject } from '../kube/resource-client.js';
import type { ResourceKind } from '../kube/resource-kind.js';

export interface Destination {
  host: string;
  subset?: string;
  port?: { number?: number };
}

export interface RouteDestination {
  destination: Destination;
  weight?: number;
  [field: string]: unknown;
}

export interface HttpRoute {
  name?: string;
  match?: unknown[];
  route?: RouteDestination[];
  mirror?: Destination;
  mirrorPercentage?: { value?: number };
  [field: string]: unknown;
}

export interface VirtualService extends KubeObject {
  spec?: {
    hosts?: string[];
    gateways?: string[];
    http?: HttpRoute[];
    [field: string]: unknown;
  };
}

export interface DestinationRule extends KubeObject {
  spec?: { host?: string; trafficPolicy?: unknown; [field: string]: unknown };
}

/** networking.istio.io/v1: served by Istio ≥ 1.22 and by the bed's CRDs. */
export const virtualServiceKind = {
  group: 'networking.istio.io',
  version: 'v1',
  plural: 'virtualservices',
  kind: 'VirtualService',
  namespaced: true,
} as const satisfies ResourceKind;

export const destinationRuleKind = {
  group: 'networking.istio.io',
  version: 'v1',
  plural: 'destinationrules',
  kind: 'DestinationRule',
  namespaced: true,
} as const satisfies ResourceKind;

/** Name of the route Fledge weights, and of the A/B route placed before it. */
export const WEIGHTED_ROUTE = 'fledge-weighted';
export const AB_ROUTE = 'fledge-ab';

/** On an adopted VirtualService: which Canary adopted it, and its route as the user wrote it. */
export const ADOPTED_BY = 'fledge.dev/adopted-by';
export const ORIGINAL_ROUTE = 'fledge.dev/original-route';
