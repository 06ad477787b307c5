import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../../src/flags/glob.js';
import { sdkEval } from './support.js';

const attr = { var: 'email' };

/** Reference semantics: a glob as a regular expression (`*` = any run). */
function globMatches(glob: string, value: string): boolean {
  const re = glob
    .split('*')
    .map((p) => p.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${re}$`, 's').test(value);
}

/** Whether the compiled rule matches `value`, evaluated by Fledge's SDK. */
function sdkMatches(glob: string, value: string): boolean {
  const r = compileGlob(glob, attr);
  if (!r.ok) throw new Error(r.message);
  const doc = {
    flags: {
      f: {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: { if: [r.logic, 'on', 'off'] },
      },
    },
  };
  return sdkEval(JSON.stringify(doc), 'f', { email: value }).value === true;
}

describe('compileGlob', () => {
  it.each([
    ['exact', 'a@b.c', { '===': [attr, 'a@b.c'] }],
    ['any string', '*', { starts_with: [attr, ''] }],
    ['** is *', '**', { starts_with: [attr, ''] }],
    ['suffix', '*@company.com', { ends_with: [attr, '@company.com'] }],
    ['prefix', 'admin@*', { starts_with: [attr, 'admin@'] }],
    ['contains', '*staff*', { in: ['staff', attr] }],
    [
      'prefix and suffix',
      'ab*ba',
      { and: [{ starts_with: [attr, 'ab'] }, { ends_with: [{ substr: [attr, 2] }, 'ba'] }] },
    ],
  ])('%s: %s', (_name, glob, expected) => {
    expect(compileGlob(glob, attr)).toEqual({ ok: true, logic: expected });
  });

  it.each(['a*b*c', '*a*b', 'a*b*', 'a?', '*a*b*'])('refuses %s', (glob) => {
    const r = compileGlob(glob, attr);
    expect(r.ok).toBe(false);
  });

  it.each([
    ['ab*ba', 'aba', false],
    ['ab*ba', 'abba', true],
    ['ab*ba', 'abXba', true],
    ['*@company.com', 'jo@company.com', true],
    ['*@company.com', 'jo@company.com.evil', false],
    ['*staff*', 'big-staff-room', true],
  ])('%s on %s is %s when evaluated', (glob, value, expected) => {
    expect(sdkMatches(glob, value)).toBe(expected);
  });

  it('matches exactly what the glob means, for every supported shape', () => {
    const part = fc.string({ unit: fc.constantFrom('a', 'b', '@', '.'), maxLength: 3 });
    const glob = fc.oneof(
      part.filter((p) => p !== ''),
      part.map((p) => `*${p}`),
      part.map((p) => `${p}*`),
      part.filter((p) => p !== '').map((p) => `*${p}*`),
      fc.tuple(part, part).map(([p, s]) => `${p}*${s}`),
    );
    const value = fc.string({ unit: fc.constantFrom('a', 'b', '@', '.'), maxLength: 6 });
    fc.assert(
      fc.property(glob, value, (g, v) => sdkMatches(g, v) === globMatches(g, v)),
      { numRuns: 300 },
    );
  });
});
