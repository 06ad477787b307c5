import { describe, expect, it } from 'vitest';
import { buildSegmentPool, inlineSegment } from '../../../src/flags/segments.js';

describe('buildSegmentPool', () => {
  it('keeps the first definition and reports a later, different one at its path', () => {
    const { pool, conflicts } = buildSegmentPool([
      { key: 'a', segments: { s: { attribute: 'x', equals: 1 } } },
      { key: 'b', segments: { s: { attribute: 'x', equals: 2 }, t: { attribute: 'y', equals: 1 } } },
      { key: 'c', segments: { s: { attribute: 'x', equals: 1 } } },
    ]);
    expect(pool.get('s')?.owner).toBe('a');
    expect(pool.get('t')?.owner).toBe('b');
    expect([...conflicts.keys()]).toEqual(['b']);
    expect(conflicts.get('b')?.[0]?.path).toBe('spec.segments.s');
  });
});

describe('inlineSegment', () => {
  const { pool } = buildSegmentPool([
    {
      key: 'a',
      segments: {
        staff: { attribute: 'email', endsWith: '@c.com' },
        inner: { all: [{ segment: 'staff' }, { attribute: 'p', in: ['x'] }] },
        loop: { segment: 'loop2' },
        loop2: { segment: 'loop' },
        bad: { attribute: 'e', matches: 'a*b*c' },
      },
    },
  ]);

  it.each([
    ['a plain segment', 'staff', { ends_with: [{ var: 'email' }, '@c.com'] }],
    [
      'a segment using another, expanded',
      'inner',
      { and: [{ ends_with: [{ var: 'email' }, '@c.com'] }, { in: [{ var: 'p' }, ['x']] }] },
    ],
  ])('%s', (_n, name, expected) => {
    const issues: { path: string }[] = [];
    expect(inlineSegment(name, pool, ['spec', 'rules', 0, 'when', 'segment'], issues as never)).toEqual(
      expected,
    );
    expect(issues).toEqual([]);
  });

  it.each([
    [
      'an unknown segment',
      'nope',
      /unknown segment "nope" \(segments of this flag set: bad, inner, loop, loop2, staff\)/,
    ],
    ['a cycle', 'loop', /segment cycle: loop → loop2 → loop/],
    [
      'a broken definition, naming its flag and path',
      'bad',
      /segment "bad" of flag "a" is invalid: spec\.segments\.bad\.matches: glob/,
    ],
  ])('reports %s where it is used', (_n, name, message) => {
    const issues: { path: string; message: string }[] = [];
    inlineSegment(name, pool, ['spec', 'rules', 0, 'when', 'segment'], issues);
    expect(issues[0]?.path).toBe('spec.rules[0].when.segment');
    expect(issues.map((i) => i.message).join(' ')).toMatch(message);
  });
});
