import { describe, expect, it } from 'vitest';
import { compileRules } from '../../../src/flags/rules.js';

const cx = () => ({ issues: [], segment: (name: string) => ({ $ref: name }) });
const rule = (name: string, value: string, variant: string) => ({
  name,
  when: { attribute: 'a', equals: value },
  variant,
});
const test = (value: string) => ({ '===': [{ var: 'a' }, value] });

describe('compileRules', () => {
  it.each<[string, ReturnType<typeof rule>[], unknown, unknown]>([
    ['nothing', [], undefined, undefined],
    [
      'only a tail',
      [],
      {
        fractional: [
          ['on', 5],
          ['off', 95],
        ],
      },
      {
        fractional: [
          ['on', 5],
          ['off', 95],
        ],
      },
    ],
    [
      'one rule, no tail → null (default variant)',
      [rule('r', 'x', 'on')],
      undefined,
      { if: [test('x'), 'on', null] },
    ],
    [
      'first match wins: nested in order, tail last',
      [rule('r1', 'x', 'on'), rule('r2', 'y', 'off')],
      {
        fractional: [
          ['on', 5],
          ['off', 95],
        ],
      },
      {
        if: [
          test('x'),
          'on',
          {
            if: [
              test('y'),
              'off',
              {
                fractional: [
                  ['on', 5],
                  ['off', 95],
                ],
              },
            ],
          },
        ],
      },
    ],
  ])('%s', (_n, rules, tail, expected) => {
    expect(compileRules(rules, tail as never, cx())).toEqual(expected);
  });
});
