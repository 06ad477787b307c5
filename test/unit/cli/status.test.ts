import { describe, expect, it } from 'vitest';
import { viewCanary } from '../../../src/cli/canary-view.js';
import { statusDetail, statusRows } from '../../../src/cli/status.js';

const now = Date.parse('2026-01-01T00:10:00Z');
const web = viewCanary({
  metadata: { name: 'web', namespace: 'shop' },
  spec: { analysis: { maxWeight: 50, threshold: 5 } },
  status: {
    phase: 'Progressing',
    canaryWeight: 30,
    failedChecks: 2,
    lastTransitionTime: '2026-01-01T00:05:00Z',
    metrics: [
      {
        name: 'request-success-rate',
        value: 99.5,
        verdict: 'Pass',
        time: '2026-01-01T00:09:00Z',
        thresholdRange: { min: 99 },
      },
      {
        name: 'error-rate',
        value: 3,
        verdict: 'Fail',
        reason: 'AboveMax',
        time: '2026-01-01T00:09:00Z',
        thresholdRange: { max: 1 },
      },
    ],
  },
});

describe('statusRows', () => {
  it('shows phase, weight/max, failed/threshold, metrics and age', () => {
    expect(statusRows([web], now, false)).toBe(
      [
        'NAME   PHASE         WEIGHT   FAILED   METRICS                                       LAST TRANSITION',
        'web    Progressing   30/50    2/5      request-success-rate=99.5 error-rate=3!Fail   5m',
        '',
      ].join('\n'),
    );
  });

  it('adds a namespace column for -A', () => {
    expect(statusRows([web], now, true).split('\n')[1]).toMatch(/^shop\s+web\s+Progressing/);
  });
});

describe('statusDetail', () => {
  it('lists each check with its threshold and verdict', () => {
    const out = statusDetail(web, now);
    expect(out).toContain('request-success-rate   99.5    >= 99       Pass      -          60s');
    expect(out).toContain('error-rate             3       <= 1        Fail      AboveMax   60s');
  });
});
