/**
 * The client's value getters (`booleanValue`, `stringValue`, `numberValue`)
 * take a fast path that skips building details; they must return exactly
 * what `…Details(…).value` returns, on every kind of answer.
 */
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../../../src/sdk/client.js';
import { memorySource } from '../../../../src/sdk/sources/memory.js';

const config = {
  flags: {
    bool: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' },
    targeted: {
      state: 'ENABLED',
      variants: { a: 'A', b: 'B' },
      defaultVariant: 'a',
      targeting: { if: [{ '==': [{ var: 'plan' }, 'pro'] }, 'b', null] },
    },
    num: { state: 'ENABLED', variants: { low: 1, high: 2 }, defaultVariant: 'low' },
    off: { state: 'DISABLED', variants: { on: true }, defaultVariant: 'on' },
    broken: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on', targeting: { nope: [1] } },
    throws: {
      state: 'ENABLED',
      variants: { on: true },
      defaultVariant: 'on',
      targeting: { if: [{ '<': [{ var: 'name' }, 5] }, 'on', null] },
    },
    unknown: {
      state: 'ENABLED',
      variants: { on: true },
      defaultVariant: 'on',
      targeting: { if: [true, 'x'] },
    },
  },
};

const keys = [...Object.keys(config.flags), 'missing'];
const contexts = [{}, { plan: 'pro' }, { name: 'bob' }];

describe('value getters ≡ details getters', () => {
  it.each([false, true])('metrics=%s', async (metrics) => {
    const client = createClient({
      source: memorySource(config as never),
      metrics: metrics ? { registry: new Registry() } : false,
    });
    await client.ready();
    for (const key of keys) {
      for (const ctx of contexts) {
        expect(client.booleanValue(key, false, ctx), key).toBe(client.booleanDetails(key, false, ctx).value);
        expect(client.stringValue(key, 'd', ctx), key).toBe(client.stringDetails(key, 'd', ctx).value);
        expect(client.numberValue(key, 0, ctx), key).toBe(client.numberDetails(key, 0, ctx).value);
      }
    }
    await client.close();
  });

  it('before the first config, every getter answers the default', () => {
    const never = { name: 'never', start: () => new Promise<void>(() => {}), close: async () => {} };
    const client = createClient({ source: never, metrics: false });
    expect(client.booleanValue('bool', false)).toBe(false);
    expect(client.stringValue('targeted', 'd')).toBe('d');
    expect(client.numberDetails('num', 7).errorCode).toBe('PROVIDER_NOT_READY');
  });

  it('counts an evaluation through a value getter once, as the details getter does', async () => {
    const registry = new Registry();
    const client = createClient({ source: memorySource(config as never), metrics: { registry } });
    await client.ready();
    client.booleanValue('bool', false);
    client.booleanDetails('bool', false);
    client.stringValue('bool', 'd');
    const text = await registry.metrics();
    expect(text).toMatch(/fledge_flag_evaluations_total\{[^}]*flag="bool"[^}]*variant="on"[^}]*\} 2/);
    await client.close();
  });
});
