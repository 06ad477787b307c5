/**
 * Properties of the flag compiler over generated FeatureFlags: valid specs
 * compile to flag sets valid against flagd's schema that Fledge's SDK
 * evaluates without error, exactly as @openfeature/flagd-core does; broken specs give issues with paths and never
 * throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlagCondition } from '../../../src/api/flag-condition.js';
import { compileFeatureFlag } from '../../../src/flags/compile.js';
import { assembleFlagSet } from '../../../src/flags/flag-set.js';
import { buildSegmentPool } from '../../../src/flags/segments.js';
import type { FlagValue } from '../../../src/sdk/types.js';
import { featureFlag, flagdCore, flagdSchemaErrors, sdkEval } from './support.js';

const SEGMENTS: Record<string, FlagCondition> = {
  staff: { attribute: 'email', endsWith: '@company.com' },
  beta: { any: [{ segment: 'staff' }, { attribute: 'plan', in: ['beta'] }] },
};
const { pool } = buildSegmentPool([{ key: 'seg-owner', segments: SEGMENTS }]);

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '@', '.', '-'), minLength: 1, maxLength: 5 });
const attribute = fc.constantFrom('email', 'plan', 'targetingKey', 'age', 'user.country', 'appVersion');
const scalar = fc.oneof(word, fc.integer({ min: -5, max: 100 }), fc.boolean());
const glob = fc.oneof(
  word,
  word.map((w) => `*${w}`),
  word.map((w) => `${w}*`),
  word.map((w) => `*${w}*`),
  fc.tuple(word, word).map(([p, s]) => `${p}*${s}`),
);
const version = fc
  .tuple(fc.nat(20), fc.option(fc.nat(20), { nil: undefined }), fc.option(fc.nat(20), { nil: undefined }))
  .map(([a, b, c]) => [a, b, c].filter((x) => x !== undefined).join('.'));
const stringAttribute = fc.constantFrom('email', 'plan', 'targetingKey', 'user.country');
// Each test on an attribute of the type it compares: JsonLogic comparing a
// non-numeric string with a number is an evaluation ERROR in flagd and in
// Fledge's SDK alike (a documented limit, not something the compiler hides).
const test = fc.oneof(
  fc.tuple(attribute, scalar).map(([a, equals]) => ({ attribute: a, equals })),
  fc.tuple(attribute, fc.array(scalar, { maxLength: 4 })).map(([a, v]) => ({ attribute: a, in: v })),
  fc.tuple(attribute, fc.array(scalar, { maxLength: 4 })).map(([a, v]) => ({ attribute: a, notIn: v })),
  fc.tuple(stringAttribute, word).map(([a, startsWith]) => ({ attribute: a, startsWith })),
  fc.tuple(stringAttribute, word).map(([a, endsWith]) => ({ attribute: a, endsWith })),
  fc.tuple(stringAttribute, glob).map(([a, matches]) => ({ attribute: a, matches })),
  fc
    .tuple(fc.constantFrom('lt', 'lte', 'gt', 'gte'), fc.integer({ min: -10, max: 100 }))
    .map(([op, n]) => ({ attribute: 'age', [op]: n })),
  fc
    .tuple(fc.constantFrom('=', '!=', '<', '<=', '>', '>=', '^', '~'), version)
    .map(([op, v]) => ({ attribute: 'appVersion', semver: { op, version: v } })),
);
const { condition } = fc.letrec<{ condition: FlagCondition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    test.map((t) => t as FlagCondition),
    fc.constantFrom('staff', 'beta').map((segment) => ({ segment })),
    fc.array(tie('condition'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('condition'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
    tie('condition').map((not) => ({ not })),
  ),
}));

const variantSets = fc.constantFrom<Record<string, unknown>>(
  { on: true, off: false },
  { a: 'A', b: 'B', c: 'C' },
  { small: 1, big: 1000 },
  { x: { color: 'red' }, y: { color: 'blue', size: [1, 2] } },
);

const validSpec = variantSets.chain((variants) => {
  const names = Object.keys(variants);
  const variant = fc.constantFrom(...names);
  const rules = fc
    .array(fc.record({ when: condition, variant }), { maxLength: 4 })
    .map((rs) => rs.map((r, i) => ({ name: `r${i}`, ...r })));
  const split = fc.oneof(
    fc.constant({}),
    fc
      .tuple(fc.integer({ min: 0, max: 100 }), variant)
      .map(([percentage, v]) => ({ rollout: { percentage, variant: v } })),
    fc
      .uniqueArray(fc.record({ variant, weight: fc.integer({ min: 1, max: 1000 }) }), {
        selector: (d) => d.variant,
        minLength: 1,
      })
      .map((distribution) => ({ distribution })),
  );
  return fc
    .tuple(variant, rules, split, fc.constantFrom('ENABLED', 'DISABLED'))
    .map(([defaultVariant, rs, s, state]) => ({
      variants,
      defaultVariant,
      state,
      ...(rs.length ? { rules: rs } : {}),
      ...s,
    }));
});

const context = fc.record(
  {
    targetingKey: word,
    email: fc.oneof(
      word,
      word.map((w) => `${w}@company.com`),
    ),
    plan: fc.constantFrom('beta', 'free'),
    age: fc.integer({ min: 0, max: 90 }),
    appVersion: version.map((v) => `${v}.0.0`.split('.').slice(0, 3).join('.')),
  },
  { requiredKeys: [] },
);

describe('compile (properties)', () => {
  it("valid specs compile to flag sets that flagd's schema accepts and the SDK evaluates without error", () => {
    fc.assert(
      fc.property(validSpec, context, (spec, ctx) => {
        const r = compileFeatureFlag(featureFlag({ name: 'f', spec }), { segments: pool });
        if (!r.ok) throw new Error(`did not compile: ${JSON.stringify(r.issues)}\n${JSON.stringify(spec)}`);
        const set = assembleFlagSet([{ key: 'f', compiled: r.compiled }]);
        expect(set.ok).toBe(true);
        if (!set.ok) return;
        expect(flagdSchemaErrors(JSON.parse(set.text))).toEqual([]);
        const def = (spec.variants as Record<string, FlagValue>)[spec.defaultVariant] as FlagValue;
        const result = sdkEval(set.text, 'f', ctx, def);
        expect(result.reason).not.toBe('ERROR');
        // flagd's reference JS evaluator reads the same document the same way.
        const core = flagdCore(set.text);
        const theirs =
          typeof def === 'boolean'
            ? core.resolveBooleanEvaluation('f', def, ctx)
            : typeof def === 'string'
              ? core.resolveStringEvaluation('f', def, ctx)
              : typeof def === 'number'
                ? core.resolveNumberEvaluation('f', def, ctx)
                : core.resolveObjectEvaluation('f', def as never, ctx);
        expect([result.value, result.variant, result.reason]).toEqual([
          theirs.value,
          theirs.variant,
          theirs.reason,
        ]);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  const breakIt = fc.oneof(
    fc.constant((s: Record<string, unknown>) => ({ ...s, defaultVariant: 'no-such-variant' })),
    fc.constant((s: Record<string, unknown>) => ({
      ...s,
      rollout: { percentage: 101 },
      distribution: undefined,
    })),
    fc.constant((s: Record<string, unknown>) => ({
      ...s,
      variants: { ...(s.variants as object), odd: [1] },
    })),
    fc.constant((s: Record<string, unknown>) => ({
      ...s,
      rules: undefined,
      rollout: undefined,
      distribution: undefined,
      targeting: { regex: [{ var: 'a' }, 'x'] },
    })),
    fc.constant((s: Record<string, unknown>) => ({
      ...s,
      rules: [{ name: 'r', when: { attribute: 'e', matches: 'a*b*c' }, variant: 'x' }],
    })),
    fc.constant((s: Record<string, unknown>) => ({
      ...s,
      rules: [{ name: 'r', when: { segment: 'nope' }, variant: s.defaultVariant }],
    })),
    fc
      .tuple(
        fc.constantFrom('state', 'variants', 'rules', 'rollout', 'targeting', 'flagSet', 'expires'),
        fc.anything(),
      )
      .map(([k, junk]) => (s: Record<string, unknown>) => ({ ...s, [k]: junk ?? 'junk' })),
  );

  it('broken specs give issues with field paths and never throw', () => {
    fc.assert(
      fc.property(validSpec, breakIt, (spec, mutate) => {
        const broken = mutate(spec);
        const r = compileFeatureFlag(featureFlag({ name: 'f', spec: broken }), { segments: pool });
        if (r.ok) {
          // fc.anything() can produce a value that happens to be valid; it must then be schema-valid too.
          const set = assembleFlagSet([{ key: 'f', compiled: r.compiled }]);
          expect(set.ok && flagdSchemaErrors(JSON.parse(set.text))).toEqual([]);
          return;
        }
        expect(r.issues.length).toBeGreaterThan(0);
        for (const i of r.issues) {
          expect(i.path).toMatch(/^(spec|metadata|\(root\))/);
          expect(i.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
