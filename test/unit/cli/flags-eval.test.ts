import { describe, expect, it } from 'vitest';
import { EXIT, UsageError } from '../../../src/cli/errors.js';
import { evalExitCode, evaluateText, formatEval, parseContext } from '../../../src/cli/flags-eval.js';

const flags = JSON.stringify({
  flags: {
    'new-checkout': {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      targeting: { if: [{ ends_with: [{ var: 'email' }, '@company.com'] }, 'on', 'off'] },
    },
    legacy: { state: 'DISABLED', variants: { on: true, off: false }, defaultVariant: 'off' },
  },
});

describe('parseContext', () => {
  it('parses a JSON object', () => {
    expect(parseContext('{"email":"a@company.com","targetingKey":"u1"}')).toEqual({
      email: 'a@company.com',
      targetingKey: 'u1',
    });
    expect(parseContext(undefined)).toEqual({});
  });
  it.each(['{email}', '[1]', '"x"', 'null'])('%s is a usage error', (text) => {
    expect(() => parseContext(text)).toThrow(UsageError);
  });
});

describe('evaluateText', () => {
  it.each([
    [
      'a matching context',
      'new-checkout',
      { email: 'a@company.com' },
      { value: true, variant: 'on', reason: 'TARGETING_MATCH' },
    ],
    [
      'a context that does not match',
      'new-checkout',
      { email: 'a@example.com' },
      { value: false, variant: 'off', reason: 'TARGETING_MATCH' },
    ],
    ['a disabled flag', 'legacy', {}, { value: null, reason: 'DISABLED' }],
    ['a missing flag', 'nope', {}, { value: null, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' }],
  ])('%s', (_n, key, ctx, expected) => {
    expect(evaluateText(flags, key, ctx, 'flags.json').details).toMatchObject(expected);
  });

  it("returns the caller's default for a disabled flag", () => {
    expect(evaluateText(flags, 'legacy', {}, 'f', true).details.value).toBe(true);
  });

  it('explains a document the SDK cannot load', () => {
    expect(() => evaluateText('{"flags": 1}', 'x', {}, 'bad.json')).toThrow(
      /bad.json: flags.json must be an object/,
    );
  });
});

describe('formatEval / evalExitCode', () => {
  it('prints value, variant and reason', () => {
    const r = evaluateText(flags, 'new-checkout', { email: 'a@company.com' }, 'flags.json');
    expect(formatEval(r)).toBe(
      'flag:     new-checkout\nsource:   flags.json\nvalue:    true\nvariant:  on\nreason:   TARGETING_MATCH\n',
    );
    expect(evalExitCode(r.details)).toBe(EXIT.ok);
  });
  it('says when the caller default applies, and exits 3 for a missing flag', () => {
    const r = evaluateText(flags, 'nope', {}, 'flags.json');
    expect(formatEval(r)).toContain("value:    (none: the caller's default applies)");
    expect(formatEval(r)).toContain("error:    FLAG_NOT_FOUND: flag 'nope' not found");
    expect(evalExitCode(r.details)).toBe(EXIT.notFound);
  });
});
