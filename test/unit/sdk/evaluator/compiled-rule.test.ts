import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompiledFlag } from '../../../../src/sdk/evaluator/compiled-flag.js';
import { compileTargeting } from '../../../../src/sdk/evaluator/compiled-rule.js';
import type { RuleCache } from '../../../../src/sdk/evaluator/compiled-rule.js';
import type { Outcome } from '../../../../src/sdk/evaluator/outcome.js';
import type { FlagDefinition } from '../../../../src/sdk/types.js';

const compile = (rule: unknown, key = 'f', cache?: RuleCache) =>
  compileTargeting(rule, key, JSON.stringify(rule), cache);

describe('compileTargeting — literal if branches', () => {
  it.each([
    ['if with then/else', { if: [{ var: 'a' }, 'on', 'off'] }, 1, ['on', 'off']],
    ['if without else → else null', { if: [{ var: 'a' }, 'on'] }, 1, ['on', null]],
    ['chained if', { if: [{ var: 'a' }, 'x', { var: 'b' }, 'y', 'z'] }, 2, ['x', 'y', 'z']],
    ['?: alias, numbers and booleans', { '?:': [{ var: 'a' }, 1, true] }, 1, [1, true]],
    ['null result', { if: [{ var: 'a' }, null, 'off'] }, 1, [null, 'off']],
  ])('%s', (_name, rule, conditions, results) => {
    const r = compile(rule);
    expect(r.branches?.conditions).toHaveLength(conditions);
    expect(r.branches?.results).toEqual(results);
  });

  it.each([
    ['a computed result', { if: [{ var: 'a' }, { var: 'b' }, 'off'] }],
    ['an array result', { if: [{ var: 'a' }, [1, 2], 'off'] }],
    ['one argument (not a conditional)', { if: ['on'] }],
    ['not an if', { fractional: [['on', 1]] }],
    ['a literal rule', 'on'],
  ])('no branches for %s', (_name, rule) => {
    expect(compile(rule).branches).toBeUndefined();
  });
});

describe('compileTargeting — sharing identical rules', () => {
  it('flags with the same rule share one compiled tree', () => {
    const cache: RuleCache = new Map();
    const rule = { if: [{ in: [{ var: 'plan' }, ['a', 'b']] }, 'on', 'off'] };
    expect(compile(rule, 'x', cache)).toBe(compile(structuredClone(rule), 'y', cache));
    expect(compile({ if: [{ var: 'other' }, 'on'] }, 'z', cache)).not.toBe(compile(rule, 'x', cache));
  });

  it.each([
    [
      'fractional (hashes the flag key)',
      {
        fractional: [
          ['on', 50],
          ['off', 50],
        ],
      },
    ],
    ['$flagd.flagKey', { '==': [{ var: '$flagd.flagKey' }, 'x'] }],
    ['the whole root', { '!!': { var: '' } }],
    ['the whole root, list form', { '!!': { var: [null, 1] } }],
  ])('rules that read the flag key are not shared: %s', (_name, rule) => {
    const cache: RuleCache = new Map();
    expect(compile(rule, 'x', cache)).not.toBe(compile(rule, 'y', cache));
  });

  it('a shared fractional-free rule still answers per flag', () => {
    const cache: RuleCache = new Map();
    const def = (defaultVariant: string): FlagDefinition => ({
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant,
      targeting: { if: [{ '==': [{ var: 'k' }, 1] }, 'on', null] },
    });
    const a = new CompiledFlag('a', def('off'), {}, {}, cache);
    const b = new CompiledFlag('b', def('on'), {}, {}, cache);
    expect(cache.size).toBe(1);
    expect(a.resolve({ k: 2 }).details?.value).toBe(false);
    expect(b.resolve({ k: 2 }).details?.value).toBe(true);
    expect(a.resolve({ k: 1 }).details?.variant).toBe('on');
  });
});

/** The caller-visible part of an outcome. */
const view = (o: Outcome): unknown =>
  o.details ? { ...o.details } : { reason: o.reason, code: o.errorCode, message: o.errorMessage };

// The fast path must answer exactly as the generic tree does. Wrapping the
// rule in a one-element `or` returns the same value through the generic path.
describe('literal-branch fast path ≡ generic evaluation', () => {
  const leaf = fc.constantFrom<unknown>(
    { var: 'a' },
    { '==': [{ var: 'n' }, 1] },
    { in: [{ var: 'plan' }, ['pro', 'team']] },
    { in: [{ var: 'a' }, [null, 0, '']] },
    { in: [{ var: ['plan'] }, ['pro'], 'extra'] },
    { in: [{ var: 'email' }, '@x.com'] },
    { in: [{ var: 'a' }, { var: 'plan' }] },
    { '<': [{ var: 'name' }, 5] },
    {
      fractional: [
        ['on', 50],
        ['off', 50],
      ],
    },
    { ends_with: [{ var: 'email' }, '@x.com'] },
    { ends_with: [{ var: 'a' }, ''] },
    { starts_with: [{ var: 'email' }, 'a@'] },
    { starts_with: [{ var: ['name'] }, 'al'] },
    { ends_with: [{ var: 'email' }] },
    { ends_with: [{ var: 'user.name' }, 'e'] },
    { ends_with: [{ var: ['missing', 'dflt'] }, 'flt'] },
    { starts_with: [{ var: '$flagd.flagKey' }, 'k'] },
    true,
    false,
    [],
  );
  // `and`/`or`/`!`/`!!` over leaves and each other: the shapes the predicate compiler fuses.
  const { condition } = fc.letrec((tie) => ({
    condition: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({ and: fc.array(tie('condition'), { maxLength: 3 }) }),
      fc.record({ or: fc.array(tie('condition'), { maxLength: 3 }) }),
      tie('condition').map((c) => ({ '!': c })),
      tie('condition').map((c) => ({ '!!': [c] })),
    ),
  }));
  const result = fc.constantFrom<unknown>('on', 'off', 'blue', null, true, 1, 'missing');
  const rule = fc
    .tuple(fc.array(fc.tuple(condition, result), { minLength: 1, maxLength: 3 }), fc.option(result))
    .map(([pairs, last]) => ({
      if: [...pairs.flat(), ...(last === null ? [] : [last])],
    }));
  const ctx = fc.record(
    {
      a: fc.constantFrom<unknown>(0, 1, '', 'x', [], {}, null, 'pro'),
      user: fc.constantFrom<unknown>({ name: 'joe' }, { name: 1 }, null, 'x'),
      n: fc.constantFrom(0, 1),
      plan: fc.constantFrom('free', 'pro', 'team'),
      name: fc.constantFrom('bob', 'alice'),
      email: fc.constantFrom<unknown>('a@x.com', 'b@y.org', 1, null, ['a@x.com']),
      missing: fc.constantFrom<unknown>('dflt', 'x'),
      targetingKey: fc.string({ maxLength: 6 }),
    },
    { requiredKeys: [] },
  );

  it.each([false, true])('reportSplit=%s', (reportSplit) => {
    fc.assert(
      fc.property(rule, fc.array(ctx, { minLength: 1, maxLength: 5 }), (targeting, contexts) => {
        const def = (t: unknown): FlagDefinition => ({
          state: 'ENABLED',
          variants: { on: true, off: false, blue: 'blue', true: 't', 1: 'one' },
          defaultVariant: 'off',
          targeting: t,
        });
        const fast = new CompiledFlag('k', def(targeting), {}, { reportSplit }, new Map());
        const generic = new CompiledFlag('k', def({ or: [targeting] }), {}, { reportSplit });
        for (const c of contexts) expect(view(fast.resolve(c))).toEqual(view(generic.resolve(c)));
      }),
      { numRuns: 2000 },
    );
  });
});
