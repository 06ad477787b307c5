import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../src/api/errors.js';
import { type VariantCounts, analyseExperiment } from '../../../../src/metrics/stats/experiment.js';
import { expectClose } from './close.js';

const v = (variant: string, exposures: number, purchase: number, weight?: number): VariantCounts => ({
  variant,
  exposures,
  conversions: { purchase },
  ...(weight !== undefined ? { weight } : {}),
});

const event = (a: ReturnType<typeof analyseExperiment>, variant: string, name = 'purchase') =>
  a.variants.find((x) => x.variant === variant)?.events.find((e) => e.event === name);

// p-values below: scipy 1.17.1
// scipy.stats.chi2_contingency([[x1, n1-x1], [x0, n0-x0]], correction=False).pvalue
const P_600_VS_500 = 0.0013934041792054727; // 600/5000 vs 500/5000
const P_550_VS_500 = 0.10288249349836427; // 550/5000 vs 500/5000

describe('analyseExperiment', () => {
  it('reports a real 20 % lift as significant, naming every method', () => {
    const a = analyseExperiment({
      control: 'off',
      variants: [v('off', 5000, 500, 50), v('on', 5000, 600, 50)],
    });
    expect(a).toMatchObject({
      control: 'off',
      method: 'two-proportion z-test (pooled), two-sided',
      intervalMethod: 'Wilson score interval',
      correction: 'Holm-Bonferroni',
      confidenceLevel: 0.95,
      alpha: 0.05,
      insufficientData: false,
      sampleRatioMismatch: {
        mismatch: false,
        pValue: 1,
        method: expect.stringContaining('chi-square') as unknown,
      },
    });
    expect(a.liftMethod).toContain('delta-method');
    const on = event(a, 'on');
    expect(on).toMatchObject({ conversions: 600, rate: 0.12, verdict: 'significant', significant: true });
    expectClose(on?.lift ?? NaN, 0.2, 1e-12);
    expectClose(on?.pValue ?? NaN, P_600_VS_500, 1e-10, true);
    expect(on?.adjustedPValue).toBe(on?.pValue);
    // scipy 1.17.1: relative_risk(600, 5000, 500, 5000).confidence_interval(0.95)
    expectClose(on?.liftInterval?.low ?? NaN, 0.0728302870308846, 1e-12);
    expect(event(a, 'off')).toMatchObject({ verdict: 'control', rate: 0.1 });
    expect(event(a, 'off')?.pValue).toBeUndefined();
  });

  it('reports nothing significant for an A/A test', () => {
    const a = analyseExperiment({ control: 'a', variants: [v('a', 5000, 500), v('b', 5000, 500)] });
    expect(event(a, 'b')).toMatchObject({
      verdict: 'notSignificant',
      significant: false,
      pValue: 1,
      lift: 0,
    });
    expect(a.sampleRatioMismatch).toBeUndefined();
  });

  it('A/A with equal counts is never significant', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 1_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 4 }),
        (n, rate, arms) => {
          const x = Math.round(n * rate);
          const variants = Array.from({ length: arms + 1 }, (_, i) => v(`v${i}`, n, x, 1));
          const a = analyseExperiment({ control: 'v0', variants });
          for (const variant of a.variants) {
            const e = variant.events[0];
            expect(e?.significant ?? false).toBe(false);
            if (e?.pValue !== undefined) expect(e.pValue).toBe(1);
          }
          expect(a.sampleRatioMismatch?.mismatch).toBe(false);
        },
      ),
    );
  });

  it('p-values stay in [0, 1] and rates inside their intervals', () => {
    const arbArm = fc
      .integer({ min: 0, max: 100_000 })
      .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n })));
    fc.assert(
      fc.property(fc.array(arbArm, { minLength: 2, maxLength: 5 }), (arms) => {
        const a = analyseExperiment({
          control: 'v0',
          variants: arms.map(([n, x], i) => v(`v${i}`, n, x, 1)),
        });
        for (const e of a.variants.flatMap((x) => x.events)) {
          for (const p of [e.pValue, e.adjustedPValue])
            if (p !== undefined) expect(p >= 0 && p <= 1).toBe(true);
          if (e.rate !== undefined)
            expect(e.interval!.low <= e.rate && e.rate <= e.interval!.high).toBe(true);
          expect(e.verdict === 'significant').toBe(e.significant === true);
        }
      }),
    );
  });

  it('corrects across several treatments (Holm by default, Bonferroni on request)', () => {
    const input = { control: 'a', variants: [v('a', 5000, 500), v('b', 5000, 600), v('c', 5000, 550)] };
    const holm = analyseExperiment(input);
    expectClose(event(holm, 'b')?.adjustedPValue ?? NaN, 2 * P_600_VS_500, 1e-10, true);
    expectClose(event(holm, 'c')?.adjustedPValue ?? NaN, P_550_VS_500, 1e-10, true);
    const bonferroni = analyseExperiment(input, { correction: 'bonferroni', alpha: 0.002 });
    expect(bonferroni.correction).toBe('Bonferroni');
    expectClose(event(bonferroni, 'c')?.adjustedPValue ?? NaN, 2 * P_550_VS_500, 1e-10, true);
    // 2 × 0.00139 > 0.002: significant alone, not after correction.
    expect(event(bonferroni, 'b')?.significant).toBe(false);
    expect(event(analyseExperiment(input, { correction: 'none', alpha: 0.002 }), 'b')?.significant).toBe(
      true,
    );
  });

  it('a treatment without data still counts in the correction family', () => {
    const a = analyseExperiment({
      control: 'a',
      variants: [v('a', 5000, 500), v('b', 5000, 600), v('c', 50, 5)],
    });
    expectClose(event(a, 'b')?.adjustedPValue ?? NaN, 2 * P_600_VS_500, 1e-10, true);
    expect(event(a, 'c')).toMatchObject({
      verdict: 'insufficientData',
      rate: 0.1,
      reason: expect.stringContaining('fewer than 100') as unknown,
    });
  });

  it('gives no verdict below the minimum exposures or expected counts, but still describes the data', () => {
    const few = analyseExperiment({ control: 'a', variants: [v('a', 99, 10), v('b', 99, 20)] });
    expect(few.insufficientData).toBe(true);
    expect(event(few, 'b')).toMatchObject({
      verdict: 'insufficientData',
      reason: 'variant b has 99 exposures, fewer than 100',
    });
    expect(event(few, 'b')?.pValue).toBeUndefined();
    expect(event(few, 'b')?.significant).toBeUndefined();
    expect(event(few, 'b')?.interval).toBeDefined();
    expect(
      event(
        analyseExperiment({ control: 'a', variants: [v('a', 99, 10), v('b', 99, 20)] }, { minExposures: 50 }),
        'b',
      )?.verdict,
    ).toBe('significant');
    const rare = analyseExperiment({ control: 'a', variants: [v('a', 1000, 2), v('b', 1000, 6)] });
    expect(event(rare, 'b')?.reason).toMatch(/expects 4\.0 purchase \(non-\)conversions, fewer than 5/);
  });

  it('never tests an empty arm, whatever the minimum', () => {
    const a = analyseExperiment(
      { control: 'a', variants: [v('a', 0, 0), v('b', 10, 5)] },
      { minExposures: 0 },
    );
    expect(event(a, 'b')).toMatchObject({
      verdict: 'insufficientData',
      reason: 'variant a has 0 exposures, fewer than 1',
    });
  });

  it('refuses a verdict when conversions exceed exposures', () => {
    const a = analyseExperiment({ control: 'a', variants: [v('a', 1000, 100), v('b', 1000, 1200)] });
    expect(event(a, 'b')).toMatchObject({
      verdict: 'insufficientData',
      reason: 'variant b has more purchase conversions than exposures',
    });
    expect(event(a, 'b')?.rate).toBeUndefined();
  });

  it('reports every event seen (sorted), or the events asked for; a missing event is 0', () => {
    const variants: VariantCounts[] = [
      { variant: 'a', exposures: 1000, conversions: { signup: 100, cart: 300 } },
      { variant: 'b', exposures: 1000, conversions: { cart: 320 } },
    ];
    const a = analyseExperiment({ control: 'a', variants });
    expect(a.variants[1]?.events.map((e) => [e.event, e.conversions])).toEqual([
      ['cart', 320],
      ['signup', 0],
    ]);
    const only = analyseExperiment({ control: 'a', variants, events: ['signup'] });
    expect(only.variants[0]?.events.map((e) => e.event)).toEqual(['signup']);
  });

  it('rounds fractional counters from PromQL increase()', () => {
    const a = analyseExperiment({ control: 'a', variants: [v('a', 999.6, 99.7), v('b', 1000.2, 100.4)] });
    expect(a.variants.map((x) => [x.exposures, x.events[0]?.conversions])).toEqual([
      [1000, 100],
      [1000, 100],
    ]);
  });

  it('flags a sample-ratio mismatch from the weights', () => {
    const a = analyseExperiment(
      { control: 'a', variants: [v('a', 5200, 520, 50), v('b', 4800, 480, 50)] },
      { srmAlpha: 0.01 },
    );
    expect(a.sampleRatioMismatch).toMatchObject({ mismatch: true, alpha: 0.01, statistic: 16 });
  });

  it('rejects input that is a caller bug', () => {
    expect(() => analyseExperiment({ control: 'z', variants: [v('a', 1, 0)] })).toThrow(ValidationError);
    expect(() => analyseExperiment({ control: 'a', variants: [v('a', -1, 0)] })).toThrow(
      /variants\[0\]\.exposures/,
    );
    expect(() => analyseExperiment({ control: 'a', variants: [v('a', 1, NaN)] })).toThrow(
      /conversions\.purchase/,
    );
    expect(() => analyseExperiment({ control: 'a', variants: [v('a', 1, 0), v('a', 1, 0)] })).toThrow(
      /duplicate/,
    );
    expect(() => analyseExperiment({ control: 'a', variants: [v('a', 1, 0)] }, { alpha: 0 })).toThrow(
      RangeError,
    );
  });
});
