/**
 * A flag set over 900 KiB is refused as a whole: the last good ConfigMap
 * stays, and every flag of the set says why, naming the size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient } from '../../../src/kube/client.js';
import type { Operator } from '../../../src/main.js';
import {
  bedClient,
  boolFlag,
  configMaps,
  createNamespace,
  deleteNamespace,
  eventually,
  featureFlags,
  ready,
  startFlagOperator,
} from './bed.js';

let client: KubeClient;
let ns: string;
let op: Operator;

beforeAll(async () => {
  client = bedClient();
  ns = await createNamespace(client, 'flags-size');
  op = await startFlagOperator(ns);
});

afterAll(async () => {
  await op?.stop();
  await deleteNamespace(client, ns);
  client.close();
});

/** ~120 KiB of flagd JSON per flag: two 60 KiB string variants. */
const bigFlag = (name: string) => ({
  ...boolFlag(ns, name, 'big'),
  spec: {
    flagSet: 'big',
    variants: { a: 'a'.repeat(60_000), b: 'b'.repeat(60_000) },
    defaultVariant: 'a',
  },
});

describe('the 900 KiB limit of a flag set', () => {
  it('keeps the last good ConfigMap and names the size in every flag’s status', async () => {
    const flags = featureFlags(client);
    const cms = configMaps(client);
    const names = Array.from({ length: 7 }, (_, i) => `big-${i}`);
    for (const n of names) await flags.create(bigFlag(n));
    const published = await eventually(
      async () => {
        const cm = await cms.get(ns, 'fledge-flags-big');
        return names.every((n) => cm.data?.['flags.json']?.includes(`"${n}"`)) ? cm : undefined;
      },
      30_000,
      'seven big flags (~820 KiB) published',
    );
    const good = published.data?.['flags.json'] ?? '';
    expect(Buffer.byteLength(good)).toBeGreaterThan(600 * 1024);

    await flags.create(bigFlag('big-7')); // ~940 KiB with it
    const refused = await eventually(
      async () => {
        const f = await flags.get(ns, 'big-0');
        return ready(f)?.reason === 'FlagSetTooLarge' ? f : undefined;
      },
      30_000,
      'the set to be refused',
    );
    expect(ready(refused)?.status).toBe('False');
    expect(ready(refused)?.message).toMatch(/flag set is \d+\.\d KiB serialised, over the 900\.0 KiB limit/);
    // What is published for big-0 did not change, so its status still says so.
    expect(refused.status?.publishedTo?.configMap).toBe('fledge-flags-big');
    const newcomer = await eventually(
      async () => {
        const f = await flags.get(ns, 'big-7');
        return ready(f)?.reason === 'FlagSetTooLarge' ? f : undefined;
      },
      30_000,
      'the new flag to say why it is not published',
    );
    expect(newcomer.status?.publishedTo).toBeUndefined();
    const after = await cms.get(ns, 'fledge-flags-big');
    expect(after.data?.['flags.json']).toBe(good);
    expect(after.metadata?.resourceVersion).toBe(published.metadata?.resourceVersion);

    await flags.delete(ns, 'big-7');
    await eventually(
      async () => ready(await flags.get(ns, 'big-0'))?.status === 'True',
      30_000,
      'big-0 Ready again once the set fits',
    );
    expect((await cms.get(ns, 'fledge-flags-big')).data?.['flags.json']).toBe(good);
  });
});
