import { describeRef } from '../api/errors.js';
import type { RestClient, WatchStream } from './rest.js';
import { apiVersionOf, resourcePath, type ResourceKind } from './resource-kind.js';
import { PatchType } from './patch.js';

/** The parts of an object every kind has. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    deletionTimestamp?: string | Date;
    creationTimestamp?: string | Date;
    /** Server-side apply's bookkeeping; informer caches strip it (see transform.ts). */
    managedFields?: unknown[];
    ownerReferences?: {
      apiVersion: string;
      kind: string;
      name: string;
      uid: string;
      controller?: boolean;
      blockOwnerDeletion?: boolean;
    }[];
  };
}

export interface ListResult<T> {
  items: T[];
  resourceVersion: string;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size; pages are followed until the list is complete. */
  limit?: number;
}

export interface WatchOptions {
  resourceVersion?: string;
  labelSelector?: string;
  fieldSelector?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
  idleTimeoutMs?: number;
}

export type WatchEvent<T> =
  { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T } | { type: 'ERROR'; object: unknown };

/** CRUD, list and watch for one kind; every error message names the object. */
export class ResourceClient<T extends KubeObject = KubeObject> {
  constructor(
    readonly rest: RestClient,
    readonly kind: ResourceKind,
  ) {}

  get apiVersion(): string {
    return apiVersionOf(this.kind);
  }

  describe(namespace: string | undefined, name?: string): string {
    return name
      ? describeRef({ kind: this.kind.kind, namespace, name })
      : `${this.kind.plural}${namespace ? ` in ${namespace}` : ''}`;
  }

  async list(namespace?: string, opts: ListOptions = {}): Promise<ListResult<T>> {
    const items: T[] = [];
    let cont: string | undefined;
    let resourceVersion = '';
    // Bounded: a list that pages forever is a server bug, not something to follow.
    for (let page = 0; page < 10_000; page++) {
      const res = await this.rest.request<{
        items?: T[];
        metadata?: { resourceVersion?: string; continue?: string };
      }>({
        method: 'GET',
        path: resourcePath(this.kind, namespace),
        query: {
          labelSelector: opts.labelSelector,
          fieldSelector: opts.fieldSelector,
          limit: opts.limit ?? 500,
          continue: cont,
        },
        what: `list ${this.describe(namespace)}`,
      });
      // List items of built-in kinds come without apiVersion/kind; owner
      // references and Events need them, so every cached object has them.
      for (const item of res.items ?? [])
        items.push({ apiVersion: this.apiVersion, kind: this.kind.kind, ...item });
      resourceVersion = res.metadata?.resourceVersion ?? resourceVersion;
      cont = res.metadata?.continue || undefined;
      if (!cont) break;
    }
    return { items, resourceVersion };
  }

  get(namespace: string | undefined, name: string): Promise<T> {
    return this.rest.request<T>({
      method: 'GET',
      path: resourcePath(this.kind, namespace, name),
      what: this.describe(namespace, name),
    });
  }

  create(obj: T, opts: { fieldManager?: string } = {}): Promise<T> {
    const ns = obj.metadata?.namespace;
    return this.rest.request<T>({
      method: 'POST',
      path: resourcePath(this.kind, ns),
      query: { fieldManager: opts.fieldManager },
      body: { apiVersion: this.apiVersion, kind: this.kind.kind, ...obj },
      what: `create ${this.describe(ns, obj.metadata?.name ?? '?')}`,
    });
  }

  /** PUT; carries `metadata.resourceVersion`, so a stale write fails with 409. */
  replace(obj: T, opts: { subresource?: 'status'; fieldManager?: string } = {}): Promise<T> {
    const ns = obj.metadata?.namespace;
    const name = obj.metadata?.name ?? '';
    return this.rest.request<T>({
      method: 'PUT',
      path: resourcePath(this.kind, ns, name, opts.subresource),
      query: { fieldManager: opts.fieldManager },
      body: { apiVersion: this.apiVersion, kind: this.kind.kind, ...obj },
      what: `${opts.subresource ? 'update status of' : 'update'} ${this.describe(ns, name)}`,
    });
  }

  replaceStatus(obj: T, opts: { fieldManager?: string } = {}): Promise<T> {
    return this.replace(obj, { ...opts, subresource: 'status' });
  }

  patch(
    namespace: string | undefined,
    name: string,
    patch: unknown,
    opts: { type?: PatchType; subresource?: 'status'; fieldManager?: string; force?: boolean } = {},
  ): Promise<T> {
    const type = opts.type ?? PatchType.Merge;
    return this.rest.request<T>({
      method: 'PATCH',
      path: resourcePath(this.kind, namespace, name, opts.subresource),
      query: {
        fieldManager: opts.fieldManager,
        force: type === PatchType.Apply ? (opts.force ?? false) : undefined,
      },
      body: patch,
      contentType: type,
      what: `patch ${opts.subresource ? 'status of ' : ''}${this.describe(namespace, name)}`,
    });
  }

  async delete(
    namespace: string | undefined,
    name: string,
    opts: { propagationPolicy?: 'Foreground' | 'Background' | 'Orphan' } = {},
  ): Promise<void> {
    await this.rest.request<unknown>({
      method: 'DELETE',
      path: resourcePath(this.kind, namespace, name),
      body: opts.propagationPolicy
        ? { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: opts.propagationPolicy }
        : undefined,
      what: `delete ${this.describe(namespace, name)}`,
    });
  }

  watch(
    namespace: string | undefined,
    opts: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
  ): Promise<WatchStream> {
    return this.rest.watch(
      {
        path: resourcePath(this.kind, namespace),
        query: {
          resourceVersion: opts.resourceVersion,
          labelSelector: opts.labelSelector,
          fieldSelector: opts.fieldSelector,
          allowWatchBookmarks: opts.allowWatchBookmarks ?? true,
          timeoutSeconds: opts.timeoutSeconds,
        },
        idleTimeoutMs: opts.idleTimeoutMs ?? ((opts.timeoutSeconds ?? 600) + 60) * 1000,
        what: `watch ${this.describe(namespace)}`,
      },
      (e) => onEvent(e as WatchEvent<T>),
    );
  }
}
