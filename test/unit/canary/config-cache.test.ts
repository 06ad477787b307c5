import { afterEach, describe, expect, it } from 'vitest';
import { ConfigCaches, digestTransform, type ConfigDigest } from '../../../src/canary/config-cache.js';
import { contentHash } from '../../../src/canary/observe.js';
import { Informer } from '../../../src/kube/informer.js';
import type { InformerFactory } from '../../../src/kube/informer-factory.js';
import type { ResourceKind } from '../../../src/kube/resource-kind.js';
import { transformListWatcher } from '../../../src/kube/transform.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { FakeClock, flush } from '../kube/fake-clock.js';
import { FakeSource } from '../kube/fake-source.js';

const secret = (data: Record<string, string>): ConfigDigest & { data: Record<string, string> } => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'creds',
    namespace: 'shop',
    uid: 'u1',
    resourceVersion: '9',
    labels: { app: 'shop' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ data }) },
  },
  data,
});

describe('digestTransform', () => {
  it('keeps identity and the content hash, never the data (nor annotations that may repeat it)', () => {
    const d = digestTransform.apply(secret({ password: 'c2VjcmV0' }));
    expect(d).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'creds',
        namespace: 'shop',
        uid: 'u1',
        resourceVersion: '9',
        labels: { app: 'shop' },
      },
      contentHash: contentHash(secret({ password: 'c2VjcmV0' })),
    });
    expect(JSON.stringify(d)).not.toContain('c2VjcmV0');
  });

  it('changes the hash with the data and only with it', () => {
    const a = digestTransform.apply(secret({ password: 'YQ==' })).contentHash;
    const b = digestTransform.apply(secret({ password: 'Yg==' })).contentHash;
    const relabelled = secret({ password: 'YQ==' });
    relabelled.metadata!.labels = { other: 'x' };
    expect(a).not.toBe(b);
    expect(digestTransform.apply(relabelled).contentHash).toBe(a);
  });
});

/** A factory over in-memory sources: one per kind, started on demand like the real one after start(). */
class Factory {
  readonly sources = new Map<string, FakeSource>();
  readonly informers: Informer<ConfigDigest>[] = [];
  private readonly clock = new FakeClock();

  informerFor(kind: ResourceKind, opts: { transform?: typeof digestTransform }): Informer<ConfigDigest> {
    const src = new FakeSource();
    this.sources.set(kind.plural, src);
    const lw = opts.transform ? transformListWatcher(src, opts.transform) : src;
    const inf = new Informer<ConfigDigest>(lw, { logger: silentLogger(), clock: this.clock }).start();
    this.informers.push(inf);
    return inf;
  }
}

let factory: Factory;
afterEach(async () => {
  await Promise.all((factory as Factory | undefined)?.informers.map((i) => i.stop()) ?? []);
});

function caches() {
  factory = new Factory();
  const watched: Informer<ConfigDigest>[] = [];
  const c = new ConfigCaches(factory as unknown as InformerFactory, (inf) => watched.push(inf));
  return { c, watched };
}

describe('ConfigCaches', () => {
  it('answers ConfigMap hashes from the cache, undefined for a missing one', async () => {
    const { c } = caches();
    await c.prepare(new Set(['configmap']));
    expect(c.hash('configmap', 'default', 'absent')).toBeUndefined();
    const src = factory.sources.get('configmaps')!;
    const obj = {
      metadata: { name: 'settings', namespace: 'default', resourceVersion: '20' },
      data: { a: '1' },
    };
    src.current.send({ type: 'ADDED', object: obj });
    await flush();
    expect(c.hash('configmap', 'default', 'settings')).toBe(contentHash(obj));
  });

  it('starts the Secret informer on first use only, and hands it to be watched once', async () => {
    const { c, watched } = caches();
    await c.prepare(new Set(['configmap']));
    expect(factory.sources.has('secrets')).toBe(false);
    await c.prepare(new Set(['secret']));
    c.hash('secret', 'default', 'creds');
    expect(factory.sources.has('secrets')).toBe(true);
    expect(watched).toHaveLength(1);
  });

  it('refuses to answer from a cache that has not synced (it would drop the config from the revision)', () => {
    const { c } = caches();
    factory.sources.get('configmaps')!.listError = new Error('forbidden');
    // The first list is in flight or failing: no answer rather than a wrong one.
    expect(() => c.hash('configmap', 'default', 'settings')).toThrow(/ConfigMap cache not synced yet/);
  });
});
