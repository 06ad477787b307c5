import { describe, expect, it } from 'vitest';
import { run } from './run.js';

const ctx = { nums: [1, 2, 3], empty: [], people: [{ age: 20 }, { age: 40 }], limit: 2 };

describe('some / all / none / map / filter / reduce', () => {
  it.each([
    ['some true', { some: [{ var: 'nums' }, { '>': [{ var: '' }, 2] }] }, true],
    ['some false', { some: [{ var: 'nums' }, { '>': [{ var: '' }, 5] }] }, false],
    ['some of empty', { some: [{ var: 'empty' }, true] }, false],
    ['some of missing list', { some: [{ var: 'nope' }, true] }, false],
    ['all true', { all: [{ var: 'nums' }, { '>': [{ var: '' }, 0] }] }, true],
    ['all false', { all: [{ var: 'nums' }, { '>': [{ var: '' }, 1] }] }, false],
    ['all of empty is false', { all: [{ var: 'empty' }, true] }, false],
    ['none true', { none: [{ var: 'nums' }, { '>': [{ var: '' }, 5] }] }, true],
    ['none false', { none: [{ var: 'nums' }, { '==': [{ var: '' }, 2] }] }, false],
    ['var inside reads the element', { some: [{ var: 'people' }, { '>': [{ var: 'age' }, 30] }] }, true],
  ])('%s', (_name, rule, expected) => {
    expect(run(rule, ctx)).toBe(expected);
  });

  it.each([
    ['map', { map: [{ var: 'nums' }, { '*': [{ var: '' }, 2] }] }, [2, 4, 6]],
    ['map of missing list', { map: [{ var: 'nope' }, 1] }, []],
    ['filter', { filter: [{ var: 'nums' }, { '>=': [{ var: '' }, 2] }] }, [2, 3]],
    [
      'reduce with initial',
      { reduce: [{ var: 'nums' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 10] },
      16,
    ],
    [
      'reduce without initial',
      { reduce: [{ var: 'nums' }, { '*': [{ var: 'current' }, { var: 'accumulator' }] }] },
      6,
    ],
    [
      'filter then count',
      {
        reduce: [
          { filter: [{ var: 'people' }, { '>': [{ var: 'age' }, 30] }] },
          { '+': [1, { var: 'accumulator' }] },
          0,
        ],
      },
      1,
    ],
  ])('%s', (_name, rule, expected) => {
    expect(run(rule, ctx)).toEqual(expected);
  });
});
