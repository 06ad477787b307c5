import { describe, expect, it } from 'vitest';
import { splitPath } from '../../../../src/sdk/jsonlogic/var.js';
import { run } from './run.js';

const ctx = {
  a: 1,
  b: { c: 'deep', n: null },
  list: ['x', 'y'],
  zero: 0,
  empty: '',
  f: false,
  'dot.key': 'flat',
  targetingKey: 'u1',
};

describe('var', () => {
  it.each([
    ['top-level key', { var: 'a' }, 1],
    ['array form', { var: ['a'] }, 1],
    ['dotted path', { var: 'b.c' }, 'deep'],
    ['array index', { var: 'list.1' }, 'y'],
    ['numeric key', { var: 0 }, null],
    ['missing → null', { var: 'nope' }, null],
    ['missing deep → null', { var: 'nope.deeper' }, null],
    ['missing with default', { var: ['nope', 'dflt'] }, 'dflt'],
    ['null value takes the default', { var: ['b.n', 'dflt'] }, 'dflt'],
    ['0 is a value, not missing', { var: ['zero', 9] }, 0],
    ['"" is a value', { var: ['empty', 'x'] }, ''],
    ['false is a value', { var: ['f', true] }, false],
    ['default may be an expression', { var: ['nope', { cat: ['a', 'b'] }] }, 'ab'],
    ['escaped dot is part of the key', { var: 'dot\\.key' }, 'flat'],
    ['key computed by an expression', { var: { cat: ['b', '.c'] } }, 'deep'],
    ['$flagd.flagKey is the flag key', { var: '$flagd.flagKey' }, 'my-flag'],
    ['unknown $flagd property → null', { var: '$flagd.other' }, null],
    ['prototype members are not values', { var: 'constructor' }, null],
    ['targetingKey', { var: 'targetingKey' }, 'u1'],
  ])('%s', (_name, rule, expected) => {
    expect(run(rule, ctx)).toEqual(expected);
  });

  it('$flagd.timestamp is the current unix second', () => {
    const before = Math.floor(Date.now() / 1000);
    const ts = run({ var: '$flagd.timestamp' }, ctx) as number;
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(ts).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it('"" is the whole context, with $flagd added and the caller\'s $flagd replaced', () => {
    const whole = run({ var: '' }, { a: 1, $flagd: { flagKey: 'spoofed' } }) as Record<string, unknown>;
    expect(whole.a).toBe(1);
    expect((whole.$flagd as Record<string, unknown>).flagKey).toBe('my-flag');
  });

  it('a caller cannot spoof $flagd.flagKey', () => {
    expect(run({ var: '$flagd.flagKey' }, { $flagd: { flagKey: 'spoofed' } })).toBe('my-flag');
  });
});

describe('splitPath', () => {
  it.each([
    ['a', ['a']],
    ['a.b.c', ['a', 'b', 'c']],
    ['a\\.b.c', ['a.b', 'c']],
    ['a\\\\.b', ['a\\', 'b']],
    ['', ['']],
  ])('%s', (path, parts) => {
    expect(splitPath(path)).toEqual(parts);
  });
});
