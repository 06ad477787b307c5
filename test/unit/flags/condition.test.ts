import { describe, expect, it } from 'vitest';
import type { FlagCondition } from '../../../src/api/flag-condition.js';
import { compileCondition } from '../../../src/flags/condition.js';

const email = { var: 'email' };

function compile(c: FlagCondition) {
  const issues: { path: string; message: string }[] = [];
  const logic = compileCondition(c, ['spec', 'rules', 0, 'when'], {
    issues,
    segment: (name) => ({ $ref: name }),
  });
  return { logic, issues };
}

describe('compileCondition', () => {
  it.each<[string, FlagCondition, unknown]>([
    [
      'equals → === (strict: a loose == that cannot coerce is an evaluation error)',
      { attribute: 'plan', equals: 'premium' },
      { '===': [{ var: 'plan' }, 'premium'] },
    ],
    ['equals a number', { attribute: 'tier', equals: 3 }, { '===': [{ var: 'tier' }, 3] }],
    [
      'in → in over a list',
      { attribute: 'plan', in: ['premium', 'gold'] },
      { in: [{ var: 'plan' }, ['premium', 'gold']] },
    ],
    [
      'notIn → ! in',
      { attribute: 'country', notIn: ['FR'] },
      { '!': [{ in: [{ var: 'country' }, ['FR']] }] },
    ],
    [
      'user list: targetingKey in […]',
      { attribute: 'targetingKey', in: ['user-123', 'user-456'] },
      { in: [{ var: 'targetingKey' }, ['user-123', 'user-456']] },
    ],
    [
      'startsWith → starts_with',
      { attribute: 'email', startsWith: 'admin@' },
      { starts_with: [email, 'admin@'] },
    ],
    [
      'endsWith → ends_with',
      { attribute: 'email', endsWith: '@company.com' },
      { ends_with: [email, '@company.com'] },
    ],
    [
      'matches suffix glob → ends_with',
      { attribute: 'email', matches: '*@company.com' },
      { ends_with: [email, '@company.com'] },
    ],
    [
      'matches prefix glob → starts_with',
      { attribute: 'email', matches: 'admin@*' },
      { starts_with: [email, 'admin@'] },
    ],
    [
      'lt, guarded against a missing attribute',
      { attribute: 'age', lt: 18 },
      { and: [{ '!=': [{ var: 'age' }, null] }, { '<': [{ var: 'age' }, 18] }] },
    ],
    [
      'lte',
      { attribute: 'age', lte: 18 },
      { and: [{ '!=': [{ var: 'age' }, null] }, { '<=': [{ var: 'age' }, 18] }] },
    ],
    [
      'gt',
      { attribute: 'age', gt: 65 },
      { and: [{ '!=': [{ var: 'age' }, null] }, { '>': [{ var: 'age' }, 65] }] },
    ],
    [
      'gte',
      { attribute: 'age', gte: 0 },
      { and: [{ '!=': [{ var: 'age' }, null] }, { '>=': [{ var: 'age' }, 0] }] },
    ],
    [
      'semver → sem_ver',
      { attribute: 'appVersion', semver: { op: '>=', version: '2.1.0' } },
      { sem_ver: [{ var: 'appVersion' }, '>=', '2.1.0'] },
    ],
    [
      'semver short form is written in full',
      { attribute: 'v', semver: { op: '^', version: 'v2' } },
      { sem_ver: [{ var: 'v' }, '^', '2.0.0'] },
    ],
    [
      'all → and',
      {
        all: [
          { attribute: 'a', equals: 1 },
          { attribute: 'b', equals: 2 },
        ],
      },
      { and: [{ '===': [{ var: 'a' }, 1] }, { '===': [{ var: 'b' }, 2] }] },
    ],
    [
      'any → or',
      {
        any: [
          { attribute: 'a', equals: 1 },
          { attribute: 'b', equals: 2 },
        ],
      },
      { or: [{ '===': [{ var: 'a' }, 1] }, { '===': [{ var: 'b' }, 2] }] },
    ],
    ['not → !', { not: { attribute: 'a', equals: 1 } }, { '!': [{ '===': [{ var: 'a' }, 1] }] }],
    ['segment → $ref', { segment: 'staff' }, { $ref: 'staff' }],
    [
      'nested combinations',
      { any: [{ all: [{ segment: 's' }, { not: { attribute: 'x', in: [] } }] }] },
      { or: [{ and: [{ $ref: 's' }, { '!': [{ in: [{ var: 'x' }, []] }] }] }] },
    ],
    [
      '$flagd.flagKey is a context attribute',
      { attribute: '$flagd.flagKey', equals: 'x' },
      { '===': [{ var: '$flagd.flagKey' }, 'x'] },
    ],
  ])('%s', (_name, condition, expected) => {
    const { logic, issues } = compile(condition);
    expect(issues).toEqual([]);
    expect(logic).toEqual(expected);
  });

  it.each<[string, FlagCondition, string]>([
    [
      'a glob with two wildcards in the middle',
      { attribute: 'email', matches: 'a*b*c' },
      'spec.rules[0].when.matches',
    ],
    ['a glob with ?', { attribute: 'email', matches: 'user?@x.com' }, 'spec.rules[0].when.matches'],
    ['an unknown $flagd attribute', { attribute: '$flagd.nope', equals: 1 }, 'spec.rules[0].when.attribute'],
    [
      'a version flagd cannot read',
      { attribute: 'v', semver: { op: '>=', version: '1.02.3' } },
      'spec.rules[0].when.semver.version',
    ],
    ['an attribute without operator', { attribute: 'plan' }, 'spec.rules[0].when'],
    ['nothing at all', {}, 'spec.rules[0].when'],
    [
      'a bad child of all',
      {
        all: [
          { attribute: 'a', equals: 1 },
          { attribute: 'e', matches: '?' },
        ],
      },
      'spec.rules[0].when.all[1].matches',
    ],
  ])('reports %s at its path', (_name, condition, path) => {
    const { issues } = compile(condition);
    expect(issues.map((i) => i.path)).toEqual([path]);
  });

  it('names what globs are supported when it refuses one', () => {
    const { issues } = compile({ attribute: 'email', matches: 'a*b*c' });
    expect(issues[0]?.message).toMatch(/"a\*b\*c" cannot be expressed.*"prefix\*suffix"/);
  });
});
