import { afterEach, describe, expect, it } from 'vitest';
import { Informer } from '../../../src/kube/informer.js';
import type { KubeObject } from '../../../src/kube/resource-client.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { FakeClock, flush } from './fake-clock.js';
import { FakeSource } from './fake-source.js';

function record(inf: Informer<KubeObject>): string[] {
  const log: string[] = [];
  inf.on({
    add: (o) => log.push(`add ${o.metadata?.name}`),
    update: (a, b) => log.push(`update ${b.metadata?.name}${a === b ? ' (resync)' : ''}`),
    delete: (o) => log.push(`delete ${o.metadata?.name}`),
  });
  return log;
}

let informers: Informer<KubeObject>[] = [];
afterEach(async () => {
  await Promise.all(informers.map((i) => i.stop()));
  informers = [];
});

function make(
  src: FakeSource,
  clock: FakeClock,
  extra: { resyncPeriodMs?: number; namespaces?: string[] } = {},
) {
  const inf = new Informer(src, {
    logger: silentLogger(),
    clock,
    backoffBaseMs: 100,
    backoffMaxMs: 1600,
    ...extra,
  });
  informers.push(inf);
  return inf;
}

describe('Informer', () => {
  it('lists, then watches from the listed resourceVersion with bookmarks, and keeps the cache current', async () => {
    const src = new FakeSource();
    src.put('a');
    const clock = new FakeClock();
    const inf = make(src, clock);
    const log = record(inf);
    expect(inf.hasSynced()).toBe(false);
    inf.start();
    await inf.waitForSync();
    await flush();
    expect(src.current.opts.resourceVersion).toBe('11');
    expect(src.current.opts.allowWatchBookmarks).toBe(true);
    src.current.send({
      type: 'ADDED',
      object: { metadata: { name: 'b', namespace: 'default', resourceVersion: '12' } },
    });
    src.current.send({
      type: 'MODIFIED',
      object: { metadata: { name: 'a', namespace: 'default', resourceVersion: '13' } },
    });
    src.current.send({
      type: 'DELETED',
      object: { metadata: { name: 'b', namespace: 'default', resourceVersion: '14' } },
    });
    expect(log).toEqual(['add a', 'add b', 'update a', 'delete b']);
    expect(inf.get('default', 'a')?.metadata?.resourceVersion).toBe('13');
    expect(inf.get('default', 'b')).toBeUndefined();
    expect(inf.list().map((o) => o.metadata?.name)).toEqual(['a']);
  });

  it('re-watches from the last resourceVersion seen (bookmarks included) when the stream ends', async () => {
    const src = new FakeSource();
    const clock = new FakeClock();
    const inf = make(src, clock);
    inf.start();
    await inf.waitForSync();
    await flush();
    src.current.send({
      type: 'ADDED',
      object: { metadata: { name: 'x', namespace: 'default', resourceVersion: '20' } },
    });
    src.current.send({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '25' } } });
    await clock.advance(5000); // a watch that lived a while
    src.current.end();
    await flush();
    expect(src.watches).toHaveLength(2);
    expect(src.current.opts.resourceVersion).toBe('25');
    expect(src.lists).toHaveLength(1); // no relist for a normal end
  });

  it('relists on 410 Gone and synthesizes deletes for objects gone in the gap', async () => {
    const src = new FakeSource();
    src.put('stays');
    src.put('goes');
    const clock = new FakeClock();
    const inf = make(src, clock);
    const log = record(inf);
    inf.start();
    await inf.waitForSync();
    await flush();
    // While we were not looking: one object deleted, one changed, one created.
    src.objects.delete('default/goes');
    src.put('stays');
    src.put('new');
    src.current.send({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' },
    });
    await flush();
    expect(src.lists).toHaveLength(2);
    expect(log).toEqual(['add stays', 'add goes', 'update stays', 'add new', 'delete goes']);
    expect(src.current.opts.resourceVersion).toBe(String(src.rv));
    expect(
      inf
        .list()
        .map((o) => o.metadata?.name)
        .sort(),
    ).toEqual(['new', 'stays']);
  });

  it('a 410 right after a relist backs off instead of relisting in a loop', async () => {
    const src = new FakeSource();
    const clock = new FakeClock();
    const inf = make(src, clock);
    inf.start();
    await inf.waitForSync();
    const gone = { type: 'ERROR' as const, object: { code: 410, reason: 'Expired' } };
    src.current.send(gone);
    await flush();
    expect(src.lists).toHaveLength(2); // first 410: relist at once
    src.current.send(gone);
    await flush();
    expect(src.lists).toHaveLength(2); // second in a row: wait first
    await clock.advance(100);
    expect(src.lists).toHaveLength(3);
  });

  it('backs off exponentially on errors instead of spinning', async () => {
    const src = new FakeSource();
    src.listError = new Error('connection refused');
    const clock = new FakeClock();
    const inf = make(src, clock);
    inf.start();
    await flush();
    expect(src.lists).toHaveLength(1);
    const gaps: number[] = [];
    for (let i = 0; i < 6; i++) {
      const gap = clock.nextTimerIn() ?? -1;
      gaps.push(gap);
      await clock.advance(gap);
    }
    expect(gaps).toEqual([100, 200, 400, 800, 1600, 1600]);
    expect(src.lists).toHaveLength(7);
    expect(inf.hasSynced()).toBe(false);
    src.listError = undefined;
    await clock.advance(1600);
    expect(inf.hasSynced()).toBe(true);
  });

  it('treats a watch that closes at once with nothing as an error (no hot loop)', async () => {
    const src = new FakeSource();
    const clock = new FakeClock();
    const inf = make(src, clock);
    inf.start();
    await inf.waitForSync();
    await flush();
    src.current.end();
    await flush();
    expect(src.watches).toHaveLength(1);
    await clock.advance(100);
    expect(src.watches).toHaveLength(2);
  });

  it('resyncs every cached object as an update on the period', async () => {
    const src = new FakeSource();
    src.put('a');
    src.put('b');
    const clock = new FakeClock();
    const inf = make(src, clock, { resyncPeriodMs: 60_000 });
    const log = record(inf);
    inf.start();
    await inf.waitForSync();
    await clock.advance(60_000);
    expect(log).toEqual(['add a', 'add b', 'update a (resync)', 'update b (resync)']);
  });

  it('watches each namespace separately and syncs when all have listed', async () => {
    const src = new FakeSource();
    src.put('a', 'one');
    src.put('b', 'two');
    src.put('c', 'three');
    const clock = new FakeClock();
    const inf = make(src, clock, { namespaces: ['one', 'two'] });
    inf.start();
    await inf.waitForSync();
    expect(src.lists.sort()).toEqual(['one', 'two']);
    expect(
      inf
        .list()
        .map((o) => o.metadata?.name)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(inf.list('two').map((o) => o.metadata?.name)).toEqual(['b']);
  });

  it('stop() ends the watch and the loop', async () => {
    const src = new FakeSource();
    const clock = new FakeClock();
    const inf = make(src, clock);
    inf.start();
    await inf.waitForSync();
    await flush();
    await inf.stop();
    expect(src.current.ended).toBe(true);
    await clock.advance(100_000);
    expect(src.watches).toHaveLength(1);
    expect(src.lists).toHaveLength(1);
  });

  it('survives a throwing handler', async () => {
    const src = new FakeSource();
    src.put('a');
    const clock = new FakeClock();
    const inf = make(src, clock);
    inf.on({
      add: () => {
        throw new Error('handler bug');
      },
    });
    const log = record(inf);
    inf.start();
    await inf.waitForSync();
    expect(log).toEqual(['add a']);
  });
});
