import { describe, expect, it } from 'vitest';
import { createClient } from '../../../../src/sdk/client.js';
import { memorySource } from '../../../../src/sdk/sources/memory.js';
import type { FlagdConfig } from '../../../../src/sdk/types.js';

const config = (variant: string): FlagdConfig => ({
  flags: { color: { state: 'ENABLED', variants: { red: 'red', blue: 'blue' }, defaultVariant: variant } },
});

describe('MemorySource', () => {
  it('serves an object, then replacements; an invalid one is rejected and the last good stays', async () => {
    const source = memorySource(config('red'));
    const client = createClient({ source, metrics: false });
    await client.ready();
    expect(client.stringValue('color', 'x')).toBe('red');

    const changes: string[][] = [];
    const errors: string[] = [];
    client.on('change', (e) => changes.push(e.flagsChanged));
    client.on('error', (e) => errors.push(e.message));

    source.set(config('blue'));
    source.set({ flags: { color: { state: 'ENABLED', variants: { red: 'red' }, defaultVariant: 'green' } } });
    source.set(JSON.stringify(config('blue')));
    expect(client.stringValue('color', 'x')).toBe('blue');
    expect(changes).toEqual([['color'], []]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/memory: new flags rejected.*default variant 'green'/);
    await client.close();
  });
});
