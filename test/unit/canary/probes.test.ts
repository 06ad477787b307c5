import { describe, expect, it } from 'vitest';
import type { Canary } from '../../../src/api/canary.js';
import { probes, type Probes } from '../../../src/canary/probes.js';
import { ago, at, canary, NOW, REV, settledAt } from './builders.js';

const hooks = {
  analysis: {
    webhooks: [
      { name: 'go', type: 'confirm-rollout' as const, url: 'http://h/1' },
      { name: 'smoke', type: 'pre-rollout' as const, url: 'http://h/2' },
      { name: 'load', type: 'rollout' as const, url: 'http://h/3' },
      { name: 'more', type: 'confirm-traffic-increase' as const, url: 'http://h/4' },
      { name: 'ship', type: 'confirm-promotion' as const, url: 'http://h/5' },
      { name: 'tell', type: 'post-rollout' as const, url: 'http://h/6' },
    ],
  },
};
const with_ = (c: Canary): Canary => ({
  ...c,
  spec: { ...c.spec, analysis: { ...c.spec.analysis, ...hooks.analysis } },
});

describe('probes: what observe must fetch', () => {
  it.each<[string, Canary, boolean, Probes]>([
    [
      'settled, same revision → nothing',
      with_(settledAt('Succeeded', REV)),
      false,
      { metrics: false, stepRequests: false, webhooks: [] },
    ],
    [
      'settled, new revision → confirm-rollout',
      with_(settledAt('Succeeded')),
      true,
      { metrics: false, stepRequests: false, webhooks: ['go'] },
    ],
    [
      'progressing, not started → pre-rollout and gates, no metrics',
      with_(at(0, { stepStartedAt: undefined, lastAnalysisTime: undefined })),
      false,
      { metrics: false, stepRequests: false, webhooks: ['smoke', 'more', 'ship'] },
    ],
    [
      'progressing, due → metrics, rollout hooks and gates',
      with_(at(20)),
      false,
      { metrics: true, stepRequests: false, webhooks: ['load', 'more', 'ship'] },
    ],
    [
      'progressing, not due → nothing',
      with_(at(20, { lastAnalysisTime: ago(1000) })),
      false,
      { metrics: false, stepRequests: false, webhooks: [] },
    ],
    [
      'doubling, due → step sample count too',
      at(4, {}, { analysis: { doubling: {} } }),
      false,
      { metrics: true, stepRequests: true, webhooks: [] },
    ],
    [
      'waiting for promotion → confirm-promotion',
      with_(at(50, { phase: 'WaitingPromotion' })),
      false,
      { metrics: false, stepRequests: false, webhooks: ['ship'] },
    ],
    [
      'suspended → nothing',
      at(20, {}, { spec: { suspend: true } }),
      false,
      { metrics: false, stepRequests: false, webhooks: [] },
    ],
    [
      'initializing → nothing',
      canary(undefined),
      false,
      { metrics: false, stepRequests: false, webhooks: [] },
    ],
  ])('%s', (_name, c, changed, expected) => {
    expect(probes(c, changed, NOW)).toEqual(expected);
  });
});
