import { describe, expect, it } from 'vitest';
import { ArithmeticError } from '../../../../src/sdk/jsonlogic/ops-arith.js';
import { run } from './run.js';

const ctx = { a: 6, b: 4, s: '2', word: 'x', zero: 0, nil: null, list: [1, 2] };

describe('arithmetic', () => {
  it.each([
    ['+ sums', { '+': [{ var: 'a' }, { var: 'b' }, 1] }, 11],
    ['+ coerces numeric strings', { '+': [{ var: 'a' }, { var: 's' }] }, 8],
    ['+ unary casts', { '+': { var: 's' } }, 2],
    ['+ of nothing', { '+': [] }, 0],
    ['+ null counts as 0', { '+': [{ var: 'nil' }, 1] }, 1],
    ['- subtracts left to right', { '-': [{ var: 'a' }, { var: 'b' }, 1] }, 1],
    ['- unary negates', { '-': { var: 'a' } }, -6],
    ['* multiplies', { '*': [{ var: 'a' }, { var: 'b' }] }, 24],
    ['* of nothing', { '*': [] }, 1],
    ['/ divides', { '/': [{ var: 'a' }, { var: 'b' }] }, 1.5],
    ['/ unary is the reciprocal', { '/': [{ var: 'b' }] }, 0.25],
    ['% remainder', { '%': [{ var: 'a' }, { var: 'b' }] }, 2],
    ['min', { min: [{ var: 'a' }, { var: 'b' }, 5] }, 4],
    ['max', { max: [{ var: 'a' }, { var: 'b' }, 5] }, 6],
    ['single-element max', { max: [{ var: 'b' }] }, 4],
    ['constant folded', { '+': [1, 2, 3] }, 6],
  ])('%s', (_name, rule, expected) => {
    expect(run(rule, ctx)).toBe(expected);
  });

  it.each([
    ['+ of a word', { '+': [{ var: 'word' }, 1] }],
    ['+ of a list', { '+': [{ var: 'list' }, 1] }],
    ['/ by zero', { '/': [{ var: 'a' }, { var: 'zero' }] }],
    ['% by zero', { '%': [{ var: 'a' }, { var: 'zero' }] }],
    ['min of a string', { min: [{ var: 's' }, 1] }],
    ['max of nothing', { max: [{ var: 'none' }] }],
    ['- of a word', { '-': [{ var: 'word' }] }],
  ])('%s fails the evaluation', (_name, rule) => {
    expect(() => run(rule, ctx)).toThrow(ArithmeticError);
  });
});
