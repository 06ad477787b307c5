import { describe, expect, it } from 'vitest';
import { ObjectCache, keyOf, splitKey } from '../../../src/kube/object-cache.js';

describe('object cache keys', () => {
  it.each([
    [{ metadata: { name: 'a', namespace: 'ns' } }, 'ns/a'],
    [{ metadata: { name: 'node-1' } }, 'node-1'],
  ])('keyOf %j = %s', (obj, key) => {
    expect(keyOf(obj)).toBe(key);
  });

  it.each([
    ['ns/a', { namespace: 'ns', name: 'a' }],
    ['cluster-thing', { namespace: undefined, name: 'cluster-thing' }],
  ])('splitKey(%s)', (key, parts) => {
    expect(splitKey(key)).toEqual(parts);
  });

  it('stores, lists per namespace and deletes', () => {
    const c = new ObjectCache();
    c.set({ metadata: { name: 'a', namespace: 'x' } });
    c.set({ metadata: { name: 'a', namespace: 'y' } });
    c.set({ metadata: { name: 'a', namespace: 'x', resourceVersion: '2' } });
    expect(c.size).toBe(2);
    expect(c.get('x', 'a')?.metadata?.resourceVersion).toBe('2');
    expect(c.list('y')).toHaveLength(1);
    c.delete({ metadata: { name: 'a', namespace: 'x' } });
    expect(c.get('x', 'a')).toBeUndefined();
    expect(c.list()).toHaveLength(1);
  });
});
