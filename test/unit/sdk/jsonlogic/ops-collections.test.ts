import { describe, expect, it } from 'vitest';
import { OperandError } from '../../../../src/sdk/jsonlogic/ops-collections.js';
import { run } from './run.js';

const users = Array.from({ length: 1000 }, (_, i) => `user-${i}`);
const ctx = {
  plan: 'premium',
  email: 'ann@company.com',
  tags: ['a', 'b'],
  n: 3,
  nil: null,
  key: 'user-999',
  s: 'hello',
};

describe('in', () => {
  it.each([
    ['value in literal list', { in: [{ var: 'plan' }, ['free', 'premium']] }, true],
    ['value not in literal list', { in: [{ var: 'plan' }, ['free']] }, false],
    ['1,000-key user list, last key', { in: [{ var: 'key' }, users] }, true],
    ['1,000-key user list, absent key', { in: ['user-1000', users] }, false],
    ['list membership is type-strict', { in: [{ var: 'n' }, ['3']] }, false],
    ['number in number list', { in: [{ var: 'n' }, [1, 2, 3]] }, true],
    ['substring', { in: ['company', { var: 'email' }] }, true],
    ['not a substring', { in: ['corp', { var: 'email' }] }, false],
    ['list from the context', { in: ['b', { var: 'tags' }] }, true],
    ['missing haystack → false', { in: ['x', { var: 'nope' }] }, false],
    ['missing needle in a list → false', { in: [{ var: 'nope' }, ['a']] }, false],
    ['null in a list with null', { in: [{ var: 'nope' }, [null]] }, true],
  ])('%s', (_name, rule, expected) => {
    expect(run(rule, ctx)).toBe(expected);
  });

  it('a number haystack fails the evaluation', () => {
    expect(() => run({ in: ['3', { var: 'n' }] }, ctx)).toThrow(OperandError);
  });
});

describe('cat, substr, merge', () => {
  it.each([
    ['cat strings', { cat: ['a', { var: 'plan' }] }, 'apremium'],
    ['cat numbers', { cat: [{ var: 'n' }, 1] }, '31'],
    ['cat a single value', { cat: { var: 'plan' } }, 'premium'],
    ['cat prints null as "null" (flagd JS)', { cat: ['a', { var: 'nil' }] }, 'anull'],
    ['cat three parts', { cat: ['a', '-', { var: 'n' }] }, 'a-3'],
    ['substr from start', { substr: [{ var: 's' }, 1] }, 'ello'],
    ['substr negative start', { substr: [{ var: 's' }, -3] }, 'llo'],
    ['substr with length', { substr: [{ var: 's' }, 1, 3] }, 'ell'],
    ['substr negative length drops the end', { substr: [{ var: 's' }, 0, -1] }, 'hell'],
    ['substr both negative', { substr: [{ var: 's' }, -4, -1] }, 'ell'],
  ])('%s', (_name, rule, expected) => {
    expect(run(rule, ctx)).toBe(expected);
  });

  it('substr of a non-string fails the evaluation', () => {
    expect(() => run({ substr: [{ var: 'n' }, 1] }, ctx)).toThrow(OperandError);
  });

  it.each([
    ['merge flattens one level', { merge: [[1, 2], 3, [[4]]] }, [1, 2, 3, [4]]],
    ['merge with context lists', { merge: [{ var: 'tags' }, 'c'] }, ['a', 'b', 'c']],
    ['merge nothing', { merge: [] }, []],
  ])('%s', (_name, rule, expected) => {
    expect(run(rule, ctx)).toEqual(expected);
  });
});

describe('missing, missing_some', () => {
  const data = { a: 1, b: { c: null }, z: 0, e: '' };
  it.each([
    ['none missing', { missing: ['a', 'z', 'e'] }, []],
    ['some missing, in order', { missing: ['x', 'a', 'y'] }, ['x', 'y']],
    ['a null value counts as present (flagd JS)', { missing: ['b.c'] }, []],
    ['dotted path missing', { missing: ['b.d'] }, ['b.d']],
    ['missing_some satisfied', { missing_some: [1, ['a', 'x']] }, []],
    ['missing_some not satisfied', { missing_some: [2, ['a', 'x', 'y']] }, ['x', 'y']],
  ])('%s', (_name, rule, expected) => {
    expect(run(rule, data)).toEqual(expected);
  });
});
