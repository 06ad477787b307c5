import { describe, expect, it } from 'vitest';
import { CompiledFlag } from '../../../../src/sdk/evaluator/compiled-flag.js';
import type { Outcome } from '../../../../src/sdk/evaluator/outcome.js';
import type { FlagDefinition } from '../../../../src/sdk/types.js';

/** What a caller would see: the shared result, or the fallback's reason and error. */
const view = (o: Outcome): Record<string, unknown> => {
  if (o.details) return { ...o.details };
  const out: Record<string, unknown> = { reason: o.reason };
  if (o.errorCode) out.errorCode = o.errorCode;
  if (o.errorMessage) out.errorMessage = o.errorMessage;
  return out;
};

const variants = { on: true, off: false };
const flag = (def: Partial<FlagDefinition>, options = {}): CompiledFlag =>
  new CompiledFlag(
    'my-flag',
    { state: 'ENABLED', variants, defaultVariant: 'off', ...def },
    { staff: { ends_with: [{ var: 'email' }, '@company.com'] } },
    options,
  );

describe('CompiledFlag.resolve — flagd reasons', () => {
  it.each([
    ['no targeting → STATIC default', {}, {}, { value: false, variant: 'off', reason: 'STATIC' }],
    [
      'empty targeting {} → STATIC',
      { targeting: {} },
      {},
      { value: false, variant: 'off', reason: 'STATIC' },
    ],
    [
      'targeting picks a variant → TARGETING_MATCH',
      { targeting: { if: [true, 'on', 'off'] } },
      {},
      { value: true, variant: 'on', reason: 'TARGETING_MATCH' },
    ],
    [
      'targeting picks the default variant → still TARGETING_MATCH',
      { targeting: { if: [true, 'off'] } },
      {},
      { value: false, variant: 'off', reason: 'TARGETING_MATCH' },
    ],
    [
      'targeting returns null → DEFAULT',
      { targeting: { if: [false, 'on'] } },
      {},
      { value: false, variant: 'off', reason: 'DEFAULT' },
    ],
    [
      '$ref is resolved',
      { targeting: { if: [{ $ref: 'staff' }, 'on', null] } },
      { email: 'a@company.com' },
      { value: true, variant: 'on', reason: 'TARGETING_MATCH' },
    ],
    [
      'fractional → TARGETING_MATCH (as flagd reports it)',
      { targeting: { fractional: [['on', 1]] } },
      { targetingKey: 'u' },
      { value: true, variant: 'on', reason: 'TARGETING_MATCH' },
    ],
    [
      'boolean targeting result is a variant name',
      { variants: { true: 1, false: 2 }, defaultVariant: 'false', targeting: { if: [true, true, false] } },
      {},
      { value: 1, variant: 'true', reason: 'TARGETING_MATCH' },
    ],
    ['DISABLED', { state: 'DISABLED', targeting: { if: [true, 'on'] } }, {}, { reason: 'DISABLED' }],
    [
      'no default variant and no match → DEFAULT without value',
      { defaultVariant: null, targeting: { if: [false, 'on'] } },
      {},
      { reason: 'DEFAULT' },
    ],
    [
      'no default variant, no targeting → DEFAULT without value',
      { defaultVariant: null },
      {},
      { reason: 'DEFAULT' },
    ],
  ])('%s', (_name, def, ctx, expected) => {
    expect(view(flag(def as Partial<FlagDefinition>).resolve(ctx))).toEqual(expected);
  });

  it.each([
    [
      'unknown variant → GENERAL',
      { targeting: { if: [true, 'maybe'] } },
      'GENERAL',
      /Variant 'maybe' not found/,
    ],
    [
      'evaluation throws → GENERAL',
      { targeting: { '<': [{ var: 'name' }, 5] } },
      'GENERAL',
      /Error evaluating targeting rule/,
    ],
    [
      'unknown operator → PARSE_ERROR',
      { targeting: { invalid: ['x'] } },
      'PARSE_ERROR',
      /unknown operator "invalid"/,
    ],
    ['unknown $ref → PARSE_ERROR', { targeting: { $ref: 'nope' } }, 'PARSE_ERROR', /unknown \$ref/],
  ])('%s', (_name, def, code, message) => {
    const r = flag(def).resolve({ name: 'bob' });
    expect(r.reason).toBe('ERROR');
    expect(r.errorCode).toBe(code);
    expect(r.errorMessage).toMatch(message);
    expect(r.details).toBeUndefined();
  });

  it('reportSplit reports SPLIT when fractional chose the variant', () => {
    const f = flag({ targeting: { fractional: [['on', 1]] } }, { reportSplit: true });
    expect(f.resolve({ targetingKey: 'u' }).reason).toBe('SPLIT');
    const g = flag({ targeting: { if: [true, 'on'] } }, { reportSplit: true });
    expect(g.resolve({}).reason).toBe('TARGETING_MATCH');
  });

  it('successful results are shared and frozen (no allocation per evaluation)', () => {
    const f = flag({ variants: { on: { deep: { x: 1 } }, off: {} }, targeting: { if: [true, 'on'] } });
    const a = f.resolve({});
    expect(f.resolve({})).toBe(a);
    expect(f.resolve({}).details).toBe(a.details);
    expect(Object.isFrozen(a.details)).toBe(true);
    expect(Object.isFrozen((a.details?.value as { deep: object }).deep)).toBe(true);
  });

  it('lists every shared outcome once, for tracking', () => {
    const f = flag({ targeting: { if: [{ var: 'x' }, 'on', 'nope'] } });
    f.resolve({});
    const reasons = f.outcomes().map((o) => `${o.reason}:${o.variant ?? o.errorCode ?? ''}`);
    expect(reasons.sort()).toEqual(
      [
        'DEFAULT:off',
        'DEFAULT:',
        'DISABLED:',
        'ERROR:GENERAL',
        'STATIC:off',
        'TARGETING_MATCH:off',
        'TARGETING_MATCH:on',
      ].sort(),
    );
  });

  it('fingerprint changes when a referenced evaluator changes', () => {
    const def: FlagDefinition = {
      state: 'ENABLED',
      variants,
      defaultVariant: 'off',
      targeting: { $ref: 'r' },
    };
    const a = new CompiledFlag('f', def, { r: { if: [true, 'on'] } });
    const b = new CompiledFlag('f', def, { r: { if: [false, 'on'] } });
    const c = new CompiledFlag('f', def, { r: { if: [true, 'on'] } });
    expect(a.fingerprint).not.toBe(b.fingerprint);
    expect(a.fingerprint).toBe(c.fingerprint);
  });
});
