import { describe, expect, it } from 'vitest';
import { compileFeatureFlag } from '../../../src/flags/compile.js';
import { assembleFlagSet } from '../../../src/flags/flag-set.js';
import { PublishedDocument } from '../../../src/flags/last-good.js';
import { buildSegmentPool } from '../../../src/flags/segments.js';
import { boolVariants, featureFlag } from './support.js';

describe('PublishedDocument', () => {
  const { pool } = buildSegmentPool([
    { key: 'x', segments: { staff: { attribute: 'email', endsWith: '@c.com' } } },
  ]);
  const a = compileFeatureFlag(
    featureFlag({
      name: 'a',
      spec: { ...boolVariants, rules: [{ name: 'r', when: { segment: 'staff' }, variant: 'on' }] },
    }),
    { segments: pool },
  );
  const b = compileFeatureFlag(
    featureFlag({ name: 'b', spec: { ...boolVariants, rollout: { percentage: 5 } } }),
  );
  if (!a.ok || !b.ok) throw new Error('fixtures must compile');
  const set = assembleFlagSet([
    { key: 'a', compiled: a.compiled },
    { key: 'b', compiled: b.compiled },
  ]);
  if (!set.ok) throw new Error(set.message);

  it('gives back each published flag exactly as compiled, with the same hash', () => {
    const doc = PublishedDocument.parse(set.text);
    expect(doc.keys()).toEqual(['a', 'b']);
    expect(doc.get('a')).toEqual(a.compiled);
    expect(doc.get('b')).toEqual(b.compiled);
    expect(doc.get('c')).toBeUndefined();
  });

  it.each([undefined, '', 'not json', '[]', '{"flags": 3}'])('has no flags in %j', (text) => {
    expect(PublishedDocument.parse(text).keys()).toEqual([]);
  });
});
