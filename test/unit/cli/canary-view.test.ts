import { describe, expect, it } from 'vitest';
import type { MetricMeasurement } from '../../../src/api/metric-check.js';
import {
  formatMetric,
  latestMetrics,
  maxWeightOf,
  phaseLabel,
  viewCanary,
  weightLabel,
} from '../../../src/cli/canary-view.js';

const m = (
  name: string,
  value: number | undefined,
  time: string,
  verdict: MetricMeasurement['verdict'] = 'Pass',
) => ({ name, value, time, verdict }) as MetricMeasurement;

describe('maxWeightOf', () => {
  it.each([
    ['explicit maxWeight', { maxWeight: 30, stepWeight: 10 }, 30],
    ['default', {}, 50],
    ['undefined analysis', undefined, 50],
    ['stepWeights: the last step', { stepWeights: [1, 5, 25, 80] }, 80],
    ['a first step above the default max', { stepWeight: 60 }, 60],
    ['doubling', { doubling: { initialWeight: 5 } }, 50],
    ['A/B iterations have none', { iterations: 10 }, undefined],
  ])('%s', (_n, analysis, expected) => {
    expect(maxWeightOf(analysis)).toBe(expected);
  });
});

describe('latestMetrics', () => {
  it('keeps the newest measurement per check, in first-seen order', () => {
    const out = latestMetrics([
      m('success', 99, '2026-01-01T00:00:00Z'),
      m('latency', 200, '2026-01-01T00:00:00Z'),
      m('success', 97, '2026-01-01T00:01:00Z', 'Fail'),
    ]);
    expect(out.map((x) => [x.name, x.value])).toEqual([
      ['success', 97],
      ['latency', 200],
    ]);
  });
});

describe('formatMetric', () => {
  it.each([
    [m('error-rate', 0.5, 't'), 'error-rate=0.5'],
    [m('error-rate', 7.25, 't', 'Fail'), 'error-rate=7.25!Fail'],
    [m('success', undefined, 't', 'NoData'), 'success=none!NoData'],
  ])('%j', (metric, expected) => {
    expect(formatMetric(metric)).toBe(expected);
  });
});

describe('viewCanary', () => {
  it('reads status and spec', () => {
    const v = viewCanary({
      metadata: { name: 'web', namespace: 'shop' },
      spec: { analysis: { maxWeight: 40, threshold: 3 } },
      status: {
        phase: 'Progressing',
        canaryWeight: 20,
        failedChecks: 1,
        metrics: [m('success', 99.9, '2026-01-01T00:00:00Z')],
        conditions: [{ type: 'Ready', status: 'False', reason: 'Progressing', message: 'step 2' }],
      },
    });
    expect(v).toMatchObject({
      namespace: 'shop',
      name: 'web',
      phase: 'Progressing',
      weight: 20,
      maxWeight: 40,
    });
    expect(v).toMatchObject({ failedChecks: 1, threshold: 3, paused: false, message: 'step 2' });
    expect(weightLabel(v)).toBe('20/40');
    expect(phaseLabel(v)).toBe('Progressing');
  });

  it('defaults an object without status', () => {
    const v = viewCanary({ metadata: { name: 'web', namespace: 'shop' } });
    expect(v).toMatchObject({ phase: 'Initializing', weight: 0, failedChecks: 0, threshold: 5, metrics: [] });
  });

  it.each([
    ['the Paused condition', { status: { conditions: [{ type: 'Paused', status: 'True' as const }] } }],
    ['the pause annotation', { metadata: { annotations: { 'fledge.dev/pause': 'x' } } }],
    ['spec.suspend', { spec: { suspend: true } }],
  ])('is paused by %s', (_n, extra) => {
    const v = viewCanary({
      metadata: { name: 'a', ...('metadata' in extra ? extra.metadata : {}) },
      ...extra,
    });
    expect(v.paused).toBe(true);
    expect(phaseLabel({ ...v, phase: 'Progressing' })).toBe('Progressing (paused)');
  });
});
