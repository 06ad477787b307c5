import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  type V1Deployment,
  type V1Service,
} from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { ClusterView, DestinationRuleView } from './cluster-view.js';
import { Reflector, type ListResult } from './reflector.js';
import { parseVirtualService, type VirtualService } from './virtual-service.js';

const ISTIO_GROUP = 'networking.istio.io';
const ISTIO_VERSION = 'v1';

interface CustomObject {
  metadata?: { namespace?: string; name?: string; resourceVersion?: string };
  spec?: unknown;
}

interface CustomList {
  items?: CustomObject[];
  metadata?: { resourceVersion?: string };
}

/** Watch caches of VirtualServices, DestinationRules, Services and Deployments in all namespaces. */
export class KubeCache implements ClusterView {
  private readonly vs: Reflector<CustomObject>;
  private readonly dr: Reflector<CustomObject>;
  private readonly svc: Reflector<V1Service>;
  private readonly deploy: Reflector<V1Deployment>;
  // Objects are replaced on every watch event, so identity is a safe cache key.
  private readonly parsedVs = new WeakMap<CustomObject, VirtualService | { error: string }>();
  private readonly parsedDr = new WeakMap<CustomObject, DestinationRuleView>();

  constructor(kc: KubeConfig, log: Logger) {
    const core = kc.makeApiClient(CoreV1Api);
    const apps = kc.makeApiClient(AppsV1Api);
    const custom = kc.makeApiClient(CustomObjectsApi);
    const listCustom = (plural: string) => async (): Promise<ListResult<CustomObject>> => {
      const l = (await custom.listClusterCustomObject({
        group: ISTIO_GROUP,
        version: ISTIO_VERSION,
        plural,
      })) as CustomList;
      return { items: l.items ?? [], resourceVersion: l.metadata?.resourceVersion ?? '' };
    };
    const istioPath = (plural: string): string => `/apis/${ISTIO_GROUP}/${ISTIO_VERSION}/${plural}`;
    this.vs = new Reflector(
      kc,
      'VirtualService',
      listCustom('virtualservices'),
      istioPath('virtualservices'),
      log,
    );
    this.dr = new Reflector(
      kc,
      'DestinationRule',
      listCustom('destinationrules'),
      istioPath('destinationrules'),
      log,
    );
    this.svc = new Reflector(
      kc,
      'Service',
      async () => {
        const l = await core.listServiceForAllNamespaces();
        return { items: l.items, resourceVersion: l.metadata?.resourceVersion ?? '' };
      },
      '/api/v1/services',
      log,
    );
    this.deploy = new Reflector(
      kc,
      'Deployment',
      async () => {
        const l = await apps.listDeploymentForAllNamespaces();
        return { items: l.items, resourceVersion: l.metadata?.resourceVersion ?? '' };
      },
      '/apis/apps/v1/deployments',
      log,
    );
  }

  private get all(): Array<Reflector<CustomObject> | Reflector<V1Service> | Reflector<V1Deployment>> {
    return [this.vs, this.dr, this.svc, this.deploy];
  }

  start(): void {
    for (const r of this.all) r.start();
  }

  /** True once every cache has listed once; false if that takes longer than `timeoutMs`. */
  async waitForSync(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const synced = Promise.all(this.all.map((r) => r.synced)).then(() => true);
    const result = await Promise.race([synced, timeout]);
    clearTimeout(timer);
    return result;
  }

  /** Resolves once every cache has listed once. */
  async whenSynced(): Promise<void> {
    await Promise.all(this.all.map((r) => r.synced));
  }

  async stop(): Promise<void> {
    await Promise.all(this.all.map((r) => r.stop()));
  }

  virtualService(namespace: string, name: string): VirtualService | { error: string } | undefined {
    const obj = this.vs.items.get(`${namespace}/${name}`);
    if (!obj) return undefined;
    let parsed = this.parsedVs.get(obj);
    if (!parsed) {
      parsed = parseVirtualService(obj);
      this.parsedVs.set(obj, parsed);
    }
    return parsed;
  }

  service(namespace: string, name: string): V1Service | undefined {
    return this.svc.items.get(`${namespace}/${name}`);
  }

  deployments(namespace: string): readonly V1Deployment[] {
    return [...this.deploy.items.values()].filter((d) => d.metadata?.namespace === namespace);
  }

  destinationRules(namespace: string): readonly DestinationRuleView[] {
    const out: DestinationRuleView[] = [];
    for (const obj of this.dr.items.values()) {
      if (obj.metadata?.namespace !== namespace) continue;
      let view = this.parsedDr.get(obj);
      if (!view) {
        view = toDestinationRule(obj);
        this.parsedDr.set(obj, view);
      }
      out.push(view);
    }
    return out;
  }
}

function toDestinationRule(obj: CustomObject): DestinationRuleView {
  const spec = (obj.spec ?? {}) as {
    host?: string;
    subsets?: Array<{ name?: string; labels?: Record<string, string> }>;
  };
  return {
    namespace: obj.metadata?.namespace ?? '',
    name: obj.metadata?.name ?? '',
    host: spec.host ?? '',
    subsets: (spec.subsets ?? []).map((s) => ({ name: s.name ?? '', labels: s.labels ?? {} })),
  };
}
