import { describe, expect, it } from 'vitest';
import { compileFeatureFlag, type CompileOptions } from '../../../src/flags/compile.js';
import { assembleFlagSet } from '../../../src/flags/flag-set.js';
import { buildSegmentPool } from '../../../src/flags/segments.js';
import type { CompiledFlag } from '../../../src/flags/types.js';
import { boolVariants, featureFlag, flagdCore, flagdSchemaErrors, sdkEval } from './support.js';

/** The example of DESIGN.md, "FeatureFlag". */
const newCheckout = featureFlag({
  name: 'new-checkout',
  spec: {
    flagSet: 'default',
    type: 'release',
    owner: 'team-checkout',
    expires: '2027-03-01',
    state: 'ENABLED',
    ...boolVariants,
    rules: [
      { name: 'staff', when: { attribute: 'email', matches: '*@company.com' }, variant: 'on' },
      { name: 'premium', when: { attribute: 'plan', in: ['premium'] }, variant: 'on' },
      {
        name: 'listed-users',
        when: { attribute: 'targetingKey', in: ['user-123', 'user-456'] },
        variant: 'on',
      },
    ],
    rollout: { percentage: 10 },
  },
});

function ok(obj: unknown, options?: CompileOptions): CompiledFlag {
  const r = compileFeatureFlag(obj, options);
  if (!r.ok) throw new Error(`expected to compile: ${JSON.stringify(r.issues)}`);
  return r.compiled;
}

function issuesOf(obj: unknown, options?: CompileOptions) {
  const r = compileFeatureFlag(obj, options);
  if (r.ok) throw new Error('expected issues');
  return r.issues;
}

function text(...flags: CompiledFlag[]): string {
  const set = assembleFlagSet(flags.map((c) => ({ key: c.key, compiled: c })));
  if (!set.ok) throw new Error(set.message);
  return set.text;
}

describe('compileFeatureFlag', () => {
  it('compiles the DESIGN example: rules in order, then the rollout', () => {
    const c = ok(newCheckout);
    expect(c.key).toBe('new-checkout');
    expect(c.flag).toEqual({
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      targeting: {
        if: [
          { ends_with: [{ var: 'email' }, '@company.com'] },
          'on',
          {
            if: [
              { in: [{ var: 'plan' }, ['premium']] },
              'on',
              {
                if: [
                  { in: [{ var: 'targetingKey' }, ['user-123', 'user-456']] },
                  'on',
                  {
                    fractional: [
                      ['on', 10],
                      ['off', 90],
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
      metadata: { type: 'release', owner: 'team-checkout', expires: '2027-03-01' },
    });
    expect(c.evaluators).toEqual({});
    expect(c.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(flagdSchemaErrors(JSON.parse(text(c)))).toEqual([]);
  });

  it.each([
    ['staff email', { targetingKey: 'u-1', email: 'jo@company.com' }, 'on', 'TARGETING_MATCH'],
    ['premium plan', { targetingKey: 'u-1', plan: 'premium' }, 'on', 'TARGETING_MATCH'],
    ['listed user', { targetingKey: 'user-456' }, 'on', 'TARGETING_MATCH'],
  ])('serves the DESIGN example as intended (SDK and flagd-core): %s', (_n, ctx, variant, reason) => {
    const t = text(ok(newCheckout));
    expect(sdkEval(t, 'new-checkout', ctx)).toMatchObject({ variant, reason });
    expect(flagdCore(t).resolveBooleanEvaluation('new-checkout', false, ctx)).toMatchObject({
      variant,
      reason,
    });
  });

  it('uses spec.key as the flag key when given', () => {
    expect(ok(featureFlag({ name: 'n', spec: { key: 'checkout.v2', ...boolVariants } })).key).toBe(
      'checkout.v2',
    );
  });

  it('publishes no targeting when there is neither sugar nor targeting (STATIC)', () => {
    const c = ok(featureFlag({ spec: { ...boolVariants, state: 'DISABLED' } }));
    expect(c.flag).toEqual({
      state: 'DISABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      metadata: { type: 'release' },
    });
  });

  it('passes raw targeting through unchanged', () => {
    const targeting = { if: [{ sem_ver: [{ var: 'v' }, '>=', '1.0.0'] }, 'on', null] };
    expect(ok(featureFlag({ spec: { ...boolVariants, targeting } })).flag.targeting).toEqual(targeting);
  });

  it('drops an empty raw targeting', () => {
    expect(ok(featureFlag({ spec: { ...boolVariants, targeting: {} } })).flag.targeting).toBeUndefined();
  });

  it('compiles a distribution for an experiment', () => {
    const c = ok(
      featureFlag({
        spec: {
          variants: { a: 'A', b: 'B', c: 'C' },
          defaultVariant: 'a',
          type: 'experiment',
          distribution: [
            { variant: 'a', weight: 50 },
            { variant: 'b', weight: 25 },
            { variant: 'c', weight: 25 },
          ],
        },
      }),
    );
    expect(c.flag.targeting).toEqual({
      fractional: [
        ['a', 50],
        ['b', 25],
        ['c', 25],
      ],
    });
    expect(flagdSchemaErrors(JSON.parse(text(c)))).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'default variant not in variants',
      { variants: { on: true, off: false }, defaultVariant: 'maybe' },
      'spec.defaultVariant',
    ],
    [
      'type mismatch across variants',
      { variants: { on: true, off: 'no' }, defaultVariant: 'off' },
      'spec.variants.off',
    ],
    ['percentage over 100', { ...boolVariants, rollout: { percentage: 101 } }, 'spec.rollout.percentage'],
    [
      'raw targeting and sugar together',
      { ...boolVariants, targeting: { '==': [1, 1] }, rollout: { percentage: 5 } },
      'spec.targeting',
    ],
    [
      'an unknown operator',
      { ...boolVariants, targeting: { if: [{ regex: [{ var: 'e' }, '.*'] }, 'on', null] } },
      'spec.targeting.if[0]',
    ],
    [
      'bad JsonLogic arity',
      { ...boolVariants, targeting: { if: [{ '==': [{ var: 'e' }] }, 'on', null] } },
      'spec.targeting.if[0]["=="]',
    ],
    [
      'a raw result that is not a variant',
      { ...boolVariants, targeting: { if: [{ '==': [{ var: 'e' }, 1] }, 'yes', null] } },
      'spec.targeting.if[1]',
    ],
    [
      'an unknown $ref',
      { ...boolVariants, targeting: { if: [{ $ref: 'nope' }, 'on', null] } },
      'spec.targeting.if[0].$ref',
    ],
    [
      'an unknown segment in a rule',
      { ...boolVariants, rules: [{ name: 'r', when: { segment: 'nope' }, variant: 'on' }] },
      'spec.rules[0].when.segment',
    ],
    [
      'a glob that cannot be expressed',
      { ...boolVariants, rules: [{ name: 'r', when: { attribute: 'e', matches: 'a*b*c' }, variant: 'on' }] },
      'spec.rules[0].when.matches',
    ],
    [
      'a rule variant that is not a variant',
      { ...boolVariants, rules: [{ name: 'r', when: { attribute: 'e', equals: 1 }, variant: 'maybe' }] },
      'spec.rules[0].variant',
    ],
    [
      'a bad segment of its own',
      { ...boolVariants, segments: { s: { attribute: 'e', matches: 'x?' } } },
      'spec.segments.s.matches',
    ],
  ])('reports %s at its path, never throwing', (_n, spec, path) => {
    expect(issuesOf(featureFlag({ spec })).map((i) => i.path)).toContain(path);
  });

  it('reports a non-object without throwing', () => {
    expect(issuesOf(null).length).toBeGreaterThan(0);
    expect(issuesOf({ kind: 'FeatureFlag' }).length).toBeGreaterThan(0);
  });

  describe('segments', () => {
    const owner = featureFlag({
      name: 'owner',
      spec: {
        ...boolVariants,
        segments: {
          staff: { attribute: 'email', endsWith: '@company.com' },
          internal: { any: [{ segment: 'staff' }, { attribute: 'ip', startsWith: '10.' }] },
        },
      },
    });
    const user = featureFlag({
      name: 'user',
      spec: { ...boolVariants, rules: [{ name: 'r', when: { segment: 'internal' }, variant: 'on' }] },
    });
    const { pool } = buildSegmentPool([
      { key: 'owner', segments: (owner.spec as { segments: never }).segments },
    ]);

    it('compile to a $ref plus the evaluator, fully inlined', () => {
      const c = ok(user, { segments: pool });
      expect(c.flag.targeting).toEqual({ if: [{ $ref: 'internal' }, 'on', null] });
      expect(JSON.parse(c.evaluators.internal ?? 'null')).toEqual({
        or: [{ ends_with: [{ var: 'email' }, '@company.com'] }, { starts_with: [{ var: 'ip' }, '10.'] }],
      });
    });

    it('work the same in raw targeting, and evaluate as intended', () => {
      const raw = ok(
        featureFlag({
          name: 'raw',
          spec: { ...boolVariants, targeting: { if: [{ $ref: 'staff' }, 'on', 'off'] } },
        }),
        { segments: pool },
      );
      const t = text(raw, ok(user, { segments: pool }));
      expect(flagdSchemaErrors(JSON.parse(t))).toEqual([]);
      for (const key of ['raw', 'user']) {
        expect(sdkEval(t, key, { email: 'a@company.com' }).value).toBe(true);
        expect(flagdCore(t).resolveBooleanEvaluation(key, false, { email: 'a@company.com' }).value).toBe(
          true,
        );
        expect(sdkEval(t, key, { email: 'a@else.com' }).value).toBe(false);
      }
    });

    it('report a cycle', () => {
      const cyc = featureFlag({
        name: 'c',
        spec: {
          ...boolVariants,
          segments: { a: { segment: 'b' }, b: { segment: 'a' } },
          rules: [{ name: 'r', when: { segment: 'a' }, variant: 'on' }],
        },
      });
      const built = buildSegmentPool([{ key: 'c', segments: (cyc.spec as { segments: never }).segments }]);
      expect(
        issuesOf(cyc, { segments: built.pool })
          .map((i) => i.message)
          .join(' '),
      ).toMatch(/cycle/);
    });
  });

  describe('run-time state from status', () => {
    const ks = { metrics: [{ name: 'm', templateRef: { name: 't' }, thresholdRange: { max: 1 } }] };
    it('a fired kill switch disables the flag', () => {
      const c = ok(
        featureFlag({
          spec: { ...boolVariants, rollout: { percentage: 50 }, killSwitch: ks },
          status: { killSwitch: { fired: true } },
        }),
      );
      expect(c.flag.state).toBe('DISABLED');
    });
    it('a fired kill switch with action variant serves that variant to everyone', () => {
      const c = ok(
        featureFlag({
          spec: {
            ...boolVariants,
            defaultVariant: 'on',
            rollout: { percentage: 50 },
            killSwitch: { ...ks, action: 'variant', variant: 'off' },
          },
          status: { killSwitch: { fired: true } },
        }),
      );
      expect(c.flag).toMatchObject({ state: 'ENABLED', defaultVariant: 'off' });
      expect(c.flag.targeting).toBeUndefined();
    });
    it('a rolled-back guarded rollout serves the fallback variant', () => {
      const c = ok(
        featureFlag({
          spec: { ...boolVariants, rollout: { strategy: 'guarded', metrics: ks.metrics } },
          status: { rollout: { phase: 'RolledBack', percentage: 5 } },
        }),
      );
      expect(c.flag.defaultVariant).toBe('off');
      expect(c.flag.targeting).toBeUndefined();
    });
  });

  it('is deterministic: same spec, same json and hash', () => {
    expect(ok(newCheckout)).toEqual(ok(structuredClone(newCheckout)));
  });
});
