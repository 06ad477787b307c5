import { describe, expect, it } from 'vitest';
import { experimentResultsSchema } from '../../../../src/api/feature-flag-status.js';
import { analyseExperiment } from '../../../../src/metrics/stats/experiment.js';
import { describeMethods, toExperimentStatus } from '../../../../src/metrics/stats/to-status.js';

const at = new Date('2026-11-28T01:02:03.456Z');

describe('toExperimentStatus', () => {
  const analysis = analyseExperiment({
    control: 'off',
    variants: [
      { variant: 'off', exposures: 5000, weight: 50, conversions: { purchase: 500 } },
      { variant: 'on', exposures: 5000, weight: 50, conversions: { purchase: 600 } },
      { variant: 'new', exposures: 20, weight: 0, conversions: { purchase: 1 } },
    ],
  });
  const status = toExperimentStatus(analysis, at);

  it('produces exactly the FeatureFlag status.experiment shape', () => {
    expect(experimentResultsSchema.parse(status)).toEqual(status);
    expect(status.computedAt).toBe('2026-11-28T01:02:03Z');
    expect(status.control).toBe('off');
    expect(status.confidenceLevel).toBe(0.95);
    expect(status.sampleRatioMismatch).toEqual({ pValue: 0, mismatch: true });
  });

  it('writes the adjusted p-value, so significant is pValue < alpha', () => {
    const on = status.variants[1]?.events?.[0];
    const analysed = analysis.variants[1]?.events[0];
    expect(on).toMatchObject({ event: 'purchase', conversions: 600, rate: 0.12, significant: true });
    expect(on?.pValue).toBe(analysed?.adjustedPValue);
    expect(on?.pValue).not.toBe(analysed?.pValue);
    expect(on?.ciLow).toBe(analysed?.interval?.low);
    expect(on?.ciHigh).toBe(analysed?.interval?.high);
    expect(on?.lift).toBe(analysed?.lift);
  });

  it('leaves verdict fields out without enough data and for the control', () => {
    expect(status.variants[2]?.events?.[0]).toEqual({
      event: 'purchase',
      conversions: 1,
      rate: 0.05,
      ciLow: expect.any(Number),
      ciHigh: expect.any(Number),
      lift: expect.any(Number),
    });
    expect(status.variants[0]?.events?.[0]).not.toHaveProperty('pValue');
  });

  it('names the test, the correction and the interval', () => {
    expect(status.method).toBe(
      'two-proportion z-test (pooled), two-sided, Holm-Bonferroni adjusted at alpha 0.05; rate CI: Wilson score interval',
    );
    expect(describeMethods(analysis).length).toBeLessThanOrEqual(256);
  });

  it('omits the SRM check when there are no weights', () => {
    const bare = analyseExperiment({
      control: 'a',
      variants: [{ variant: 'a', exposures: 10, conversions: {} }],
    });
    expect(toExperimentStatus(bare, at)).not.toHaveProperty('sampleRatioMismatch');
  });
});
