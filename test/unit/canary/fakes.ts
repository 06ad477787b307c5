/**
 * In-memory stand-ins for the ports observe and act take (their own TS
 * interfaces, not the Kubernetes API): caches filled by the test, a resource
 * client over a Map that records every call, a Router that keeps routes in
 * memory, and objects to put in them. Deterministic: no timers, no network.
 */
import type { MetricTemplate } from '../../../src/api/metric-template.js';
import type { Canary } from '../../../src/api/canary.js';
import { Informer, type ListWatcher } from '../../../src/kube/informer.js';
import { KubeApiError } from '../../../src/kube/api-error.js';
import type { KubeObject, ResourceClient } from '../../../src/kube/resource-client.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { Deployment } from '../../../src/canary/resources.js';
import type { ObservedRoutes, RouteSpec, Router } from '../../../src/routing/types.js';

/** An informer whose cache the test fills; never started, so nothing is listed or watched. */
export function informerOf<T extends KubeObject>(objs: T[] = []): Informer<T> {
  const lw = { kind: { kind: 'X', plural: 'xs' } } as ListWatcher<T>;
  const inf = new Informer<T>(lw, { logger: silentLogger() });
  for (const o of objs) inf.cache.set(o);
  return inf;
}

export function targetDeployment(
  name = 'checkout',
  options: { image?: string; replicas?: number; ports?: { name?: string; containerPort: number }[] } = {},
): Deployment {
  const replicas = options.replicas ?? 2;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop', uid: `uid-${name}`, generation: 1, resourceVersion: '1' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: options.image ?? 'ghcr.io/stefanprodan/podinfo:6.0.0',
              ports: options.ports ?? [{ name: 'http', containerPort: 9898 }],
            },
          ],
        },
      },
    },
    status: {
      observedGeneration: 1,
      replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      updatedReplicas: replicas,
    },
  };
}

export function metricTemplate(name: string, query: string, address?: string): MetricTemplate & KubeObject {
  return {
    apiVersion: 'fledge.dev/v1alpha1',
    kind: 'MetricTemplate',
    metadata: { name, namespace: 'shop', uid: `uid-mt-${name}`, resourceVersion: '1' },
    spec: { provider: { type: 'prometheus', ...(address ? { address } : {}) }, query },
  };
}

/** A Router over one in-memory VirtualService; `fail` makes the next calls of a method throw. */
export class FakeRouter implements Router {
  routes: ObservedRoutes | undefined;
  readonly calls: string[] = [];
  fail: Partial<Record<keyof Router, Error>> = {};

  constructor(routes?: ObservedRoutes) {
    this.routes = routes;
  }

  reconcile(canary: Canary): Promise<void> {
    this.calls.push(`reconcile ${canary.metadata.name}`);
    if (this.fail.reconcile) return Promise.reject(this.fail.reconcile);
    this.routes ??= { exists: true, primary: 100, canary: 0, match: false };
    return Promise.resolve();
  }

  setRoutes(canary: Canary, routes: RouteSpec): Promise<ObservedRoutes> {
    this.calls.push(`setRoutes ${canary.metadata.name} ${routes.primary}/${routes.canary}`);
    if (this.fail.setRoutes) return Promise.reject(this.fail.setRoutes);
    this.routes = {
      exists: true,
      primary: routes.primary,
      canary: routes.canary,
      match: routes.match !== undefined,
      ...(routes.mirrorWeight !== undefined ? { mirrorWeight: routes.mirrorWeight } : {}),
    };
    return Promise.resolve(this.routes);
  }

  getRoutes(): Promise<ObservedRoutes> {
    if (this.fail.getRoutes) return Promise.reject(this.fail.getRoutes);
    return Promise.resolve(this.routes ?? { exists: false, primary: 0, canary: 0, match: false });
  }

  finalize(canary: Canary): Promise<void> {
    this.calls.push(`finalize ${canary.metadata.name}`);
    return Promise.resolve();
  }
}

/** The calls a FakeClient saw, as `verb ns/name`. */
export type Call = string;

/**
 * A ResourceClient over a Map: get/create/replace/replaceStatus/patch (JSON
 * merge patch) with the apiserver's 404/409 answers and resourceVersion
 * checks, every call recorded. `failOn` makes one verb throw.
 */
export class FakeClient<T extends KubeObject> {
  readonly objects = new Map<string, T>();
  readonly calls: Call[] = [];
  failOn: { verb: string; error: Error } | undefined;
  private rv = 100;

  constructor(
    readonly kind: { kind: string; plural: string },
    objs: T[] = [],
  ) {
    for (const o of objs) this.put(structuredClone(o));
  }

  /** Typed as the real client for the code under test, which uses only these methods. */
  asClient(): ResourceClient<T> {
    return this as unknown as ResourceClient<T>;
  }

  item(namespace: string, name: string): T | undefined {
    return this.objects.get(`${namespace}/${name}`);
  }

  get(namespace: string | undefined, name: string): Promise<T> {
    return this.run('get', namespace, name, () => {
      const o = this.objects.get(`${namespace ?? ''}/${name}`);
      if (!o)
        throw new KubeApiError(`get ${this.kind.kind} ${namespace ?? ''}/${name}`, 404, {
          reason: 'NotFound',
        });
      return structuredClone(o);
    });
  }

  create(obj: T): Promise<T> {
    const { namespace, name } = obj.metadata ?? {};
    return this.run('create', namespace, name ?? '', () => {
      if (this.objects.has(`${namespace ?? ''}/${name ?? ''}`))
        throw new KubeApiError(`create ${this.kind.kind}`, 409, { reason: 'AlreadyExists' });
      return this.put(structuredClone({ ...obj, metadata: { ...obj.metadata, uid: `uid-${name ?? ''}` } }));
    });
  }

  /** PUT of the main resource: the server keeps uid and status, as the apiserver does. */
  replace(obj: T): Promise<T> {
    return this.write('replace', obj, (have) => {
      const { status: _ignored, ...rest } = obj as T & { status?: unknown };
      const kept = have as T & { status?: unknown };
      return {
        ...rest,
        metadata: { ...rest.metadata, uid: have.metadata?.uid },
        ...(kept.status !== undefined ? { status: kept.status } : {}),
      } as T;
    });
  }

  replaceStatus(obj: T): Promise<T> {
    return this.write('replaceStatus', obj, (have) => ({
      ...have,
      status: (obj as { status?: unknown }).status,
    }));
  }

  patch(namespace: string | undefined, name: string, patch: unknown): Promise<T> {
    return this.run('patch', namespace, name, () => {
      const have = this.objects.get(`${namespace ?? ''}/${name}`);
      if (!have) throw new KubeApiError(`patch ${this.kind.kind}`, 404, { reason: 'NotFound' });
      const want = (patch as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
      if (want !== undefined && want !== have.metadata?.resourceVersion)
        throw new KubeApiError(`patch ${this.kind.kind}`, 409, { reason: 'Conflict' });
      return this.put(mergePatch(structuredClone(have), patch) as T);
    });
  }

  private write(verb: string, obj: T, merge: (have: T) => T): Promise<T> {
    const { namespace, name } = obj.metadata ?? {};
    return this.run(verb, namespace, name ?? '', () => {
      const have = this.objects.get(`${namespace ?? ''}/${name ?? ''}`);
      if (!have) throw new KubeApiError(`${verb} ${this.kind.kind}`, 404, { reason: 'NotFound' });
      if (obj.metadata?.resourceVersion !== have.metadata?.resourceVersion)
        throw new KubeApiError(`${verb} ${this.kind.kind}`, 409, { reason: 'Conflict' });
      return this.put(structuredClone(merge(have)));
    });
  }

  private put(obj: T): T {
    const m = obj.metadata ?? {};
    obj.metadata = { ...m, resourceVersion: String(++this.rv) };
    this.objects.set(`${m.namespace ?? ''}/${m.name ?? ''}`, obj);
    return structuredClone(obj);
  }

  private async run<R>(verb: string, namespace: string | undefined, name: string, fn: () => R): Promise<R> {
    this.calls.push(`${verb} ${namespace ?? ''}/${name}`);
    await Promise.resolve();
    if (this.failOn?.verb === verb) throw this.failOn.error;
    return fn();
  }
}

/** RFC 7386: objects merge, null deletes, anything else replaces. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
