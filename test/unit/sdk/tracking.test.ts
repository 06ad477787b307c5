import { register, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../../src/sdk/client.js';
import { memorySource } from '../../../src/sdk/sources/memory.js';
import { FlagRequestTracking, FlagTracking } from '../../../src/sdk/tracking.js';

const config = {
  flags: {
    exp: {
      state: 'ENABLED',
      variants: { a: 'A', b: 'B' },
      defaultVariant: 'a',
      targeting: { if: [{ '==': [{ var: 'plan' }, 'pro'] }, 'b', null] },
    },
    off: { state: 'DISABLED', variants: { on: true }, defaultVariant: 'on' },
  },
} as const;

async function values(registry: Registry, name: string): Promise<Record<string, number>> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const out: Record<string, number> = {};
  for (const v of metric?.values ?? []) out[Object.values(v.labels).join('|')] = v.value;
  return out;
}

describe('tracking with prom-client', () => {
  it('counts evaluations per flag, variant and reason', async () => {
    const registry = new Registry();
    const client = createClient({ source: memorySource(config), metrics: { registry } });
    await client.ready();
    for (let i = 0; i < 5; i++) client.stringValue('exp', 'x', { plan: 'pro' });
    for (let i = 0; i < 3; i++) client.stringValue('exp', 'x', { plan: 'free' });
    client.booleanValue('exp', false);
    client.booleanValue('off', false);
    client.stringValue('nope', 'x');
    expect(await values(registry, 'fledge_flag_evaluations_total')).toEqual({
      'exp|b|TARGETING_MATCH': 5,
      'exp|a|DEFAULT': 3,
      'exp||ERROR': 1,
      'off||DISABLED': 1,
      'nope||ERROR': 1,
    });
    // Counts are not lost or doubled across scrapes.
    client.stringValue('exp', 'x', { plan: 'pro' });
    expect((await values(registry, 'fledge_flag_evaluations_total'))['exp|b|TARGETING_MATCH']).toBe(6);
    await client.close();
  });

  it('counts exposures separately from evaluations', async () => {
    const registry = new Registry();
    const client = createClient({ source: memorySource(config), metrics: { registry } });
    await client.ready();
    const { variant } = client.stringDetails('exp', 'x', { plan: 'pro' });
    client.stringDetails('exp', 'x', { plan: 'pro' });
    client.expose('exp', variant!);
    expect(await values(registry, 'fledge_flag_exposures_total')).toEqual({ 'exp|b': 1 });
    expect((await values(registry, 'fledge_flag_evaluations_total'))['exp|b|TARGETING_MATCH']).toBe(2);
    await client.close();
  });

  it('attributes conversions to the variant the context gets, without counting an evaluation', async () => {
    const registry = new Registry();
    const client = createClient({ source: memorySource(config), metrics: { registry } });
    await client.ready();
    client.track('exp', 'checkout', { plan: 'pro' });
    client.track('exp', 'checkout', { plan: 'free' });
    client.track('exp', 'checkout', {}, 'b');
    client.track('nope', 'checkout', {});
    expect(await values(registry, 'fledge_flag_conversions_total')).toEqual({
      'exp|b|checkout': 2,
      'exp|a|checkout': 1,
      'nope||checkout': 1,
    });
    expect(await values(registry, 'fledge_flag_evaluations_total')).toEqual({});
    await client.close();
  });

  it('two clients share one registry without double registration', async () => {
    const registry = new Registry();
    const one = createClient({ source: memorySource(config), metrics: { registry } });
    const two = createClient({ source: memorySource(config), metrics: { registry } });
    await Promise.all([one.ready(), two.ready()]);
    one.stringValue('exp', 'x', { plan: 'pro' });
    two.stringValue('exp', 'x', { plan: 'pro' });
    expect((await values(registry, 'fledge_flag_evaluations_total'))['exp|b|TARGETING_MATCH']).toBe(2);
    await one.close();
    await two.close();
  });

  it('metrics: false registers nothing (not even on the global registry)', async () => {
    const client = createClient({ source: memorySource(config), metrics: false });
    await client.ready();
    client.stringValue('exp', 'x');
    expect(register.getSingleMetric('fledge_flag_evaluations_total')).toBeUndefined();
    await client.close();
  });

  it('defaults to the global registry', () => {
    const tracking = new FlagTracking();
    expect(register.getSingleMetric('fledge_flag_evaluations_total')).toBeDefined();
    tracking.close();
    register.clear();
  });
});

describe('FlagRequestTracking', () => {
  it('counts errors and observes durations per flag and variant', async () => {
    const registry = new Registry();
    const requests = new FlagRequestTracking({ registry });
    requests.error('exp', 'b');
    requests.error('exp', 'b');
    requests.duration('exp', 'b', 0.02);
    requests.duration('exp', 'a', 3);
    const text = await registry.metrics();
    expect(text).toContain('fledge_flag_errors_total{flag="exp",variant="b"} 2');
    expect(text).toContain(
      'fledge_flag_request_duration_seconds_bucket{le="0.025",flag="exp",variant="b"} 1',
    );
    expect(text).toContain('fledge_flag_request_duration_seconds_bucket{le="2.5",flag="exp",variant="a"} 0');
    expect(text).toContain('fledge_flag_request_duration_seconds_count{flag="exp",variant="a"} 1');
  });

  it('shares its metrics between instances on one registry', async () => {
    const registry = new Registry();
    new FlagRequestTracking({ registry }).error('exp', 'a');
    new FlagRequestTracking({ registry }).error('exp', 'a');
    expect(await registry.metrics()).toContain('fledge_flag_errors_total{flag="exp",variant="a"} 2');
  });
});
