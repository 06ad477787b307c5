import { describe, expect, it } from 'vitest';
import { exampleFeatureFlag } from '../../../src/api/examples.js';
import { describeFlag, flagRows } from '../../../src/cli/flags-read.js';
import type { FeatureFlagObject } from '../../../src/cli/kinds.js';

const now = Date.parse('2026-01-01T01:00:00Z');
const ff = (extra: object = {}): FeatureFlagObject => {
  const f = exampleFeatureFlag('shop');
  return {
    ...f,
    metadata: { ...f.metadata, creationTimestamp: '2026-01-01T00:00:00Z' },
    ...extra,
  };
};
const published = {
  status: {
    conditions: [
      { type: 'Ready', status: 'True', reason: 'Published', lastTransitionTime: '2026-01-01T00:30:00Z' },
    ],
    publishedTo: { namespace: 'shop', configMap: 'fledge-flags-default' },
  },
};

describe('flagRows', () => {
  it('shows set, state, default, rollout, readiness and age', () => {
    const out = flagRows([ff(published)], now, false).split('\n');
    expect(out[0]).toBe('NAME           SET       STATE     DEFAULT   ROLLOUT   READY   AGE');
    expect(out[1]).toMatch(/^new-checkout\s+default\s+ENABLED\s+off\s+\d+%\s+True\s+60m$/);
  });

  it('shows why a flag is not ready', () => {
    const bad = ff({ status: { conditions: [{ type: 'Ready', status: 'False', reason: 'Invalid' }] } });
    expect(flagRows([bad], now, true).split('\n')[1]).toMatch(/^shop\s+new-checkout\s.*False \(Invalid\)/);
  });
});

describe('describeFlag', () => {
  it('shows the flag, where it is published and its conditions', () => {
    const out = describeFlag(ff(published), now);
    expect(out).toContain('FeatureFlag shop/new-checkout\n');
    expect(out).toContain('flag set:       default (ConfigMap fledge-flags-default)');
    expect(out).toContain('published to:   shop/fledge-flags-default');
    expect(out).toMatch(/CONDITION\s+STATUS\s+REASON\s+AGE\nReady\s+True\s+Published\s+30m/);
  });

  it('says when the flag was not reconciled', () => {
    expect(describeFlag(ff(), now)).toContain('ready:          unknown (not reconciled yet)');
  });
});
