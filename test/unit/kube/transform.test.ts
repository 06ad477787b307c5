import { describe, expect, it } from 'vitest';
import type { KubeObject, WatchEvent } from '../../../src/kube/resource-client.js';
import { transformListWatcher, type CacheTransform } from '../../../src/kube/transform.js';
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
