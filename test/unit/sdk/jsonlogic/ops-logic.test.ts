import { describe, expect, it } from 'vitest';
import { RuleCompileError } from '../../../../src/sdk/jsonlogic/types.js';
import { run } from './run.js';

const ctx = { yes: true, no: false, n: 0, s: 'str', empty: [], full: [1], obj: { k: 1 }, emptyObj: {} };

describe('if / ?:', () => {
  it.each([
    ['then branch', { if: [true, 'a', 'b'] }, 'a'],
    ['else branch', { if: [false, 'a', 'b'] }, 'b'],
    ['else-if chain, second matches', { if: [false, 'a', true, 'b', 'c'] }, 'b'],
    ['else-if chain, none match', { if: [false, 'a', false, 'b', 'c'] }, 'c'],
    ['missing else → null', { if: [false, 'a'] }, null],
    ['even chain without else → null', { if: [false, 'a', false, 'b'] }, null],
    ['single argument is its value', { if: ['only'] }, 'only'],
    ['no arguments → null', { if: [] }, null],
    ['?: is an alias', { '?:': [{ var: 'yes' }, 1, 2] }, 1],
    ['empty array is falsy', { if: [{ var: 'empty' }, 'a', 'b'] }, 'b'],
    ['non-empty array is truthy', { if: [{ var: 'full' }, 'a', 'b'] }, 'a'],
    ['empty object is falsy', { if: [{ var: 'emptyObj' }, 'a', 'b'] }, 'b'],
    ['object is truthy', { if: [{ var: 'obj' }, 'a', 'b'] }, 'a'],
    ['"0" string is truthy', { if: ['0', 'a', 'b'] }, 'a'],
    ['0 is falsy', { if: [{ var: 'n' }, 'a', 'b'] }, 'b'],
    ['only the chosen branch runs', { if: [true, 'ok', { '/': [1, { var: 'n' }] }] }, 'ok'],
  ])('%s', (_name, rule, expected) => {
    expect(run(rule, ctx)).toEqual(expected);
  });
});

describe('and / or / ! / !!', () => {
  it.each([
    ['and: all truthy → last', { and: [1, 'x', true] }, true],
    ['and: first falsy value', { and: [1, 0, 'x'] }, 0],
    ['and: empty → null', { and: [] }, null],
    ['and: short-circuits', { and: [false, { '/': [1, { var: 'n' }] }] }, false],
    ['or: first truthy value', { or: [0, '', 'x', 'y'] }, 'x'],
    ['or: all falsy → last', { or: [0, false, ''] }, ''],
    ['or: empty → null', { or: [] }, null],
    ['or: short-circuits', { or: [true, { '/': [1, { var: 'n' }] }] }, true],
    ['! of true', { '!': true }, false],
    ['! of array wrapper', { '!': [false] }, true],
    ['! of empty list var', { '!': { var: 'empty' } }, true],
    ['!! of string', { '!!': 'x' }, true],
    ['!! of empty string', { '!!': [''] }, false],
    ['!! of missing var', { '!!': { var: 'nope' } }, false],
  ])('%s', (_name, rule, expected) => {
    expect(run(rule, ctx)).toEqual(expected);
  });

  it.each([[{ and: true }], [{ or: 'x' }]])('%j is a compile error', (rule) => {
    expect(() => run(rule)).toThrow(RuleCompileError);
  });
});
