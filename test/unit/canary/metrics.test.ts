import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { CanaryStatus } from '../../../src/api/canary-status.js';
import { createCanaryMetrics } from '../../../src/canary/metrics.js';

const at = '2026-11-28T00:00:00Z';
const status = (over: Partial<CanaryStatus>): CanaryStatus => ({ phase: 'Progressing', ...over });
const measurement = (name: string, value: number | undefined, verdict: string) =>
  ({
    name,
    verdict,
    reason: 'InRange',
    message: '',
    time: at,
    ...(value === undefined ? {} : { value }),
  }) as never;

describe('canary operator metrics', () => {
  it('exposes weight, phase, failed checks and the last value and verdict per check', async () => {
    const registry = new Registry();
    const m = createCanaryMetrics(registry);
    m.observe(
      'shop',
      'checkout',
      status({
        canaryWeight: 30,
        failedChecks: 1,
        metrics: [measurement('error-rate', 3, 'Fail'), measurement('error-rate', 0.5, 'Pass')],
      }),
    );
    const text = await registry.metrics();
    const labels = 'namespace="shop",name="checkout"';
    expect(text).toContain(`fledge_canary_weight{${labels}} 30`);
    expect(text).toContain(`fledge_canary_failed_checks{${labels}} 1`);
    expect(text).toContain(`fledge_canary_phase{${labels},phase="Progressing"} 1`);
    expect(text).toContain(`fledge_canary_phase{${labels},phase="Succeeded"} 0`);
    // The last measurement of a check wins.
    expect(text).toContain(`fledge_analysis_value{${labels},check="error-rate"} 0.5`);
    expect(text).toContain(`fledge_canary_metric_value{${labels},metric="error-rate"} 0.5`);
    expect(text).toContain(`fledge_analysis_verdict{${labels},check="error-rate",verdict="Pass"} 1`);
    expect(text).toContain(`fledge_analysis_verdict{${labels},check="error-rate",verdict="Fail"} 0`);
  });

  it('drops a value that was not measured, and every series of a forgotten canary', async () => {
    const registry = new Registry();
    const m = createCanaryMetrics(registry);
    m.observe('shop', 'checkout', status({ metrics: [measurement('latency', 120, 'Pass')] }));
    m.observe('shop', 'checkout', status({ metrics: [measurement('latency', undefined, 'NoData')] }));
    let text = await registry.metrics();
    expect(text).not.toMatch(/fledge_canary_metric_value\{[^}]*metric="latency"/);
    expect(text).toContain('verdict="NoData"} 1');
    m.forget('shop', 'checkout');
    text = await registry.metrics();
    expect(text).not.toContain('name="checkout"');
  });
});
