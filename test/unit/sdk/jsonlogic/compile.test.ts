import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../../src/sdk/jsonlogic/compile.js';
import { isStatic } from '../../../../src/sdk/jsonlogic/static.js';
import { RuleCompileError } from '../../../../src/sdk/jsonlogic/types.js';
import { truthy } from '../../../../src/sdk/jsonlogic/truthy.js';
import { run } from './run.js';

describe('compileRule', () => {
  it.each([
    ['a literal', 'on', 'on'],
    ['null', null, null],
    ['a number', 3, 3],
    ['an empty object is data', {}, {}],
    ['an array evaluates its items', [{ var: 'a' }, 2], [1, 2]],
  ])('%s', (_name, rule, expected) => {
    expect(run(rule, { a: 1 })).toEqual(expected);
  });

  it.each([
    ['unknown operator', { nope: [1] }, /unknown operator "nope"/],
    ['two operators in one object', { '==': [1, 1], '!=': [1, 2] }, /exactly one operator/],
    ['unknown operator deep inside', { if: [true, { and: [{ bogus: 1 }] }, 'x'] }, /bogus/],
    ['constant that fails', { '/': [1, 0] }, /constant expression/],
  ])('%s is a compile error', (_name, rule, message) => {
    expect(() => compileRule(rule, 'f')).toThrow(RuleCompileError);
    expect(() => compileRule(rule, 'f')).toThrow(message);
  });

  it('folds constant sub-expressions once', () => {
    const node = compileRule({ if: [{ '==': [{ '+': [1, 1] }, 2] }, 'yes', 'no'] }, 'f');
    expect(node(null, { ctx: {}, split: false })).toBe('yes');
  });
});

describe('isStatic', () => {
  it.each([
    [1, true],
    [[1, { '+': [1, 2] }], true],
    [{ var: 'a' }, false],
    [{ '+': [1, { var: 'a' }] }, false],
    [{ missing: ['a'] }, false],
    [{ fractional: [['a', 1]] }, false],
    [{ starts_with: ['ab', 'a'] }, false],
  ])('%j → %s', (expr, expected) => {
    expect(isStatic(expr)).toBe(expected);
  });
});

describe('truthy', () => {
  it.each([
    [0, false],
    ['', false],
    [null, false],
    [undefined, false],
    [false, false],
    [[], false],
    [{}, false],
    [1, true],
    ['0', true],
    [[0], true],
    [{ a: 0 }, true],
    [true, true],
  ])('%j → %s', (v, expected) => {
    expect(truthy(v)).toBe(expected);
  });
});
