import { describe, expect, it } from 'vitest';
import { NotANumber } from '../../../../src/sdk/jsonlogic/ops-compare.js';
import { RuleCompileError } from '../../../../src/sdk/jsonlogic/types.js';
import { run } from './run.js';

const ctx = { age: 30, s5: '5', name: 'bob', nil: null, t: true, list: [1] };

describe('comparisons (flagd JS core semantics)', () => {
  it.each([
    ['== numbers', { '==': [{ var: 'age' }, 30] }, true],
    ['== loose string/number', { '==': [{ var: 's5' }, 5] }, true],
    ['=== is strict', { '===': [{ var: 's5' }, 5] }, false],
    ['=== same string', { '===': [{ var: 'name' }, 'bob'] }, true],
    ['!= strings', { '!=': [{ var: 'name' }, 'ann'] }, true],
    ['!== strict', { '!==': [{ var: 's5' }, 5] }, true],
    ['== null and null', { '==': [{ var: 'nil' }, null] }, true],
    ['== null and 0 (null against falsy)', { '==': [{ var: 'nil' }, 0] }, true],
    ['== 0 and null', { '==': [0, { var: 'nil' }] }, true],
    ['== true and 1', { '==': [{ var: 't' }, 1] }, true],
    ['== string and null', { '==': [{ var: 'name' }, null] }, false],
    ['< numbers', { '<': [{ var: 'age' }, 31] }, true],
    ['< equal', { '<': [{ var: 'age' }, 30] }, false],
    ['<= equal', { '<=': [{ var: 'age' }, 30] }, true],
    ['> numbers', { '>': [{ var: 'age' }, 18] }, true],
    ['>= numbers', { '>=': [{ var: 'age' }, 31] }, false],
    ['< numeric string vs number', { '<': [{ var: 's5' }, 10] }, true],
    ['< strings compare as strings', { '<': ['10', { var: 's5' }] }, true],
    ['< missing (null) vs number', { '<': [{ var: 'nope' }, 1] }, true],
    ['> missing (null) vs negative', { '>': [{ var: 'nope' }, -1] }, true],
    ['between exclusive, inside', { '<': [18, { var: 'age' }, 65] }, true],
    ['between exclusive, on edge', { '<': [30, { var: 'age' }, 65] }, false],
    ['between inclusive, on edge', { '<=': [30, { var: 'age' }, 30] }, true],
    ['between inclusive, outside', { '<=': [31, { var: 'age' }, 40] }, false],
  ])('%s', (_name, rule, expected) => {
    expect(run(rule, ctx)).toBe(expected);
  });

  it.each([
    ['non-numeric string against a number', { '<': [{ var: 'name' }, 5] }],
    ['number against non-numeric string', { '==': [{ var: 'age' }, { var: 'name' }] }],
    ['array against a number', { '>': [{ var: 'list' }, 0] }],
  ])('%s fails the evaluation', (_name, rule) => {
    expect(() => run(rule, ctx)).toThrow(NotANumber);
  });

  it.each([[{ '<': [1] }], [{ '==': 1 }]])('%j is a compile error', (rule) => {
    expect(() => run(rule)).toThrow(RuleCompileError);
  });

  it('a constant comparison that fails is a compile error, as flagd folds constants', () => {
    expect(() => run({ '<': ['abc', 1] })).toThrow(RuleCompileError);
  });
});
