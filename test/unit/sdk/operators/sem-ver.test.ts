import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../../src/sdk/jsonlogic/compile.js';
import { compareSemVer, parseSemVer, semVerMatch } from '../../../../src/sdk/operators/sem-ver.js';

describe('semVerMatch', () => {
  it.each([
    ['1.0.0', '=', '1.0.0', true],
    ['1.0.0', '=', 'v1.0.0', true],
    ['V1.0.0', '=', '1.0.0', true],
    ['1.0.0', '!=', '1.0.1', true],
    ['1.0.0', '<', '1.0.1', true],
    ['1.0.1', '<', '1.0.0', false],
    ['1.0.0', '<=', '1.0.0', true],
    ['2.0.0', '>', '1.9.9', true],
    ['1.10.0', '>', '1.9.0', true],
    ['1.0.0', '>=', '1.0.1', false],
    ['2.0.0-alpha', '<', '2.0.0', true],
    ['2.0.0-alpha', '<', '2.0.0-alpha.1', true],
    ['2.0.0-alpha.1', '<', '2.0.0-alpha.beta', true],
    ['2.0.0-alpha.beta', '<', '2.0.0-beta', true],
    ['2.0.0-beta.2', '<', '2.0.0-beta.11', true],
    ['2.0.0-rc.1', '<', '2.0.0', true],
    ['1.0.0+build.1', '=', '1.0.0+build.2', true],
    ['3.1.0', '^', '3.0.0', true],
    ['4.0.0', '^', '3.0.0', false],
    ['3.0.1', '~', '3.0.0', true],
    ['3.1.0', '~', '3.0.0', false],
    ['1', '=', '1.0.0', true],
    ['1.2', '=', '1.2.0', true],
    ['2.0.0.0', '=', '2.0.0', null],
    ['garbage', '>', '1.0.0', null],
    ['1.0.0', '=~', '1.0.0', null],
    ['01.0.0', '=', '1.0.0', null],
    [null, '=', '1.0.0', null],
    [3, '=', '3.0.0', true],
  ])('%j %s %j → %j', (a, op, b, expected) => {
    expect(semVerMatch(a, op, b)).toBe(expected);
  });

  it('sem_ver with a dynamic operator and right-hand side', () => {
    const node = compileRule({ sem_ver: [{ var: 'v' }, { var: 'op' }, { var: 'min' }] }, 'f');
    const ctx = { v: '2.1.0', op: '>=', min: '2.0.0' };
    expect(node(ctx, { ctx, split: false })).toBe(true);
  });

  it('sem_ver with the wrong number of arguments is null', () => {
    const node = compileRule({ sem_ver: ['1.0.0', '='] }, 'f');
    expect(node({}, { ctx: {}, split: false })).toBeNull();
  });
});

describe('parseSemVer / compareSemVer', () => {
  it('parses pre-release identifiers', () => {
    expect(parseSemVer('v1.2.3-rc.1+b5')).toEqual({ major: 1, minor: 2, patch: 3, prerelease: ['rc', 1] });
  });

  it('orders like SemVer 2.0 §11', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ];
    for (let i = 1; i < ordered.length; i++) {
      expect(compareSemVer(parseSemVer(ordered[i - 1])!, parseSemVer(ordered[i])!)).toBe(-1);
    }
  });
});
