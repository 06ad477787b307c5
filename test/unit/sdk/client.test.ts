import { describe, expect, it } from 'vitest';
import { createClient, FledgeClient } from '../../../src/sdk/client.js';
import { memorySource } from '../../../src/sdk/sources/memory.js';
import type { FlagSource } from '../../../src/sdk/sources/types.js';

const config = {
  flags: {
    'new-checkout': {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      targeting: {
        if: [
          { ends_with: [{ var: 'email' }, '@company.com'] },
          'on',
          { in: [{ var: 'plan' }, ['premium']] },
          'on',
          { in: [{ var: 'targetingKey' }, ['user-123', 'user-456']] },
          'on',
          {
            fractional: [
              ['on', 10],
              ['off', 90],
            ],
          },
        ],
      },
    },
    color: { state: 'ENABLED', variants: { red: 'red' }, defaultVariant: 'red' },
    limit: { state: 'ENABLED', variants: { low: 10 }, defaultVariant: 'low' },
    theme: { state: 'ENABLED', variants: { dark: { bg: '#000' } }, defaultVariant: 'dark' },
  },
};

describe('FledgeClient', () => {
  it('evaluates the design example (staff, premium, listed users, 10 % rollout)', async () => {
    const client = createClient({ source: memorySource(config as never), metrics: false });
    await client.ready();
    expect(
      client.booleanDetails('new-checkout', false, { targetingKey: 'x', email: 'ann@company.com' }),
    ).toEqual({ value: true, variant: 'on', reason: 'TARGETING_MATCH' });
    expect(client.booleanValue('new-checkout', false, { targetingKey: 'x', plan: 'premium' })).toBe(true);
    expect(client.booleanValue('new-checkout', false, { targetingKey: 'user-456' })).toBe(true);
    expect(client.booleanDetails('new-checkout', true, {}).reason).toBe('DEFAULT');
    expect(client.booleanDetails('new-checkout', true, {}).value).toBe(false);
    await client.close();
  });

  it('typed getters and evaluate() check the type against the default', async () => {
    const client = createClient({ source: memorySource(config as never), metrics: false });
    await client.ready();
    expect(client.stringValue('color', 'x')).toBe('red');
    expect(client.numberValue('limit', 0)).toBe(10);
    expect(client.objectValue('theme', {})).toEqual({ bg: '#000' });
    expect(client.evaluate('limit', 1).value).toBe(10);
    expect(client.evaluate('limit', 'x')).toMatchObject({
      value: 'x',
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
    });
    expect(client.numberDetails('color', 7)).toMatchObject({ value: 7, errorCode: 'TYPE_MISMATCH' });
    expect(client.objectDetails('limit', { d: 1 })).toMatchObject({
      value: { d: 1 },
      errorCode: 'TYPE_MISMATCH',
    });
    expect(client.flagKeys()).toEqual(['new-checkout', 'color', 'limit', 'theme']);
    await client.close();
  });

  it('answers PROVIDER_NOT_READY with the default before the first config', () => {
    const never: FlagSource = {
      name: 'never',
      start: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    const client = new FledgeClient({ source: never, metrics: false });
    expect(client.booleanDetails('x', true)).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: 'PROVIDER_NOT_READY',
    });
    expect(client.isReady).toBe(false);
  });

  it('reports a source that fails to start through the error event', async () => {
    const broken: FlagSource = {
      name: 'broken',
      start: () => Promise.reject(new Error('boom')),
      close: () => Promise.resolve(),
    };
    const client = createClient({ source: broken, metrics: false });
    const err = await new Promise<Error>((resolve) => client.on('error', resolve));
    expect(err.message).toBe('boom');
  });

  it('reportSplit: SPLIT for a fractional choice', async () => {
    const client = createClient({ source: memorySource(config as never), metrics: false, reportSplit: true });
    await client.ready();
    expect(client.booleanDetails('new-checkout', false, { targetingKey: 'someone' }).reason).toBe('SPLIT');
    expect(client.booleanDetails('new-checkout', false, { targetingKey: 'user-123' }).reason).toBe(
      'TARGETING_MATCH',
    );
    await client.close();
  });
});
