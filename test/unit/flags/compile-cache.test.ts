import { describe, expect, it } from 'vitest';
import { FlagCompileCache } from '../../../src/flags/compile-cache.js';
import { buildSegmentPool } from '../../../src/flags/segments.js';
import { boolVariants, featureFlag } from './support.js';

const flag = (rv: string, spec: Record<string, unknown> = boolVariants) =>
  featureFlag({ name: 'f', spec, metadata: { uid: 'u1', resourceVersion: rv } });

function run(cache: FlagCompileCache, obj: Record<string, unknown>, segments: Record<string, never> = {}) {
  const v = cache.validate(obj);
  if (!v.ok) throw new Error('invalid');
  return cache.compile(obj, v.value, buildSegmentPool([{ key: 'owner', segments }]).pool);
}

describe('FlagCompileCache', () => {
  it('reuses a result while the resourceVersion is the same', () => {
    const cache = new FlagCompileCache();
    const first = run(cache, flag('1'));
    expect(run(cache, flag('1'))).toBe(first);
    expect(cache.stats).toEqual({ validations: 1, compilations: 1 });
    run(cache, flag('2', { ...boolVariants, rollout: { percentage: 3 } }));
    expect(cache.stats).toEqual({ validations: 2, compilations: 2 });
  });

  it('recompiles when a segment the flag uses changes', () => {
    const cache = new FlagCompileCache();
    const user = flag('1', {
      ...boolVariants,
      rules: [{ name: 'r', when: { segment: 's' }, variant: 'on' }],
    });
    const one = run(cache, user, { s: { attribute: 'a', equals: 1 } } as never);
    expect(
      run(cache, user, { s: { attribute: 'a', equals: 1 }, other: { attribute: 'b', equals: 1 } } as never),
    ).toBe(one);
    const two = run(cache, user, { s: { attribute: 'a', equals: 2 } } as never);
    expect(two).not.toBe(one);
    expect(two.ok && one.ok && two.compiled.hash !== one.compiled.hash).toBe(true);
  });

  it('never caches objects without a resourceVersion', () => {
    const cache = new FlagCompileCache();
    const obj = featureFlag({ name: 'f', spec: boolVariants });
    run(cache, obj);
    run(cache, obj);
    expect(cache.stats).toEqual({ validations: 2, compilations: 2 });
  });

  it('forgets flags that are gone', () => {
    const cache = new FlagCompileCache();
    run(cache, flag('1'));
    cache.retain(new Set());
    run(cache, flag('1'));
    expect(cache.stats.compilations).toBe(2);
    expect(FlagCompileCache.idOf(flag('1'))).toBe('u1');
    expect(FlagCompileCache.idOf(featureFlag({ name: 'n', namespace: 'ns', spec: {} }))).toBe('ns/n');
  });
});
