/**
 * One reconcile per flag set per burst: creating hundreds of flags of a set
 * at once ends in a handful of ConfigMap writes, not one per flag; and a
 * later change to one flag writes the status of that flag only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient } from '../../../src/kube/client.js';
import type { WatchStream } from '../../../src/kube/rest.js';
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

const N = 200;
let client: KubeClient;
let ns: string;
let op: Operator;

beforeAll(async () => {
  client = bedClient();
  ns = await createNamespace(client, 'flags-burst');
  op = await startFlagOperator(ns);
});

afterAll(async () => {
  await op?.stop();
  await deleteNamespace(client, ns);
  client.close();
});

describe('a burst of flag changes', () => {
  it('coalesces into few ConfigMap writes, and status writes only where status changed', async () => {
    const flags = featureFlags(client);
    const cms = configMaps(client);
    const writes: string[] = [];
    const list = await cms.list(ns);
    const stream: WatchStream = await cms.watch(ns, { resourceVersion: list.resourceVersion }, (e) => {
      if (e.type === 'ADDED' || e.type === 'MODIFIED') writes.push(e.type);
    });
    try {
      const names = Array.from({ length: N }, (_, i) => `f-${String(i).padStart(3, '0')}`);
      for (let i = 0; i < N; i += 20)
        await Promise.all(
          names
            .slice(i, i + 20)
            .map((n) => flags.create(boolFlag(ns, n, 'burst', { rollout: { percentage: 5 } }))),
        );
      await eventually(
        async () => {
          const cm = await cms.get(ns, 'fledge-flags-burst');
          const doc = JSON.parse(cm.data?.['flags.json'] ?? '{}') as { flags?: object };
          return Object.keys(doc.flags ?? {}).length === N;
        },
        60_000,
        `all ${N} flags published`,
      );
      await eventually(
        async () => (await flags.list(ns)).items.every((f) => ready(f)?.status === 'True'),
        60_000,
        `all ${N} flags Ready`,
      );
      expect(writes.length).toBeGreaterThan(0);
      expect(writes.length).toBeLessThan(N / 4);

      const before = new Map(
        (await flags.list(ns)).items.map((f) => [f.metadata?.name, f.metadata?.resourceVersion]),
      );
      await flags.patch(ns, 'f-007', { spec: { rollout: { percentage: 50 } } });
      await eventually(
        async () => (await flags.get(ns, 'f-007')).status?.rollout?.percentage === 50,
        30_000,
        'f-007 published at 50 %',
      );
      await new Promise((r) => setTimeout(r, 1000));
      const changed = (await flags.list(ns)).items
        .filter((f) => before.get(f.metadata?.name) !== f.metadata?.resourceVersion)
        .map((f) => f.metadata?.name);
      expect(changed).toEqual(['f-007']);
    } finally {
      stream.abort();
    }
  });
});
