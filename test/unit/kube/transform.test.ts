import { describe, expect, it } from 'vitest';
import type { KubeObject, WatchEvent } from '../../../src/kube/resource-client.js';
import {
  cacheTransform,
  stripManagedFields,
  transformListWatcher,
  type CacheTransform,
} from '../../../src/kube/transform.js';
import { FakeSource } from './fake-source.js';

const tag: CacheTransform<KubeObject> = {
  name: 'tag',
  apply: (o) => ({ metadata: { ...o.metadata, labels: { seen: 'yes' } } }),
};

describe('transformListWatcher', () => {
  it('reduces listed objects and keeps the list resourceVersion', async () => {
    const src = new FakeSource();
    src.put('a');
    const res = await transformListWatcher(src, tag).list(undefined, {});
    expect(res.items.map((o) => o.metadata?.labels)).toEqual([{ seen: 'yes' }]);
    expect(res.resourceVersion).toBe(String(src.rv));
  });

  it('reduces ADDED/MODIFIED/DELETED objects, passes bookmarks and errors through as they are', async () => {
    const src = new FakeSource();
    const seen: WatchEvent<KubeObject>[] = [];
    await transformListWatcher(src, tag).watch(undefined, {}, (e) => seen.push(e));
    const obj = { metadata: { name: 'a', namespace: 'default', resourceVersion: '3' } };
    const bookmark = { metadata: { resourceVersion: '4' } };
    src.current.send({ type: 'MODIFIED', object: obj });
    src.current.send({ type: 'BOOKMARK', object: bookmark });
    src.current.send({ type: 'ERROR', object: { code: 410 } });
    expect(seen[0]).toEqual({
      type: 'MODIFIED',
      object: { metadata: { ...obj.metadata, labels: { seen: 'yes' } } },
    });
    expect(seen[1]?.object).toBe(bookmark);
    expect(seen[2]).toEqual({ type: 'ERROR', object: { code: 410 } });
  });
});

describe('stripManagedFields', () => {
  const managed = [{ manager: 'kubectl', operation: 'Apply', fieldsV1: { 'f:spec': {} } }];

  it('drops managedFields and keeps the rest of the object, without changing the input', () => {
    const obj = {
      metadata: { name: 'a', resourceVersion: '7', labels: { x: 'y' }, managedFields: managed },
      spec: { replicas: 2 },
    };
    const out = stripManagedFields(obj);
    expect(out).toEqual({
      metadata: { name: 'a', resourceVersion: '7', labels: { x: 'y' } },
      spec: { replicas: 2 },
    });
    expect(obj.metadata.managedFields).toBe(managed);
  });

  it('returns an object without managedFields as it is', () => {
    const obj = { metadata: { name: 'a' } };
    expect(stripManagedFields(obj)).toBe(obj);
    const bare = { kind: 'Status' };
    expect(stripManagedFields(bare)).toBe(bare);
  });

  it('runs before a kind’s own transform, which sees the stripped object', () => {
    const seen: unknown[] = [];
    const t = cacheTransform<KubeObject>({
      name: 'digest',
      apply: (o) => {
        seen.push(o);
        return { metadata: { name: o.metadata?.name } };
      },
    });
    expect(t.name).toBe('digest');
    expect(t.apply({ metadata: { name: 'a', managedFields: managed } })).toEqual({
      metadata: { name: 'a' },
    });
    expect(seen).toEqual([{ metadata: { name: 'a' } }]);
    expect(cacheTransform().apply({ metadata: { name: 'b', managedFields: managed } })).toEqual({
      metadata: { name: 'b' },
    });
  });
});
