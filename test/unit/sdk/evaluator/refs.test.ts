import { describe, expect, it } from 'vitest';
import { resolveRefs } from '../../../../src/sdk/evaluator/refs.js';
import { RuleCompileError } from '../../../../src/sdk/jsonlogic/types.js';

const evaluators = {
  a: { var: 'x' },
  b: { and: [{ $ref: 'a' }, true] },
  loop1: { $ref: 'loop2' },
  loop2: { $ref: 'loop1' },
};

describe('resolveRefs', () => {
  it.each([
    ['no refs', { if: [1, 2] }, { if: [1, 2] }],
    ['a ref', { $ref: 'a' }, { var: 'x' }],
    ['a nested ref chain', { or: [{ $ref: 'b' }] }, { or: [{ and: [{ var: 'x' }, true] }] }],
    ['inside arrays', [{ $ref: 'a' }, 1], [{ var: 'x' }, 1]],
    ['an object with $ref and other keys is data', { $ref: 'a', other: 1 }, { $ref: 'a', other: 1 }],
  ])('%s', (_name, rule, expected) => {
    expect(resolveRefs(rule, evaluators)).toEqual(expected);
  });

  it.each([
    ['unknown', { $ref: 'zzz' }, /unknown \$ref "zzz"/],
    ['not a string', { $ref: 1 }, /unknown \$ref 1/],
    ['cyclic', { $ref: 'loop1' }, /cyclic \$ref: loop1 → loop2 → loop1/],
    ['prototype name', { $ref: 'toString' }, /unknown \$ref/],
  ])('%s → compile error', (_name, rule, message) => {
    expect(() => resolveRefs(rule, evaluators)).toThrow(RuleCompileError);
    expect(() => resolveRefs(rule, evaluators)).toThrow(message);
  });
});
