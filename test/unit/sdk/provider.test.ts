import { OpenFeature, ProviderEvents } from '@openfeature/server-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { FledgeProvider } from '../../../src/sdk/provider.js';
import { memorySource } from '../../../src/sdk/sources/memory.js';
import type { FlagdConfig } from '../../../src/sdk/types.js';

const config = (color: string): FlagdConfig => ({
  flags: {
    color: { state: 'ENABLED', variants: { red: 'red', blue: 'blue' }, defaultVariant: color },
    beta: {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      targeting: { if: [{ '==': [{ var: 'plan' }, 'pro'] }, 'on', null] },
    },
    limit: { state: 'ENABLED', variants: { low: 10 }, defaultVariant: 'low' },
    theme: { state: 'ENABLED', variants: { dark: { bg: '#000' } }, defaultVariant: 'dark' },
    off: { state: 'DISABLED', variants: { on: true }, defaultVariant: 'on' },
  },
});

describe('FledgeProvider with the OpenFeature server SDK', () => {
  afterEach(async () => {
    await OpenFeature.close();
  });

  it('is Ready after the first load and resolves every type', async () => {
    const source = memorySource(config('red'));
    await OpenFeature.setProviderAndWait(new FledgeProvider({ source, metrics: false }));
    const client = OpenFeature.getClient();
    expect(await client.getStringValue('color', 'x')).toBe('red');
    expect(await client.getBooleanDetails('beta', false, { targetingKey: 'u', plan: 'pro' })).toMatchObject({
      value: true,
      variant: 'on',
      reason: 'TARGETING_MATCH',
    });
    expect(await client.getBooleanDetails('beta', true, {})).toMatchObject({
      value: false,
      reason: 'DEFAULT',
    });
    expect(await client.getNumberValue('limit', 0)).toBe(10);
    expect(await client.getObjectValue('theme', {})).toEqual({ bg: '#000' });
    expect(await client.getBooleanDetails('off', false)).toMatchObject({ value: false, reason: 'DISABLED' });
    expect(await client.getBooleanDetails('missing', true)).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    });
    expect(await client.getNumberDetails('color', 1)).toMatchObject({ value: 1, errorCode: 'TYPE_MISMATCH' });
  });

  it('emits ConfigurationChanged with the changed keys', async () => {
    const source = memorySource(config('red'));
    await OpenFeature.setProviderAndWait(new FledgeProvider({ source, metrics: false }));
    const client = OpenFeature.getClient();
    const changed = new Promise<string[] | undefined>((resolve) =>
      client.addHandler(ProviderEvents.ConfigurationChanged, (e) => resolve(e?.flagsChanged)),
    );
    source.set(config('blue'));
    expect(await changed).toEqual(['color']);
    expect(await client.getStringValue('color', 'x')).toBe('blue');
  });

  it('track() with a flag in the details counts a conversion', async () => {
    const { Registry } = await import('prom-client');
    const registry = new Registry();
    await OpenFeature.setProviderAndWait(
      new FledgeProvider({ source: memorySource(config('red')), metrics: { registry } }),
    );
    OpenFeature.getClient().track('checkout', { targetingKey: 'u', plan: 'pro' }, { flag: 'beta' });
    const metric = (await registry.getMetricsAsJSON()).find(
      (m) => m.name === 'fledge_flag_conversions_total',
    );
    expect(metric?.values).toEqual([
      { value: 1, labels: { flag: 'beta', variant: 'on', event: 'checkout' } },
    ]);
  });
});
