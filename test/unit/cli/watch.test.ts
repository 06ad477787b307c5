import { describe, expect, it } from 'vitest';
import { viewCanary } from '../../../src/cli/canary-view.js';
import { finalLine, renderLine } from '../../../src/cli/watch.js';

const canary = (status: object, analysis: object = { maxWeight: 50 }) =>
  viewCanary({ metadata: { name: 'web', namespace: 'shop' }, spec: { analysis }, status });

describe('renderLine', () => {
  it('draws the weight towards maxWeight', () => {
    expect(
      renderLine(canary({ phase: 'Progressing', canaryWeight: 25, failedChecks: 1 }), { ascii: true }),
    ).toBe('shop/web  Progressing  [##########----------] 25/50%  failed 1/5');
  });

  it('shows the last metrics', () => {
    const line = renderLine(
      canary({
        phase: 'Progressing',
        canaryWeight: 10,
        metrics: [{ name: 'error-rate', value: 0.2, verdict: 'Pass', time: '2026-01-01T00:00:00Z' }],
      }),
      { ascii: true },
    );
    expect(line.endsWith('failed 0/5  error-rate=0.2')).toBe(true);
  });

  it.each([
    ['Succeeded', '[####################] promoted'],
    ['Failed', '[--------------------] rolled back'],
  ])('says how a %s rollout ended', (phase, bar) => {
    expect(renderLine(canary({ phase, canaryWeight: 0 }), { ascii: true })).toBe(
      `shop/web  ${phase}  ${bar}  failed 0/5`,
    );
  });

  it('shows the weight alone for A/B', () => {
    expect(renderLine(canary({ phase: 'Progressing' }, { iterations: 5 }))).toContain('weight 0%');
  });

  it('fits the terminal width', () => {
    const line = renderLine(canary({ phase: 'Progressing', canaryWeight: 25 }), { width: 20 });
    expect(line).toHaveLength(20);
    expect(line.endsWith('…')).toBe(true);
  });
});

describe('finalLine', () => {
  it.each([
    [{ phase: 'Succeeded' }, 'Canary shop/web: rollout succeeded\n'],
    [
      { phase: 'Failed', conditions: [{ type: 'Ready', status: 'False', message: 'error-rate above 1' }] },
      'Canary shop/web: rollout failed: error-rate above 1\n',
    ],
  ])('%j', (status, expected) => {
    expect(finalLine(canary(status))).toBe(expected);
  });
});
