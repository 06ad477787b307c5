import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/flags/canonical-json.js';
import { compileFeatureFlag } from '../../../src/flags/compile.js';
import { assembleFlagSet } from '../../../src/flags/flag-set.js';
import { MAX_FLAG_SET_BYTES } from '../../../src/flags/names.js';
import type { CompiledFlag } from '../../../src/flags/types.js';
import { boolVariants, featureFlag, flagdSchemaErrors } from './support.js';

function compiled(name: string, spec: Record<string, unknown> = boolVariants): CompiledFlag {
  const r = compileFeatureFlag(featureFlag({ name, spec }));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.compiled;
}

/** A compiled flag carrying an evaluator, as the compiler would produce it. */
function withEvaluator(c: CompiledFlag, name: string, json: string): CompiledFlag {
  return { ...c, evaluators: { ...c.evaluators, [name]: json }, hash: sha256Hex(c.hash + json) };
}

describe('assembleFlagSet', () => {
  const a = compiled('a');
  const b = compiled('b', { ...boolVariants, rollout: { percentage: 20 } });
  const b2 = compiled('b', { ...boolVariants, rollout: { percentage: 30 } });

  it("writes a flagd document with sorted keys, valid against flagd's schema", () => {
    const set = assembleFlagSet([
      { key: 'b', compiled: b },
      { key: 'a', compiled: a },
    ]);
    if (!set.ok) throw new Error(set.message);
    expect(
      set.text.startsWith(
        '{"$evaluators":{},\n"$schema":"https://flagd.dev/schema/v0/flags.json",\n"flags":{\n"a":',
      ),
    ).toBe(true);
    const doc = JSON.parse(set.text) as { flags: Record<string, unknown> };
    expect(Object.keys(doc.flags)).toEqual(['a', 'b']);
    expect(doc.flags.b).toEqual(b.flag);
    expect(flagdSchemaErrors(doc)).toEqual([]);
    expect(set.hash).toBe(sha256Hex(set.text));
    expect(set.bytes).toBe(Buffer.byteLength(set.text));
    expect(set.published).toEqual(
      new Map([
        ['a', { source: 'current', hash: a.hash }],
        ['b', { source: 'current', hash: b.hash }],
      ]),
    );
  });

  it('is deterministic: the order of entries does not change text or hash', () => {
    const one = assembleFlagSet([
      { key: 'a', compiled: a },
      { key: 'b', compiled: b },
    ]);
    const two = assembleFlagSet([
      { key: 'b', compiled: b },
      { key: 'a', compiled: a },
    ]);
    expect(one.ok && two.ok && one.hash === two.hash && one.text === two.text).toBe(true);
  });

  it('changes the hash when one flag changes', () => {
    const one = assembleFlagSet([
      { key: 'a', compiled: a },
      { key: 'b', compiled: b },
    ]);
    const two = assembleFlagSet([
      { key: 'a', compiled: a },
      { key: 'b', compiled: b2 },
    ]);
    expect(one.ok && two.ok && one.hash !== two.hash).toBe(true);
  });

  it('keeps the last good version of an invalid flag', () => {
    const set = assembleFlagSet([
      { key: 'a', compiled: a },
      { key: 'b', lastGood: b },
    ]);
    if (!set.ok) throw new Error(set.message);
    expect((JSON.parse(set.text) as { flags: Record<string, unknown> }).flags.b).toEqual(b.flag);
    expect(set.published.get('b')).toEqual({ source: 'lastGood', hash: b.hash });
  });

  it('prefers the current version over the last good one', () => {
    const set = assembleFlagSet([{ key: 'b', compiled: b2, lastGood: b }]);
    expect(set.ok && set.published.get('b')).toEqual({ source: 'current', hash: b2.hash });
  });

  it('looks up a lazily given last good version only when the current one is not taken', () => {
    let loads = 0;
    const load = () => {
      loads++;
      return b;
    };
    const taken = assembleFlagSet([{ key: 'b', compiled: b2, loadLastGood: load }]);
    expect(taken.ok && taken.published.get('b')).toEqual({ source: 'current', hash: b2.hash });
    expect(loads).toBe(0);
    const fallback = assembleFlagSet([{ key: 'b', loadLastGood: load }]);
    expect(fallback.ok && fallback.published.get('b')).toEqual({ source: 'lastGood', hash: b.hash });
    expect(loads).toBe(1);
  });

  it('leaves out an invalid flag with no last good version', () => {
    const set = assembleFlagSet([
      { key: 'a', compiled: a },
      { key: 'x', id: 'x' },
    ]);
    if (!set.ok) throw new Error(set.message);
    expect(Object.keys((JSON.parse(set.text) as { flags: object }).flags)).toEqual(['a']);
    expect(set.dropped).toEqual([
      { key: 'x', id: 'x', reason: 'Invalid', message: 'invalid and no earlier version was published' },
    ]);
  });

  it('gives a key to the first flag (by order) and drops the other', () => {
    const set = assembleFlagSet([
      { key: 'k', id: 'newer', order: '2026-02-01T00:00:00Z', compiled: { ...b, key: 'k' } },
      { key: 'k', id: 'older', order: '2026-01-01T00:00:00Z', compiled: { ...a, key: 'k' } },
    ]);
    if (!set.ok) throw new Error(set.message);
    expect(set.published.get('k')?.hash).toBe(a.hash);
    expect(set.dropped).toEqual([
      {
        key: 'k',
        id: 'newer',
        reason: 'DuplicateKey',
        message: 'flag key "k" is already used by FeatureFlag older of this flag set',
      },
    ]);
  });

  it('settles an evaluator conflict by order, falling back to the last good version', () => {
    const first = withEvaluator(a, 'seg', '{"==":[1,1]}');
    const second = withEvaluator(b2, 'seg', '{"==":[1,2]}');
    const secondGood = withEvaluator(b, 'seg', '{"==":[1,1]}');
    const set = assembleFlagSet([
      { key: 'a', compiled: first, order: '1' },
      { key: 'b', compiled: second, lastGood: secondGood, order: '2' },
    ]);
    if (!set.ok) throw new Error(set.message);
    expect(set.published.get('b')).toMatchObject({
      source: 'lastGood',
      conflict: 'evaluator "seg" differs from the one flag "a" publishes',
    });
    expect((JSON.parse(set.text) as { $evaluators: unknown }).$evaluators).toEqual({ seg: { '==': [1, 1] } });
    const none = assembleFlagSet([
      { key: 'a', compiled: first, order: '1' },
      { key: 'b', id: 'b', compiled: second, order: '2' },
    ]);
    expect(none.ok && none.dropped.map((d) => d.reason)).toEqual(['EvaluatorConflict']);
  });

  it('refuses a set over the size limit, naming the size', () => {
    const big = compiled('big', { variants: { on: 'x'.repeat(60_000), off: 'y' }, defaultVariant: 'off' });
    const entries = Array.from({ length: 16 }, (_, i) => ({
      key: `big-${i}`,
      compiled: { ...big, key: `big-${i}` },
    }));
    const set = assembleFlagSet(entries);
    expect(set.ok).toBe(false);
    if (set.ok) return;
    expect(set.reason).toBe('TooLarge');
    expect(set.limit).toBe(MAX_FLAG_SET_BYTES);
    expect(set.bytes).toBeGreaterThan(MAX_FLAG_SET_BYTES);
    expect(set.message).toMatch(/^flag set is 93\d\.\d KiB serialised, over the 900\.0 KiB limit/);
    expect(assembleFlagSet(entries.slice(0, 14)).ok).toBe(true);
  });

  it('writes an empty but valid document when no flag can be published', () => {
    const set = assembleFlagSet([{ key: 'x' }]);
    expect(set.ok && flagdSchemaErrors(JSON.parse(set.text))).toEqual([]);
  });
});
