/**
 * Names of the routing objects of a Canary. The apex Service (and the
 * VirtualService) is `spec.service.name`, defaulting to the target name, as in
 * Flagger; the primary and canary Services append `-primary` / `-canary`.
 */
import type { Canary } from '../api/canary.js';
import type { ResourceRef } from '../api/errors.js';

export interface RoutingNames {
  namespace: string;
  apex: string;
  primary: string;
  canary: string;
  ref: ResourceRef;
}

export function routingNames(canary: Canary): RoutingNames {
  const namespace = canary.metadata.namespace ?? 'default';
  const apex = canary.spec.service.name ?? canary.spec.targetRef.name;
  return {
    namespace,
    apex,
    primary: `${apex}-primary`,
    canary: `${apex}-canary`,
    ref: { kind: 'Canary', namespace, name: canary.metadata.name },
  };
}

/** Whether `host` names Service `service` of `namespace` (short, `name.ns`, `name.ns.svc…`). */
export function hostIs(host: string, service: string, namespace: string): boolean {
  return (
    host === service ||
    host === `${service}.${namespace}` ||
    host === `${service}.${namespace}.svc` ||
    host.startsWith(`${service}.${namespace}.svc.`)
  );
}
