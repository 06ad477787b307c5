import type { V1Deployment, V1Service } from '@kubernetes/client-node';
import type { ClusterView, DestinationRuleView } from '../../../support/mesh/cluster-view.js';
import {
  parseVirtualService,
  type HttpRoute,
  type VirtualService,
} from '../../../support/mesh/virtual-service.js';

export function service(namespace: string, name: string, selector?: Record<string, string>): V1Service {
  return { metadata: { namespace, name }, spec: { ...(selector && { selector }) } };
}

export function deployment(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  ready: number,
): V1Deployment {
  return {
    metadata: { namespace, name },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels } } },
    status: { readyReplicas: ready },
  };
}

export function virtualService(
  namespace: string,
  name: string,
  http: HttpRoute[],
  hosts = [name],
): VirtualService {
  const parsed = parseVirtualService({ metadata: { namespace, name }, spec: { hosts, http } });
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

/** A mutable in-memory cluster: tests change it between ticks like watch events would. */
export class FakeCluster implements ClusterView {
  vs = new Map<string, VirtualService>();
  svc = new Map<string, V1Service>();
  deploy: V1Deployment[] = [];
  dr: DestinationRuleView[] = [];

  addVs(v: VirtualService): this {
    this.vs.set(`${v.namespace}/${v.name}`, v);
    return this;
  }
  addService(s: V1Service): this {
    this.svc.set(`${s.metadata!.namespace}/${s.metadata!.name}`, s);
    return this;
  }
  addDeployment(d: V1Deployment): this {
    this.deploy.push(d);
    return this;
  }
  virtualService(namespace: string, name: string): VirtualService | undefined {
    return this.vs.get(`${namespace}/${name}`);
  }
  service(namespace: string, name: string): V1Service | undefined {
    return this.svc.get(`${namespace}/${name}`);
  }
  deployments(namespace: string): readonly V1Deployment[] {
    return this.deploy.filter((d) => d.metadata?.namespace === namespace);
  }
  destinationRules(namespace: string): readonly DestinationRuleView[] {
    return this.dr.filter((d) => d.namespace === namespace);
  }
}

/** The Flagger-shaped layout: `<app>-primary` and `<app>` Deployments behind their own Services. */
export function canaryCluster(ns: string, app: string, primaryWeight: number, canaryReady = 1): FakeCluster {
  return new FakeCluster()
    .addService(service(ns, `${app}-primary`, { app: `${app}-primary` }))
    .addService(service(ns, `${app}-canary`, { app }))
    .addDeployment(deployment(ns, `${app}-primary`, { app: `${app}-primary`, version: 'v1' }, 2))
    .addDeployment(deployment(ns, app, { app, version: 'v2' }, canaryReady))
    .addVs(
      virtualService(ns, app, [
        {
          route: [
            { destination: { host: `${app}-primary` }, weight: primaryWeight },
            { destination: { host: `${app}-canary` }, weight: 100 - primaryWeight },
          ],
        },
      ]),
    );
}
