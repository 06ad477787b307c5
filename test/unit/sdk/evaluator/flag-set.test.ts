import { describe, expect, it } from 'vitest';
import { FlagConfigError, FlagSet } from '../../../../src/sdk/evaluator/flag-set.js';

const ok = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' };

describe('FlagSet.parse', () => {
  it('compiles every flag', () => {
    const set = FlagSet.parse(JSON.stringify({ flags: { a: ok, b: { ...ok, state: 'DISABLED' } } }));
    expect([...set.flags.keys()]).toEqual(['a', 'b']);
    expect(set.get('b')?.enabled).toBe(false);
  });

  it.each([
    ['not JSON', '{"flags": ', /not valid JSON/],
    ['not an object', '[]', /"flags" object/],
    ['no flags', '{}', /"flags" object/],
    ['bad state', JSON.stringify({ flags: { a: { ...ok, state: 'ON' } } }), /flag 'a': invalid state "ON"/],
    [
      'default variant missing',
      JSON.stringify({ flags: { a: { ...ok, defaultVariant: 'maybe' } } }),
      /default variant 'maybe'/,
    ],
    [
      'variants not an object',
      JSON.stringify({ flags: { a: { ...ok, variants: [] } } }),
      /variants must be an object/,
    ],
  ])('%s → FlagConfigError', (_name, text, message) => {
    expect(() => FlagSet.parse(text)).toThrow(FlagConfigError);
    expect(() => FlagSet.parse(text)).toThrow(message);
  });

  it('a bad targeting rule does not reject the document', () => {
    const set = FlagSet.parse(JSON.stringify({ flags: { a: { ...ok, targeting: { nope: 1 } }, b: ok } }));
    expect(set.get('a')?.resolve({}).errorCode).toBe('PARSE_ERROR');
    expect(set.get('b')?.resolve({}).reason).toBe('STATIC');
  });

  it('resolves $evaluators for every flag', () => {
    const set = FlagSet.parse(
      JSON.stringify({
        flags: { a: { ...ok, targeting: { if: [{ $ref: 'staff' }, 'on', null] } } },
        $evaluators: { staff: { ends_with: [{ var: 'email' }, '@company.com'] } },
      }),
    );
    expect(set.get('a')?.resolve({ email: 'x@company.com' }).variant).toBe('on');
    expect(set.get('a')?.resolve({ email: 'x@else.com' }).reason).toBe('DEFAULT');
  });
});
