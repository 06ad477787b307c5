import { describe, expect, it } from 'vitest';
import { newerOf, WrittenObjects } from '../../../src/flags/controller-fresh.js';
import type { KubeObject } from '../../../src/kube/resource-client.js';

const obj = (rv: string | undefined, uid = 'u1', name = 'a'): KubeObject => ({
  metadata: { name, namespace: 'ns', uid, ...(rv !== undefined ? { resourceVersion: rv } : {}) },
});

describe('newerOf', () => {
  it.each<[string, KubeObject | undefined, KubeObject | undefined, 'cached' | 'written' | 'none']>([
    ['nothing written → the cache', obj('5'), undefined, 'cached'],
    ['gone from the cache → gone (a deletion wins)', undefined, obj('5'), 'none'],
    ['our write is newer → ours', obj('5'), obj('7'), 'written'],
    ['the cache is newer → the cache', obj('9'), obj('7'), 'cached'],
    ['same version → the cache', obj('7'), obj('7'), 'cached'],
    ['numeric, not lexical, order', obj('9'), obj('10'), 'written'],
    ['another object of the same name (re-created) → the cache', obj('5', 'u2'), obj('7'), 'cached'],
    ['opaque versions → the cache', obj('abc'), obj('def'), 'cached'],
  ])('%s', (_name, cached, written, expected) => {
    const got = newerOf(cached, written);
    expect(got === undefined ? 'none' : got === cached ? 'cached' : 'written').toBe(expected);
  });
});

describe('WrittenObjects', () => {
  it('answers with what was written for the same object only, and forgets', () => {
    const w = new WrittenObjects<KubeObject>();
    const written = obj('8');
    w.remember(written);
    expect(w.fresh(obj('3'), 'ns', 'a')).toBe(written);
    expect(w.fresh(obj('3', 'u1', 'b'), 'ns', 'b')?.metadata?.resourceVersion).toBe('3');
    w.forget('ns', 'a');
    expect(w.fresh(obj('3'), 'ns', 'a')?.metadata?.resourceVersion).toBe('3');
  });

  it('recognises exactly the version it wrote as its own write', () => {
    const w = new WrittenObjects<KubeObject>();
    w.remember(obj('8'));
    expect(w.isOwnWrite(obj('8'))).toBe(true);
    expect(w.isOwnWrite(obj('9'))).toBe(false); // someone wrote after us
    expect(w.isOwnWrite(obj('8', 'u2'))).toBe(false); // re-created object
    expect(w.isOwnWrite(obj('8', 'u1', 'b'))).toBe(false);
    expect(w.isOwnWrite(obj(undefined))).toBe(false);
  });

  it('stays within its bound, dropping the oldest', () => {
    const w = new WrittenObjects<KubeObject>(2);
    for (const n of ['a', 'b', 'c']) w.remember(obj('9', 'u1', n));
    expect(w.fresh(obj('1', 'u1', 'a'), 'ns', 'a')?.metadata?.resourceVersion).toBe('1');
    expect(w.fresh(obj('1', 'u1', 'c'), 'ns', 'c')?.metadata?.resourceVersion).toBe('9');
  });
});
