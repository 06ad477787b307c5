import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALLOWED_OPERATORS, checkTargeting, type CheckContext } from '../../../src/flags/jsonlogic-check.js';
import { flagdSchemaErrors } from './support.js';

function check(targeting: unknown, variants: string[] = ['on', 'off']) {
  const cx: CheckContext = { variants, refs: new Map(), issues: [] };
  checkTargeting(targeting, ['spec', 'targeting'], cx);
  return cx;
}

/** The same targeting in a one-flag document, against flagd's schema. */
function schemaValid(targeting: unknown): boolean {
  const doc = {
    flags: { f: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', targeting } },
    $evaluators: { seg: { '==': [1, 1] } },
  };
  return flagdSchemaErrors(doc).length === 0;
}

const v = { var: 'x' };

describe('checkTargeting', () => {
  it.each<[string, unknown]>([
    ['empty targeting', {}],
    ['if with else-if arguments', { if: [{ '==': [v, 1] }, 'on', { '==': [v, 2] }, 'off', null] }],
    ['in over a list', { in: [v, ['a', 'b']] }],
    ['substring in', { in: ['a', v] }],
    ['between', { '<': [1, v, 3] }],
    ['unary without a list', { '!': v }],
    ['var with a default', { if: [{ var: ['x', 0] }, 'on', 'off'] }],
    ['$flagd.flagKey', { '==': [{ var: '$flagd.flagKey' }, 'f'] }],
    ['starts_with', { starts_with: [v, 'a'] }],
    ['sem_ver', { sem_ver: [v, '^', '1.2.3'] }],
    [
      'fractional shorthand',
      {
        fractional: [
          ['on', 50],
          ['off', 50],
        ],
      },
    ],
    [
      'fractional with a bucketing key',
      { fractional: [{ cat: [{ var: '$flagd.flagKey' }, { var: 'email' }] }, ['on', 1], ['off', 1]] },
    ],
    ['fractional with a default weight', { fractional: [['on'], ['off']] }],
    ['a $ref as an argument', { if: [{ $ref: 'seg' }, 'on', null] }],
    ['missing', { missing: ['a', 'b'] }],
    ['missing_some', { missing_some: [1, ['a', 'b']] }],
    ['reduce', { reduce: [[1, 2], { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 0] }],
  ])("accepts %s (and so does flagd's schema)", (_n, targeting) => {
    expect(check(targeting).issues).toEqual([]);
    expect(schemaValid(targeting)).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['an unknown operator', { regex: [v, '.*'] }, 'spec.targeting'],
    [
      'an unknown operator deep inside',
      { if: [{ and: [{ matches: [v, 'x'] }] }, 'on', null] },
      'spec.targeting.if[0].and[0]',
    ],
    ['two operators in one rule', { '==': [1, 1], '!=': [1, 2] }, 'spec.targeting'],
    ['== with three arguments', { '==': [1, 1, 1] }, 'spec.targeting["=="]'],
    ['an empty object as an argument', { and: [{}] }, 'spec.targeting.and[0]'],
    ['a bare $ref as the whole targeting', { $ref: 'seg' }, 'spec.targeting'],
    ['a primitive as the whole targeting', 'on', 'spec.targeting'],
    ['an unknown $flagd property', { '==': [{ var: '$flagd.secret' }, 1] }, 'spec.targeting["=="][0].var'],
    ['a sem_ver operator that does not exist', { sem_ver: [v, '~>', '1.0.0'] }, 'spec.targeting.sem_ver[1]'],
    ['a sem_ver version flagd cannot read', { sem_ver: [v, '>=', '1.0'] }, 'spec.targeting.sem_ver[2]'],
    ['starts_with on a number', { starts_with: [v, 1] }, 'spec.targeting.starts_with[1]'],
    ['fractional with one bucket', { fractional: [['on', 1]] }, 'spec.targeting.fractional'],
    [
      'fractional weights summing to 0',
      {
        fractional: [
          ['on', 0],
          ['off', 0],
        ],
      },
      'spec.targeting.fractional',
    ],
    [
      'a fractional weight that is not whole',
      {
        fractional: [
          ['on', 0.5],
          ['off', 1],
        ],
      },
      'spec.targeting.fractional[0][1]',
    ],
    [
      'a fractional bucket that is not a variant',
      {
        fractional: [
          ['on', 1],
          ['maybe', 1],
        ],
      },
      'spec.targeting.fractional[1][0]',
    ],
    ['an if result that is not a variant', { if: [{ '==': [v, 1] }, 'yes', 'off'] }, 'spec.targeting.if[1]'],
    ['an else that is not a variant', { if: [{ '==': [v, 1] }, 'on', 'nope'] }, 'spec.targeting.if[2]'],
  ])('reports %s at its path', (_n, targeting, path) => {
    expect(check(targeting).issues.map((i) => i.path)).toContain(path);
  });

  it('collects $refs with where they are', () => {
    const cx = check({ or: [{ $ref: 'a' }, { and: [{ $ref: 'b' }, { $ref: 'a' }] }] });
    expect([...cx.refs]).toEqual([
      ['a', ['spec', 'targeting', 'or', 0, '$ref']],
      ['b', ['spec', 'targeting', 'or', 1, 'and', 0, '$ref']],
    ]);
  });

  it("knows exactly the operators of flagd's targeting schema", () => {
    expect(ALLOWED_OPERATORS).toEqual(
      [
        '!',
        '!!',
        '!=',
        '!==',
        '%',
        '*',
        '+',
        '-',
        '/',
        '<',
        '<=',
        '==',
        '===',
        '>',
        '>=',
        'all',
        'and',
        'cat',
        'ends_with',
        'filter',
        'fractional',
        'if',
        'in',
        'map',
        'max',
        'merge',
        'min',
        'missing',
        'missing_some',
        'none',
        'or',
        'reduce',
        'sem_ver',
        'some',
        'starts_with',
        'substr',
        'var',
      ].sort(),
    );
  });

  it("never accepts what flagd's schema rejects (random JsonLogic)", () => {
    const leaf = fc.oneof(
      fc.constantFrom('on', 'off', 'x'),
      fc.integer({ min: -3, max: 3 }),
      fc.boolean(),
      fc.constant(null),
      fc.constant({ var: 'x' }),
      fc.constant({ $ref: 'seg' }),
      fc.constant({}),
    );
    const ops = [...ALLOWED_OPERATORS, 'regex', 'log'];
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        tie('rule'),
        fc.array(tie('tree'), { maxLength: 3 }),
      ),
      rule: fc
        .tuple(fc.constantFrom(...ops), fc.array(tie('tree'), { maxLength: 4 }))
        .map(([op, args]) => ({ [op]: args })),
    }));
    fc.assert(
      fc.property(tree, (t) => {
        if (check(t, ['on', 'off', 'x']).issues.length === 0) expect(schemaValid(t)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
