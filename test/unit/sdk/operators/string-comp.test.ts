import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../../src/sdk/jsonlogic/compile.js';
import { endsWith, startsWith } from '../../../../src/sdk/operators/string-comp.js';

describe('starts_with / ends_with cores', () => {
  it.each([
    [startsWith, 'abcdef', 'abc', true],
    [startsWith, 'abcdef', 'def', false],
    [startsWith, 'abc', '', true],
    [startsWith, 'abc', 3, null],
    [startsWith, 3, '3', null],
    [startsWith, null, 'a', null],
    [endsWith, 'ann@company.com', '@company.com', true],
    [endsWith, 'ann@company.co', '@company.com', false],
    [endsWith, 'abc', 'C', false],
    [endsWith, ['abc'], 'c', null],
  ])('%o(%j, %j) → %j', (fn, value, affix, expected) => {
    expect(fn(value, affix)).toBe(expected);
  });
});

describe('as rules (flagd-testbed starts-ends-flag)', () => {
  const targeting = {
    if: [
      { starts_with: [{ var: 'id' }, 'abc'] },
      'prefix',
      {
        if: [
          { ends_with: [{ var: 'id' }, 'xyz'] },
          'postfix',
          { if: [{ ends_with: [{ var: 'id' }, 3] }, 'fail', 'none'] },
        ],
      },
    ],
  };
  it.each([
    ['abcdef', 'prefix'],
    ['uvwxyz', 'postfix'],
    ['abcxyz', 'prefix'],
    ['lmnopq', 'none'],
    [3, 'none'],
  ])('id %j → %s', (id, expected) => {
    const node = compileRule(targeting, 'starts-ends-flag');
    expect(node({ id }, { ctx: { id }, split: false })).toBe(expected);
  });

  it('wrong arity is null', () => {
    const node = compileRule({ starts_with: ['a'] }, 'f');
    expect(node({}, { ctx: {}, split: false })).toBeNull();
  });
});
