import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { FledgeClient } from '../../../../src/sdk/client.js';
import { createClient } from '../../../../src/sdk/client.js';
import { fileSource } from '../../../../src/sdk/sources/file.js';
import { KubeletVolume } from './kubelet-volume.js';

const flags = (on: boolean): string =>
  JSON.stringify({
    flags: {
      checkout: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: on ? 'on' : 'off' },
    },
  });

/** Waits for an event, failing after 10 s instead of hanging the run. */
async function next<T>(client: FledgeClient, event: 'change' | 'error'): Promise<T> {
  const [value] = (await once(client, event, { signal: AbortSignal.timeout(10_000) })) as [T];
  return value;
}

describe('FileSource on a kubelet-style ConfigMap volume', () => {
  let volume: KubeletVolume | undefined;
  let client: FledgeClient | undefined;
  afterEach(async () => {
    await client?.close();
    await volume?.remove();
  });

  it('follows ..data symlink swaps and keeps the last good flags on bad JSON', async () => {
    volume = await KubeletVolume.create(flags(false));
    client = createClient({
      source: fileSource({ path: volume.path, pollIntervalMs: 0, debounceMs: 5 }),
      metrics: false,
    });
    await client.ready();
    expect(client.booleanValue('checkout', true)).toBe(false);

    let changed = next<{ flagsChanged: string[] }>(client, 'change');
    await volume.update(flags(true));
    expect((await changed).flagsChanged).toEqual(['checkout']);
    expect(client.booleanValue('checkout', false)).toBe(true);

    const failed = next<Error>(client, 'error');
    await volume.update('{"flags": {');
    expect((await failed).message).toMatch(
      /new flags rejected, keeping the last good ones: flags.json is not valid JSON/,
    );
    expect(client.booleanValue('checkout', false)).toBe(true);

    changed = next(client, 'change');
    await volume.update(flags(false));
    await changed;
    expect(client.booleanValue('checkout', true)).toBe(false);
  });

  it('reports a missing file and loads it once it appears (polling)', async () => {
    volume = await KubeletVolume.create(flags(true));
    const path = `${volume.dir}/later/flags.json`;
    client = createClient({
      source: fileSource({ path, pollIntervalMs: 20, debounceMs: 1 }),
      metrics: false,
    });
    const err = await next<Error>(client, 'error');
    expect(err.message).toMatch(/^file:.*later\/flags.json: cannot read/);
    expect(client.isReady).toBe(false);
    expect(client.booleanDetails('checkout', false).errorCode).toBe('PROVIDER_NOT_READY');
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(`${volume.dir}/later`);
    await writeFile(path, flags(true));
    await client.ready();
    expect(client.booleanValue('checkout', false)).toBe(true);
  });
});
