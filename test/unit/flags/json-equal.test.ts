/**
 * jsonEqual replaces `canonicalJson(a) === canonicalJson(b)` where statuses are
 * compared: it must agree with that comparison on every value, so a real
 * status change is never taken for "unchanged" (and no needless write made).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/flags/canonical-json.js';
import { jsonEqual } from '../../../src/flags/json-equal.js';

const sameAsCanonical = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

// Small alphabets so generated pairs collide often enough to exercise "equal".
const key = fc.constantFrom('type', 'status', 'reason', 'message', 'observedGeneration', 'a', 'b');
const leaf = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, true, false, 0, -0, 1, 2, Number.NaN, '', 'True', 'False', '0'),
  fc.integer({ min: -2, max: 2 }),
);
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
}));

/** A copy of `v` with its keys in reverse order at every level. */
function reordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reordered);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).reverse()) out[k] = reordered((v as Record<string, unknown>)[k]);
  return out;
}

describe('jsonEqual', () => {
  it('agrees with comparing canonicalJson on arbitrary pairs', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(jsonEqual(a, b)).toBe(sameAsCanonical(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it('treats a value and its key-reordered copy as equal', () => {
    fc.assert(
      fc.property(value, (a) => {
        expect(jsonEqual(a, reordered(a))).toBe(true);
      }),
    );
  });

  it('sees any single change to a status', () => {
    const old = {
      observedGeneration: 3,
      compiledHash: 'abc',
      publishedTo: { configMap: 'flags', namespace: 'shop', key: 'flags.json' },
      conditions: [
        { type: 'Ready', status: 'True', reason: 'Published', observedGeneration: 3 },
        { type: 'Stale', status: 'False', reason: 'NoExpiry', observedGeneration: 3 },
      ],
    };
    const changes: Array<(s: typeof old) => unknown> = [
      (s) => ({ ...s, observedGeneration: 4 }),
      (s) => ({ ...s, compiledHash: 'abd' }),
      (s) => ({ ...s, publishedTo: { ...s.publishedTo, key: 'other' } }),
      (s) => ({ ...s, conditions: [s.conditions[0], { ...s.conditions[1], status: 'True' }] }),
      (s) => ({ ...s, conditions: [s.conditions[0]] }),
      (s) => ({ ...s, conditions: [s.conditions[1], s.conditions[0]] }),
      (s) => ({ ...s, expired: false }),
      (s) => ({ ...s, compiledHash: null }),
      (s) => ({ ...s, rollout: {} }),
    ];
    for (const change of changes) {
      const next = change(structuredClone(old));
      expect(jsonEqual(next, old)).toBe(false);
      expect(jsonEqual(old, next)).toBe(false);
    }
    expect(jsonEqual({ ...structuredClone(old), expired: undefined }, old)).toBe(true);
  });

  it('follows canonicalJson on undefined, null, NaN and -0', () => {
    expect(jsonEqual({ a: undefined }, {})).toBe(true);
    expect(jsonEqual({ a: null }, {})).toBe(false);
    expect(jsonEqual({ a: null }, { a: undefined })).toBe(false);
    expect(jsonEqual([undefined], [null])).toBe(true);
    expect(jsonEqual(Number.NaN, null)).toBe(true);
    expect(jsonEqual(-0, 0)).toBe(true);
    expect(jsonEqual('1', 1)).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
  });
});
