import { describe, expect, it } from 'vitest';
import { evaluateIn, typeOfValue } from '../../../../src/sdk/evaluator/evaluate.js';
import { FlagSet } from '../../../../src/sdk/evaluator/flag-set.js';

const set = FlagSet.fromObject({
  flags: {
    bool: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' },
    str: { state: 'ENABLED', variants: { a: 'A' }, defaultVariant: 'a' },
    num: { state: 'ENABLED', variants: { one: 1 }, defaultVariant: 'one' },
    obj: { state: 'ENABLED', variants: { o: { k: 1 } }, defaultVariant: 'o' },
    off: { state: 'DISABLED', variants: { on: true }, defaultVariant: 'on' },
    err: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on', targeting: { bogus: 1 } },
  },
});

describe('evaluateIn', () => {
  it.each([
    ['boolean', 'bool', false, { value: true, variant: 'on', reason: 'STATIC' }],
    ['string', 'str', 'x', { value: 'A', variant: 'a', reason: 'STATIC' }],
    ['number', 'num', 0, { value: 1, variant: 'one', reason: 'STATIC' }],
    ['object', 'obj', {}, { value: { k: 1 }, variant: 'o', reason: 'STATIC' }],
    ['disabled → caller default', 'off', false, { value: false, reason: 'DISABLED' }],
    [
      'parse error → caller default',
      'err',
      false,
      { value: false, reason: 'ERROR', errorCode: 'PARSE_ERROR' },
    ],
    ['missing flag', 'nope', 'd', { value: 'd', reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' }],
    [
      'type mismatch: string asked of a boolean flag',
      'bool',
      'd',
      { value: 'd', reason: 'ERROR', errorCode: 'TYPE_MISMATCH' },
    ],
    [
      'type mismatch: number asked of an object flag',
      'obj',
      5,
      { value: 5, reason: 'ERROR', errorCode: 'TYPE_MISMATCH' },
    ],
  ])('%s', (_name, key, dflt, expected) => {
    const r = evaluateIn(set, key, dflt, {});
    expect({ value: r.value, variant: r.variant, reason: r.reason, errorCode: r.errorCode }).toEqual({
      variant: undefined,
      errorCode: undefined,
      ...expected,
    });
  });

  it('the caller may skip the type check (null)', () => {
    expect(evaluateIn(set, 'bool', 'd', {}, null).value).toBe(true);
  });

  it.each([
    [true, 'boolean'],
    ['s', 'string'],
    [1, 'number'],
    [{}, 'object'],
    [[], 'object'],
    [null, null],
  ])('typeOfValue(%j) = %s', (v, t) => {
    expect(typeOfValue(v)).toBe(t);
  });
});
