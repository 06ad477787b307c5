import { describe, expect, it } from 'vitest';
import { withCanaryDefaults } from '../../../src/api/canary-defaults.js';
import type { Canary } from '../../../src/api/canary.js';
import { exampleCanary } from '../../../src/api/examples.js';
import { validateCanary } from '../../../src/api/validate.js';

function minimal(analysis?: Canary['spec']['analysis']): Canary {
  return {
    apiVersion: 'fledge.dev/v1alpha1',
    kind: 'Canary',
    metadata: { name: 'checkout', namespace: 'shop' },
    spec: { targetRef: { name: 'checkout-api' }, service: { port: 8080 }, ...(analysis ? { analysis } : {}) },
  };
}

describe('withCanaryDefaults', () => {
  it('fills every default of a minimal canary', () => {
    expect(withCanaryDefaults(minimal()).spec).toEqual({
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout-api' },
      progressDeadlineSeconds: 600,
      skipAnalysis: false,
      suspend: false,
      revertOnDeletion: false,
      service: { name: 'checkout-api', port: 8080, targetPort: 8080, portName: 'http', portDiscovery: false },
      analysis: {
        interval: '1m',
        threshold: 5,
        stepWeight: 10,
        maxWeight: 50,
        minRequests: 20,
        noDataTimeout: '10m',
        historyLimit: 20,
        metrics: [],
        webhooks: [],
      },
    });
  });

  it.each<[string, Canary['spec']['analysis'], Record<string, unknown>]>([
    ['explicit steps: no stepWeight, no maxWeight', { stepWeights: [5, 10] }, { stepWeights: [5, 10] }],
    [
      'doubling: start at 1, 1000 samples, cap 50',
      { doubling: {} },
      { doubling: { initialWeight: 1, minSampleSize: 1000 }, maxWeight: 50 },
    ],
    ['a big first step raises the default cap', { stepWeight: 60 }, { stepWeight: 60, maxWeight: 60 }],
    ['a small cap lowers the default step', { maxWeight: 5 }, { stepWeight: 5, maxWeight: 5 }],
    ['A/B: iterations only', { iterations: 10 }, { iterations: 10 }],
  ])('%s', (_name, analysis, expected) => {
    const out = withCanaryDefaults(minimal(analysis)).spec.analysis;
    expect(out).toMatchObject(expected);
    if (!('stepWeight' in expected)) expect(out).not.toHaveProperty('stepWeight');
    if (!('maxWeight' in expected)) expect(out).not.toHaveProperty('maxWeight');
  });

  it('defaults metric intervals to the analysis interval and template namespaces to the canary one', () => {
    const out = withCanaryDefaults(
      minimal({
        interval: '30s',
        metrics: [
          { name: 'error-rate', thresholdRange: { max: 1 } },
          { name: 'custom', templateRef: { name: 't' }, thresholdRange: { max: 1 }, interval: '5m' },
        ],
      }),
    ).spec.analysis.metrics;
    expect(out).toEqual([
      { name: 'error-rate', thresholdRange: { max: 1 }, interval: '30s', dryRun: false },
      {
        name: 'custom',
        templateRef: { name: 't', namespace: 'shop' },
        thresholdRange: { max: 1 },
        interval: '5m',
        dryRun: false,
      },
    ]);
  });

  it('gives gates an onTimeout only when they have a gateTimeout', () => {
    const hooks = withCanaryDefaults(
      minimal({
        webhooks: [
          { name: 'a', url: 'http://a' },
          { name: 'b', type: 'confirm-promotion', url: 'http://b', gateTimeout: '1h' },
        ],
      }),
    ).spec.analysis.webhooks;
    expect(hooks).toEqual([
      { name: 'a', url: 'http://a', type: 'rollout', timeout: '10s', retries: 0, metadata: {} },
      {
        name: 'b',
        url: 'http://b',
        type: 'confirm-promotion',
        gateTimeout: '1h',
        onTimeout: 'hold',
        timeout: '10s',
        retries: 0,
        metadata: {},
      },
    ]);
  });

  it('keeps what the user wrote', () => {
    const canary = exampleCanary();
    const out = withCanaryDefaults(canary);
    expect(out.spec.progressDeadlineSeconds).toBe(60);
    expect(out.spec.analysis.interval).toBe('30s');
    expect(out.spec.analysis.webhooks[1]?.onTimeout).toBe('abort');
  });

  it('is pure, idempotent, and keeps a valid canary valid', () => {
    for (const canary of [minimal(), exampleCanary(), minimal({ doubling: { initialWeight: 70 } })]) {
      const before = structuredClone(canary);
      const once = withCanaryDefaults(canary);
      expect(canary).toEqual(before);
      expect(withCanaryDefaults(once)).toEqual(once);
      expect(validateCanary(once).ok).toBe(true);
    }
  });
});
