import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeClient } from '../../../src/kube/client.js';
import { Informer } from '../../../src/kube/informer.js';
import type { ListResult } from '../../../src/kube/resource-client.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { components } from '../../support/testbed.js';
import {
  bedClient,
  compactEtcd,
  configMaps,
  type ConfigMap,
  createNamespace,
  deleteNamespace,
  eventually,
} from './bed.js';

let client: KubeClient;
let ns: string;

beforeAll(async () => {
  client = bedClient();
  ns = await createNamespace(client, 'informer');
});

afterAll(async () => {
  await deleteNamespace(client, ns);
  client.close();
});

/** The real ConfigMap client, counting its LISTs so the test can see relists happen. */
function countingSource(c: KubeClient) {
  const real = configMaps(c);
  const lists: number[] = [];
  const source = {
    kind: real.kind,
    list: async (
      namespace: string | undefined,
      opts: { labelSelector?: string },
    ): Promise<ListResult<ConfigMap>> => {
      const r = await real.list(namespace, opts);
      lists.push(Date.now());
      return r;
    },
    watch: real.watch.bind(real),
  };
  return { source, lists };
}

describe('Informer against the real apiserver', () => {
  it('lists, watches, and follows adds, updates and deletes', async () => {
    const cms = configMaps(client);
    await cms.create({ metadata: { name: 'pre', namespace: ns, labels: { t: 'basic' } }, data: { v: '1' } });
    const events: string[] = [];
    const inf = new Informer(configMaps(client), {
      namespaces: [ns],
      labelSelector: 't=basic',
      logger: silentLogger(),
    });
    inf.on({
      add: (o) => events.push(`add ${o.metadata?.name}`),
      update: (_a, b) => events.push(`update ${b.metadata?.name}`),
      delete: (o) => events.push(`delete ${o.metadata?.name}`),
    });
    inf.start();
    try {
      await inf.waitForSync();
      expect(inf.get(ns, 'pre')).toBeDefined();
      await cms.create({ metadata: { name: 'new', namespace: ns, labels: { t: 'basic' } } });
      await cms.patch(ns, 'pre', { data: { v: '2' } });
      await cms.delete(ns, 'new');
      await cms.create({ metadata: { name: 'other', namespace: ns, labels: { t: 'unrelated' } } });
      await eventually(() => events.includes('delete new'), 10_000, 'the delete event');
      expect(events).toEqual(['add pre', 'add new', 'update pre', 'delete new']);
      expect(inf.get(ns, 'pre')?.data?.v).toBe('2');
      expect(inf.get(ns, 'other')).toBeUndefined();
    } finally {
      await inf.stop();
    }
  });

  it('survives an apiserver restart and a 410 Gone, relisting and catching up on what it missed', async () => {
    const cms = configMaps(client);
    await cms.create({ metadata: { name: 'keep', namespace: ns, labels: { t: 'gone' } } });
    await cms.create({ metadata: { name: 'doomed', namespace: ns, labels: { t: 'gone' } } });
    const { source, lists } = countingSource(client);
    // A long, fixed backoff leaves a window after the restart in which the
    // informer is blind: what happens then can only reach it through a relist.
    const inf = new Informer(source, {
      namespaces: [ns],
      labelSelector: 't=gone',
      logger: silentLogger(),
      backoffBaseMs: 4000,
      backoffMaxMs: 4000,
    });
    const deleted: string[] = [];
    const added: string[] = [];
    inf.on({
      delete: (o) => deleted.push(o.metadata?.name ?? ''),
      add: (o) => added.push(o.metadata?.name ?? ''),
    });
    inf.start();
    try {
      await inf.waitForSync();
      expect(lists).toHaveLength(1);
      const { resourceVersion: oldRv } = await cms.list(ns);
      // Move the store on without touching the watched objects: the informer's
      // resourceVersion falls behind. Then compact etcd so that it is gone.
      for (let i = 0; i < 5; i++) await cms.create({ metadata: { name: `noise-${i}`, namespace: ns } });
      await compactEtcd();
      await components.apiserver.restart();
      // In the blind window: one watched object goes away, one appears.
      await cms.delete(ns, 'doomed');
      await cms.create({ metadata: { name: 'born', namespace: ns, labels: { t: 'gone' } } });
      // What the informer meets: a watch from before the compaction is 410 Gone.
      const first = await new Promise<{ type: string; code?: number }>((resolve, reject) => {
        cms
          .watch(ns, { resourceVersion: oldRv }, (e) =>
            resolve({ type: e.type, code: (e.object as { code?: number }).code }),
          )
          .then((w) => {
            void w.done.then(() => reject(new Error('watch ended without an event')), reject);
            setTimeout(() => w.abort(), 10_000);
          }, reject);
      });
      expect(first).toEqual({ type: 'ERROR', code: 410 });
      await eventually(
        () => deleted.includes('doomed') && added.includes('born'),
        60_000,
        'the informer to catch up after the restart',
      );
      expect(lists.length).toBeGreaterThanOrEqual(2); // it relisted: the watch from its old resourceVersion was 410 Gone
      expect(
        inf
          .list(ns)
          .map((o) => o.metadata?.name)
          .sort(),
      ).toEqual(['born', 'keep']);
      // And it keeps watching afterwards.
      await cms.patch(ns, 'keep', { data: { after: 'restart' } });
      await eventually(
        () => inf.get(ns, 'keep')?.data?.after === 'restart',
        15_000,
        'an update after the restart',
      );
    } finally {
      await inf.stop();
    }
  });
});
