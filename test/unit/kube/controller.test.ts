import { describe, expect, it } from 'vitest';
import { TerminalError } from '../../../src/api/errors.js';
import { Controller, type Reconciler } from '../../../src/kube/controller.js';
import { Informer } from '../../../src/kube/informer.js';
import { controllerRef, ownerKeys, withOwnerReference } from '../../../src/kube/owners.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { createMetrics } from '../../../src/observability/metrics.js';
import { FakeClock, flush } from './fake-clock.js';
import { FakeSource } from './fake-source.js';

function setup(reconcile: Reconciler, onTerminal?: (key: string, err: TerminalError) => void) {
  const clock = new FakeClock();
  const metrics = createMetrics();
  const c = new Controller({
    name: 'test',
    kind: 'Thing',
    reconcile,
    logger: silentLogger(),
    clock,
    metrics,
    workers: 2,
    queue: { qps: 1000, burst: 1000 },
    onTerminalError: onTerminal ? (k, e) => onTerminal(k, e) : undefined,
  });
  return { c, clock, metrics };
}

async function total(metrics: ReturnType<typeof createMetrics>, result: string): Promise<number> {
  const m = await metrics.reconcileTotal.get();
  return m.values.find((v) => v.labels.result === result)?.value ?? 0;
}

describe('Controller', () => {
  it('retries a throwing reconcile with growing backoff until it succeeds', async () => {
    let calls = 0;
    const { c, clock, metrics } = setup(() => {
      calls++;
      return calls < 4 ? Promise.reject(new Error('boom')) : Promise.resolve();
    });
    await c.start();
    c.enqueue('ns/a');
    await flush();
    expect(calls).toBe(1);
    await clock.advance(5);
    expect(calls).toBe(2);
    await clock.advance(9);
    expect(calls).toBe(2); // second backoff is 10 ms
    await clock.advance(1);
    expect(calls).toBe(3);
    await clock.advance(20);
    expect(calls).toBe(4);
    await clock.advance(100_000);
    expect(calls).toBe(4); // succeeded: no more retries
    expect(c.queue.numRequeues('ns/a')).toBe(0); // forgotten on success
    expect(await total(metrics, 'error')).toBe(3);
    expect(await total(metrics, 'success')).toBe(1);
    await c.stop();
  });

  it('does not retry a TerminalError and reports it once', async () => {
    let calls = 0;
    const reported: string[] = [];
    const { c, clock, metrics } = setup(
      () => {
        calls++;
        return Promise.reject(new TerminalError('InvalidSpec', 'spec.x: bad'));
      },
      (key, err) => reported.push(`${key} ${err.reason}`),
    );
    await c.start();
    c.enqueue('ns/a');
    await clock.advance(600_000);
    expect(calls).toBe(1);
    expect(reported).toEqual(['ns/a InvalidSpec']);
    expect(await total(metrics, 'terminal')).toBe(1);
    expect((await metrics.reconcileErrors.get()).values[0]?.value).toBe(1);
    await c.stop();
  });

  it('requeues after requeueAfterMs', async () => {
    const times: number[] = [];
    const { c, clock } = setup(() => {
      times.push(clock.now());
      return Promise.resolve({ requeueAfterMs: 30_000 });
    });
    await c.start();
    c.enqueue('ns/a');
    await clock.advance(95_000);
    expect(times).toEqual([0, 30_000, 60_000, 90_000]);
    await c.stop();
  });

  it('passes a per-reconcile child logger and never runs one key twice at once', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const release: (() => void)[] = [];
    const { c } = setup(async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise<void>((r) => release.push(r));
      inFlight--;
    });
    await c.start();
    c.enqueue('ns/a');
    await flush();
    c.enqueue('ns/a');
    c.enqueue('ns/a');
    await flush();
    expect(release).toHaveLength(1);
    release.shift()?.();
    await flush();
    expect(release).toHaveLength(1); // re-added during processing: runs again, once
    release.shift()?.();
    await flush();
    expect(release).toHaveLength(0);
    expect(maxInFlight).toBe(1);
    await c.stop();
  });

  it('stop() waits for the in-flight reconcile and takes no new work', async () => {
    const finish: (() => void)[] = [];
    const done: string[] = [];
    const { c } = setup(async (key) => {
      await new Promise<void>((r) => finish.push(r));
      done.push(key);
    });
    await c.start();
    c.enqueue('ns/a');
    await flush();
    c.enqueue('ns/b'); // goes to the second worker
    await flush();
    let stopped = false;
    const stopping = c.stop().then(() => (stopped = true));
    await flush();
    expect(stopped).toBe(false);
    expect(finish).toHaveLength(2);
    finish.shift()?.();
    await flush();
    expect(stopped).toBe(false);
    finish.shift()?.();
    await stopping;
    expect(done.sort()).toEqual(['ns/a', 'ns/b']);
    c.enqueue('ns/c');
    await flush();
    expect(done).toHaveLength(2);
  });

  it('watch() enqueues own keys, and owner keys through ownerKeys, waiting for sync before working', async () => {
    const seen: string[] = [];
    const { c, clock } = setup((key) => {
      seen.push(key);
      return Promise.resolve();
    });
    const things = new FakeSource();
    things.put('checkout', 'shop');
    const owned = new FakeSource();
    const owner = {
      apiVersion: 'fledge.dev/v1alpha1',
      kind: 'Canary',
      metadata: { name: 'checkout', namespace: 'shop', uid: 'u1' },
    };
    const thingInf = new Informer(things, { logger: silentLogger(), clock });
    const ownedInf = new Informer(owned, { logger: silentLogger(), clock });
    c.watch(thingInf).watch(ownedInf, ownerKeys('fledge.dev/v1alpha1', 'Canary'));
    thingInf.start();
    const starting = c.start();
    await flush();
    expect(c.hasSynced()).toBe(false);
    ownedInf.start();
    await starting;
    await flush();
    expect(seen).toEqual(['shop/checkout']);
    owned.current.send({
      type: 'ADDED',
      object: withOwnerReference(
        { metadata: { name: 'checkout-primary', namespace: 'shop', resourceVersion: '99' } },
        controllerRef(owner),
      ),
    });
    owned.current.send({
      type: 'ADDED',
      object: { metadata: { name: 'unowned', namespace: 'shop', resourceVersion: '100' } },
    });
    await flush();
    expect(seen).toEqual(['shop/checkout', 'shop/checkout']);
    await c.stop();
    await thingInf.stop();
    await ownedInf.stop();
  });
  it('watch() ignores the updates ignoreUpdate names, but never a resync', async () => {
    const seen: string[] = [];
    const { c, clock } = setup((key) => {
      seen.push(key);
      return Promise.resolve();
    });
    const things = new FakeSource();
    const inf = new Informer(things, { logger: silentLogger(), clock, resyncPeriodMs: 60_000 });
    // "Our own write" here: any version ending in 7.
    c.watch(inf, undefined, {
      ignoreUpdate: (_old, obj) => obj.metadata?.resourceVersion?.endsWith('7') ?? false,
    });
    inf.start();
    await c.start();
    const at = (rv: string) => ({ metadata: { name: 'a', namespace: 'shop', resourceVersion: rv } });
    things.current.send({ type: 'ADDED', object: at('11') });
    await flush();
    expect(seen).toEqual(['shop/a']);
    things.current.send({ type: 'MODIFIED', object: at('17') });
    await flush();
    expect(seen).toEqual(['shop/a']); // ignored
    things.current.send({ type: 'MODIFIED', object: at('18') });
    await flush();
    expect(seen).toEqual(['shop/a', 'shop/a']); // once, though old and new both map to shop/a
    things.current.send({ type: 'MODIFIED', object: at('27') });
    await flush();
    await clock.advance(60_000); // resync: update(obj, obj) of the ignored version
    expect(seen).toEqual(['shop/a', 'shop/a', 'shop/a']);
    await c.stop();
    await inf.stop();
  });
});
