/**
 * The Istio Router: VirtualService `<apex>` and DestinationRules
 * `<apex>-primary` / `<apex>-canary`, written with JSON merge patches that
 * carry the resourceVersion they were computed from (a concurrent writer makes
 * the patch fail with 409 and it is recomputed), field manager `fledge`.
 */
import type { Logger } from 'pino';
import type { Canary } from '../api/canary.js';
import { API_VERSION } from '../api/group.js';
import { errorMessage, isConflict, isNotFound, statusOf } from '../kube/api-error.js';
import type { KubeClient } from '../kube/client.js';
import { controllerRef, getControllerOf } from '../kube/owners.js';
import type { ResourceClient } from '../kube/resource-client.js';
import { RoutingError, type RoutingErrorCode } from './errors.js';
import {
  adoptionAnnotations,
  desiredDestinationRule,
  mergeVirtualService,
  newVirtualService,
  virtualServiceDiffers,
} from './istio-desired.js';
import { applyRoutes, apexRouteIndex, invalidSpec, readRoutes, verifyRoutes } from './istio-routes.js';
import {
  ADOPTED_BY,
  ORIGINAL_ROUTE,
  destinationRuleKind,
  virtualServiceKind,
  type DestinationRule,
  type HttpRoute,
  type VirtualService,
} from './istio-types.js';
import { routingNames, type RoutingNames } from './names.js';
import type { ObservedRoutes, RouteSpec, Router } from './types.js';

export const FIELD_MANAGER = 'fledge';
/** Attempts of a read-modify-write that lost a race (409) before giving up. */
const CONFLICT_ATTEMPTS = 5;
/** How long the object a write returned stands in for a cache that has not seen the write yet. */
const OWN_WRITE_TTL_MS = 10_000;

/** What the Router needs of an informer; `Informer<VirtualService>` is one. */
export interface CachedReader<T> {
  hasSynced(): boolean;
  get(namespace: string | undefined, name: string): T | undefined;
}

export interface IstioRouterOptions {
  client: KubeClient;
  logger?: Logger | undefined;
  /**
   * A synced VirtualService cache: reads come from it instead of a GET each
   * (an idle Canary would otherwise GET its VirtualService every resync). A
   * write computed from a stale copy fails with 409 and its retry reads live.
   */
  virtualServices?: CachedReader<VirtualService> | undefined;
  /** Milliseconds since some epoch; tests pass a fake clock. */
  now?: () => number;
}

export function createIstioRouter(options: IstioRouterOptions): Router {
  return new IstioRouter(options);
}

class IstioRouter implements Router {
  private readonly vs: ResourceClient<VirtualService>;
  private readonly dr: ResourceClient<DestinationRule>;
  private readonly logger: Logger | undefined;
  private readonly cache: CachedReader<VirtualService> | undefined;
  private readonly now: () => number;
  /**
   * VirtualServices this router wrote whose write the cache may not show yet:
   * the object the apiserver returned, the resourceVersion it replaced and when.
   */
  private readonly ownWrites = new Map<string, { replaced: string; object: VirtualService; at: number }>();

  constructor(options: IstioRouterOptions) {
    this.vs = options.client.resources<VirtualService>(virtualServiceKind);
    this.dr = options.client.resources<DestinationRule>(destinationRuleKind);
    this.logger = options.logger;
    this.cache = options.virtualServices;
    this.now = options.now ?? Date.now;
  }

  async reconcile(canary: Canary): Promise<void> {
    const names = routingNames(canary);
    const owner = controllerRef({ apiVersion: API_VERSION, kind: 'Canary', metadata: canary.metadata });
    for (const host of [names.primary, names.canary]) {
      await this.upsertDestinationRule(desiredDestinationRule(canary, names, host, owner), names);
    }
    await this.withRetry(names, 'reconcile', async (live) => {
      const existing = await this.read(names, live);
      if (!existing) {
        const created = await this.vs.create(newVirtualService(canary, names, owner), {
          fieldManager: FIELD_MANAGER,
        });
        this.remember(names, '', created);
        this.logger?.info({ virtualService: names.apex }, 'created VirtualService (100 % primary)');
        return;
      }
      const controller = getControllerOf(existing);
      if (controller && controller.uid !== canary.metadata.uid) {
        throw this.error(
          'OwnedElsewhere',
          names,
          `VirtualService ${names.apex} is controlled by ${controller.kind} ${controller.name}; two Canaries cannot share a service name`,
        );
      }
      // No controller: a VirtualService the user wrote; Fledge adopts only its weighted route.
      const adopted = controller === undefined;
      const merged = mergeVirtualService(existing, canary, names, adopted);
      if (!merged) {
        throw this.error(
          'RouteMissing',
          names,
          `VirtualService ${names.apex} exists but has no route to ${names.apex}, ${names.primary} or ${names.canary} that Fledge could adopt`,
        );
      }
      const annotations = adopted ? adoptionAnnotations(existing, canary, names) : undefined;
      const annotationsChanged =
        annotations !== undefined && annotations !== (existing.metadata?.annotations ?? {});
      if (!virtualServiceDiffers(existing, merged) && !annotationsChanged) return;
      await this.patchVs(names, existing, merged.spec, annotations);
      this.logger?.info(
        { virtualService: names.apex, adopted },
        'updated VirtualService fields (weights kept)',
      );
    });
  }

  async setRoutes(canary: Canary, routes: RouteSpec): Promise<ObservedRoutes> {
    const names = routingNames(canary);
    const bad = invalidSpec(routes);
    if (bad) throw this.error('WeightsInvalid', names, bad);
    let written: VirtualService | undefined;
    await this.withRetry(names, 'setRoutes', async (live) => {
      const existing = await this.read(names, live);
      if (!existing) throw this.error('RouteMissing', names, `VirtualService ${names.apex} not found`);
      const http = applyRoutes(existing.spec?.http ?? [], names, routes);
      if (!http) {
        throw this.error(
          'RouteMissing',
          names,
          `VirtualService ${names.apex} has no route to ${names.primary} and ${names.canary}`,
        );
      }
      written = await this.patchVs(names, existing, { ...existing.spec, http });
    });
    // The patch answers with the object as stored: that is the read-back.
    const seen = readRoutes(written, names);
    const problem = verifyRoutes(seen, routes);
    if (problem) throw this.error(seen.error ? codeOf(seen.error) : 'RoutesMismatch', names, problem);
    this.logger?.info({ virtualService: names.apex, ...routes }, 'routes set and verified');
    return seen;
  }

  async getRoutes(canary: Canary): Promise<ObservedRoutes> {
    const names = routingNames(canary);
    return readRoutes(await this.read(names), names);
  }

  async finalize(canary: Canary): Promise<void> {
    const names = routingNames(canary);
    await this.withRetry(names, 'finalize', async (live) => {
      const existing = await this.read(names, live);
      const annotations = existing?.metadata?.annotations ?? {};
      if (!existing || annotations[ADOPTED_BY] !== canary.metadata.name) return;
      const http = [...(existing.spec?.http ?? [])].filter((r) => r.name !== 'fledge-ab');
      const i = apexRouteIndex(http, names);
      const original = annotations[ORIGINAL_ROUTE];
      if (i >= 0 && original) http[i] = JSON.parse(original) as HttpRoute;
      const { [ADOPTED_BY]: _a, [ORIGINAL_ROUTE]: _o, ...rest } = annotations;
      await this.patchVs(names, existing, { ...existing.spec, http }, rest, [ADOPTED_BY, ORIGINAL_ROUTE]);
    });
  }

  /**
   * The VirtualService: from the cache when there is a synced one and `live`
   * is not asked for, else a GET. Until the cache shows this router's last
   * write, the object that write returned stands in for it.
   */
  private async read(names: RoutingNames, live = false): Promise<VirtualService | undefined> {
    if (!live && this.cache?.hasSynced()) {
      const cached = this.cache.get(names.namespace, names.apex);
      const key = `${names.namespace}/${names.apex}`;
      const own = this.ownWrites.get(key);
      if (own) {
        const stale = (cached?.metadata?.resourceVersion ?? '') === own.replaced;
        if (stale && this.now() - own.at < OWN_WRITE_TTL_MS) return own.object;
        this.ownWrites.delete(key);
      }
      return cached;
    }
    try {
      return await this.vs.get(names.namespace, names.apex);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async patchVs(
    names: RoutingNames,
    existing: VirtualService,
    spec: VirtualService['spec'],
    annotations?: Record<string, string>,
    removeAnnotations: string[] = [],
  ): Promise<VirtualService> {
    const metadata: Record<string, unknown> = { resourceVersion: existing.metadata?.resourceVersion };
    if (annotations || removeAnnotations.length > 0) {
      metadata['annotations'] = {
        ...annotations,
        ...Object.fromEntries(removeAnnotations.map((k) => [k, null])),
      };
    }
    try {
      // Merge patch replaces lists whole: `http` is sent complete, other routes included.
      const patched = await this.vs.patch(
        names.namespace,
        names.apex,
        { metadata, spec },
        { fieldManager: FIELD_MANAGER },
      );
      this.remember(names, existing.metadata?.resourceVersion ?? '', patched);
      return patched;
    } catch (err) {
      this.ownWrites.delete(`${names.namespace}/${names.apex}`);
      if (isConflict(err)) throw err;
      throw this.error(
        'PatchRejected',
        names,
        `patch of VirtualService ${names.apex} rejected: ${errorMessage(err)}`,
        err,
      );
    }
  }

  private remember(names: RoutingNames, replaced: string, object: VirtualService): void {
    if (!this.cache) return;
    this.ownWrites.set(`${names.namespace}/${names.apex}`, { replaced, object, at: this.now() });
  }

  private async upsertDestinationRule(desired: DestinationRule, names: RoutingNames): Promise<void> {
    const name = desired.metadata?.name ?? '';
    let existing: DestinationRule | undefined;
    try {
      existing = await this.dr.get(names.namespace, name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    try {
      if (!existing) {
        await this.dr.create(desired, { fieldManager: FIELD_MANAGER });
        return;
      }
      const want = desired.spec ?? {};
      // Owned: the spec decides, so a policy dropped from the spec goes; a user's own rule keeps
      // its policy unless the spec sets one.
      const owned = getControllerOf(existing)?.uid === desired.metadata?.ownerReferences?.[0]?.uid;
      const policyChanged =
        JSON.stringify(existing.spec?.trafficPolicy) !== JSON.stringify(want.trafficPolicy);
      const setPolicy = policyChanged && (owned || want.trafficPolicy !== undefined);
      if (existing.spec?.host === want.host && !setPolicy) return;
      await this.dr.patch(
        names.namespace,
        name,
        {
          metadata: { resourceVersion: existing.metadata?.resourceVersion },
          spec: { host: want.host, ...(setPolicy ? { trafficPolicy: want.trafficPolicy ?? null } : {}) },
        },
        { fieldManager: FIELD_MANAGER },
      );
    } catch (err) {
      if (isConflict(err)) return; // someone else wrote it; the next reconcile compares again
      throw this.error('PatchRejected', names, `DestinationRule ${name}: ${errorMessage(err)}`, err);
    }
  }

  /**
   * Runs a read-modify-write again when it lost a race (409); bounded. The
   * first attempt may read the cache; a retry reads live, since a stale cache
   * is the usual reason for the conflict.
   */
  private async withRetry(
    names: RoutingNames,
    what: string,
    fn: (live: boolean) => Promise<void>,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await fn(attempt > 1);
        return;
      } catch (err) {
        if (!isConflict(err)) throw err;
        if (attempt >= CONFLICT_ATTEMPTS) {
          throw this.error(
            'Conflict',
            names,
            `${what}: VirtualService ${names.apex} kept changing (${attempt} conflicts)`,
            err,
          );
        }
        this.logger?.debug(
          { virtualService: names.apex, attempt, status: statusOf(err) },
          'conflict, retrying',
        );
      }
    }
  }

  private error(code: RoutingErrorCode, names: RoutingNames, message: string, cause?: unknown): RoutingError {
    return new RoutingError(code, message, { canary: names.ref, ...(cause !== undefined ? { cause } : {}) });
  }
}

function codeOf(error: string): RoutingErrorCode {
  if (error.includes('empty host')) return 'EmptyHost';
  if (error.includes('weights sum')) return 'WeightsInvalid';
  return 'RouteMissing';
}
